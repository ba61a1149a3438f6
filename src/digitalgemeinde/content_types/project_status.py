"""ProjectStatus: the association's milestones and the figures computed from the site.

Only the milestones and the parameters of the financing (rate, years, target) are typed in;
participation, inhabitants, financing and coverage are computed (association.figures).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant

from digitalgemeinde import _
from digitalgemeinde.content_types.validation import DetailedError
from digitalgemeinde.interfaces import IProjectStatus

# Milestone states, with the words accepted for them (German, French, English).
MILESTONE_STATES = {
    "planned": ("geplant", "prévu", "planned"),
    "in_progress": ("laufend", "en cours", "in progress"),
    "done": ("erreicht", "erledigt", "atteint", "done"),
}
MILESTONE_STATE_TITLES = {
    "planned": _("planned"),
    "in_progress": _("in progress"),
    "done": _("done"),
}
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class InvalidMilestone(DetailedError):
    message = _(
        "error_milestone",
        default="Milestone ${value}. Write one per line: date | title | state, e.g. "
        "2027-03-31 | Pilot in drei Gemeinden | geplant (states: geplant, laufend, erreicht).",
    )


@dataclass(frozen=True)
class Milestone:
    date: date
    title: str
    state: str


def parse_date(text: str) -> date:
    match = DATE.match(text.strip())
    if not match:
        raise ValueError(text)
    if match.group(1):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return date(int(match.group(6)), int(match.group(5)), int(match.group(4)))


def parse_state(text: str) -> str:
    word = text.strip().lower()
    for state, words in MILESTONE_STATES.items():
        if word in words or word == state:
            return state
    raise ValueError(text)


def parse_milestones(text: str) -> list[Milestone]:
    """The milestones of ``text``, ordered by date; InvalidMilestone names the first bad line."""
    milestones = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[1]:
            raise InvalidMilestone(f"{number} ({line.strip()})")
        try:
            milestones.append(Milestone(parse_date(parts[0]), parts[1], parse_state(parts[2])))
        except ValueError as error:
            raise InvalidMilestone(f"{number} ({line.strip()})") from error
    return sorted(milestones, key=lambda milestone: milestone.date)


class MilestoneLines(schema.Text):
    def _validate(self, value):
        super()._validate(value)
        parse_milestones(value)


class IProjectStatusSchema(model.Schema):
    milestones = MilestoneLines(
        title=_("Milestones"),
        description=_(
            "One per line: date | title | state, e.g. 2027-03-31 | Pilot in drei Gemeinden | "
            "geplant. States: geplant, laufend, erreicht."
        ),
        required=False,
    )
    rate = schema.Decimal(
        title=_("Contribution per inhabitant (CHF)"),
        description=_("Paid each year by the canton and by every municipality, per inhabitant."),
        default=Decimal("2.50"),
        min=Decimal(0),
    )
    first_year = schema.Int(title=_("First year of financing"), default=2026, min=2000, max=2100)
    last_year = schema.Int(title=_("Last year of financing"), default=2029, min=2000, max=2100)
    target_percent = schema.Int(
        title=_("Target: standard services online (%)"),
        description=_("Share of the released standard services each municipality should offer."),
        default=80,
        min=1,
        max=100,
    )

    @invariant
    def years_in_order(data):
        first, last = getattr(data, "first_year", None), getattr(data, "last_year", None)
        if first and last and last < first:
            raise Invalid(_("The last year of financing cannot come before the first."))


@implementer(IProjectStatus)
class ProjectStatus(Item):
    """The project's status page."""

    def milestone_list(self) -> list[Milestone]:
        try:
            return parse_milestones(self.milestones)
        except InvalidMilestone:
            return []
