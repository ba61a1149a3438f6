"""When a request form takes requests: its opening and closing dates and its cap.

An editor may set, in the form's settings (``behaviors.request_form``), the moment the form
opens, the moment it closes and how many requests it takes at most (places in a course).
``state(form, now)`` says which holds; the form's page, the service's page and REST
``@submit`` all say the same message.

The cap counts the requests made with the form in a counter of the form (``RequestCount``),
only while the form has a cap: a form without one writes no counter (it would make simultaneous
requests of a form conflict where the turn is not shared). A cap set later counts the requests
made from then on.
``deliver`` checks and counts it inside the request's turn to store (``store_turn``), which
starts from the newest committed state: two submissions for the last place never both pass.
Without the turn (a stuck database, see store_turn) the counter still holds: it is a plain
persistent object that every request writes, with no conflict resolution, so two requests that
counted from the same number conflict, and the retried one counts again and finds the form full.
"""

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime

from persistent import Persistent
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.submissions.values import TIMEZONE

KEY = "digitalgemeinde.request_count"
OPEN = "open"
NOT_YET_OPEN = "not_yet_open"
CLOSED = "closed"
FULL = "full"
DATED = (NOT_YET_OPEN, CLOSED)

MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
}


class RequestCount(Persistent):
    """How many requests were made with one form. Deliberately without
    ``_p_resolveConflict``: two requests that change it at once conflict (see the module)."""

    value = 0


def request_count(form) -> int:
    counter = IAnnotations(form).get(KEY)
    return counter.value if counter is not None else 0


def count_request(form) -> int:
    """Count one more request made with ``form``; the new count."""
    annotations = IAnnotations(form)
    counter = annotations.get(KEY)
    if counter is None:
        counter = annotations[KEY] = RequestCount()
    counter.value += 1
    return counter.value


def language() -> str:
    current = (api.portal.get_current_language() or "de")[:2]
    return current if current in MONTHS else "de"


def long_date(value: datetime, lang: str | None = None) -> str:
    """``1. März 2027, 08:00`` (fr: ``1 mars 2027, 08:00``) in Swiss time."""
    lang = lang or language()
    local = as_aware(value).astimezone(TIMEZONE)
    month = MONTHS[lang].split()[local.month - 1]
    day = f"{local.day}." if lang == "de" else str(local.day)
    return f"{day} {month} {local.year}, {local:%H:%M}"


def as_aware(value: datetime) -> datetime:
    """A date of the settings: the widget stores Swiss wall-clock time without a zone."""
    return value.replace(tzinfo=TIMEZONE) if value.tzinfo is None else value


@dataclass(frozen=True)
class Availability:
    kind: str
    when: datetime | None = None  # the opening (not yet open) or closing (closed) moment

    @property
    def is_open(self) -> bool:
        return self.kind == OPEN

    def message(self) -> Message | None:
        """What the form's page and ``@submit`` say; None when the form is open."""
        if self.kind == NOT_YET_OPEN:
            return _(
                "form_not_yet_open",
                default="This form opens on ${date}. Please come back then.",
                mapping={"date": long_date(self.when)},
            )
        if self.kind == CLOSED:
            return _(
                "form_closed",
                default="This form closed on ${date}. It no longer takes requests.",
                mapping={"date": long_date(self.when)},
            )
        if self.kind == FULL:
            return _(
                "form_full",
                default="This form is fully booked: all places are taken. It no longer "
                "takes requests.",
            )
        return None

    def note(self) -> Message | None:
        """What the service's page says next to the link to the form; None when open."""
        if self.kind == NOT_YET_OPEN:
            return _(
                "form_note_opens",
                default="Online from ${date}",
                mapping={"date": long_date(self.when)},
            )
        if self.kind == CLOSED:
            return _("form_note_closed", default="Deadline passed")
        if self.kind == FULL:
            return _("form_note_full", default="Fully booked")
        return None


def state(form, now: datetime | None = None) -> Availability:
    """Whether ``form`` takes requests at ``now`` (UTC; default: now)."""
    settings = IRequestForm(form, None)
    if settings is None:
        return Availability(OPEN)
    now = now or datetime.now(UTC)
    open_from = getattr(settings, "open_from", None)
    open_until = getattr(settings, "open_until", None)
    if open_from is not None and now < as_aware(open_from):
        return Availability(NOT_YET_OPEN, open_from)
    if open_until is not None and now >= as_aware(open_until):
        return Availability(CLOSED, open_until)
    cap = getattr(settings, "max_requests", None)
    if cap and request_count(form) >= cap:
        return Availability(FULL)
    return Availability(OPEN)
