"""Bulk actions on requests chosen in an inbox: assign them, accept them.

Each request is handled on its own: what is possible is done, what is not is named with the
reason, and the outcome says both in plain words ("3 requests assigned to you", "2 accepted;
not possible for 2829-2026-000003: In progress"). Only requests of the inbox the user may see
are touched; a UID of another inbox or tenant is ignored and named as not found.
"""

from dataclasses import dataclass
from dataclasses import field

from plone import api

from digitalgemeinde import _
from digitalgemeinde.submissions.assignment import AssignmentRefused
from digitalgemeinde.submissions.assignment import assign
from digitalgemeinde.submissions.assignment import name_of
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.processing import ProcessingRefused
from digitalgemeinde.submissions.processing import StepNotPossible
from digitalgemeinde.submissions.processing import take_step
from digitalgemeinde.submissions.workflow import STATE_LABELS

ACTIONS = ("assign", "accept")
LIMIT = 1000  # requests in one bulk action


class BulkRefused(ValueError):
    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Outcome:
    action: str
    done: list = field(default_factory=list)  # references
    refused: list = field(default_factory=list)  # (reference, reason: Message)
    missing: list = field(default_factory=list)  # UIDs not in the inbox

    def messages(self, assignee: str | None = None) -> list:
        """What happened, in plain words: first what was done, then each refusal."""
        count = len(self.done)
        if self.action == "accept":
            first = _("${count} accepted.", mapping={"count": count})
        elif assignee is None:
            first = _("${count} requests no longer assigned.", mapping={"count": count})
        elif assignee == actor_id():
            first = _("${count} requests assigned to you.", mapping={"count": count})
        else:
            first = _(
                "${count} requests assigned to ${person}.",
                mapping={"count": count, "person": name_of(assignee)},
            )
        return [first, *refusals(self.refused, self.missing)]


def refusals(refused: list, missing: list) -> list:
    """The messages of a bulk action's refusals: each refused request with its reason, then
    how many of the chosen ones were not in the inbox."""
    messages = [
        _("${reference}: ${reason}", mapping={"reference": reference, "reason": reason})
        for reference, reason in refused
    ]
    if missing:
        messages.append(
            _(
                "${count} chosen requests are not in this inbox: nothing done with them.",
                mapping={"count": len(missing)},
            )
        )
    return messages


def chosen(inbox, uids: list[str]) -> tuple[list, list[str]]:
    """The requests of ``inbox`` with these UIDs that the user may see, by reference; and
    the UIDs that are none of them."""
    if not uids:
        raise BulkRefused(_("Choose the requests first."))
    if len(uids) > LIMIT:
        raise BulkRefused(_("At most 1000 requests at once."))
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.searchResults(
        UID=list(uids),
        portal_type="Submission",
        path="/".join(inbox.getPhysicalPath()),
        show_inactive=True,
        sort_on="getId",
    )
    found = [brain.getObject() for brain in brains]
    known = {brain.UID for brain in brains}
    return found, [uid for uid in uids if uid not in known]


def bulk_assign(inbox, uids: list[str], userid: str | None) -> Outcome:
    """Assign the chosen requests to ``userid`` (None: to nobody)."""
    requests, missing = chosen(inbox, uids)
    outcome = Outcome("assign", missing=missing)
    for submission in requests:
        try:
            assign(submission, userid)
        except AssignmentRefused as refused:
            outcome.refused.append((submission.reference, refused.message))
        else:
            outcome.done.append(submission.reference)
    return outcome


def bulk_accept(inbox, uids: list[str]) -> Outcome:
    """Accept the chosen requests (submitted → in progress); name those where it is not
    possible, with their state."""
    requests, missing = chosen(inbox, uids)
    outcome = Outcome("accept", missing=missing)
    for submission in requests:
        try:
            take_step(submission, "accept")
        except StepNotPossible as refused:
            label = STATE_LABELS.get(refused.state, refused.state)
            outcome.refused.append(
                (
                    submission.reference,
                    _("not possible in the state ${state}.", mapping={"state": label}),
                )
            )
        except ProcessingRefused as refused:
            outcome.refused.append((submission.reference, refused.message))
        else:
            outcome.done.append(submission.reference)
    return outcome
