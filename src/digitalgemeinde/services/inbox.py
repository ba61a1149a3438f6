"""``GET <Office or tenant>/@inbox``: the inbox of an office, or of all offices of a tenant.

The same filters, search and catalog query as the office's page (``@@inbox``), from
digitalgemeinde.submissions.inbox, but strict: a bad filter is refused with 400 naming the
parameter instead of being ignored. Protected like the page by "Process submission", and the
catalog query is restricted to the requests the user may View.
"""

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.services.params import batch_params
from digitalgemeinde.services.params import refuse
from digitalgemeinde.services.params import single
from digitalgemeinde.services.params import when
from digitalgemeinde.submissions.assignment import NOBODY
from digitalgemeinde.submissions.assignment import inbox_staff
from digitalgemeinde.submissions.assignment import name_of
from digitalgemeinde.submissions.due_dates import is_overdue
from digitalgemeinde.submissions.due_dates import shown_due
from digitalgemeinde.submissions.inbox import ASSIGNED
from digitalgemeinde.submissions.inbox import PAGE_SIZE
from digitalgemeinde.submissions.inbox import SORTS
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import inbox_offices
from digitalgemeinde.submissions.inbox import overdue_total
from digitalgemeinde.submissions.inbox import parse_day
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.inbox import state_totals
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.submissions.workflow import STATES

FILTERS = ("state", "service", "from", "to", "q", "assigned", "overdue", "sort")


def check_workbench(values: dict, staff_ids: set[str], errors: list) -> None:
    """The filters of the clerk's workbench: assigned, overdue, sort."""
    assigned = values["assigned"]
    if assigned and assigned not in ASSIGNED and assigned not in staff_ids:
        errors.append(
            {
                "field": "assigned",
                "message": _(
                    "assigned is me, none or the user id of a member of the inbox's staff."
                ),
            }
        )
    if values["overdue"] not in ("", "0", "1"):
        errors.append({"field": "overdue", "message": _("overdue is 1 (only overdue) or 0.")})
    if values["sort"] not in SORTS:
        errors.append(
            {"field": "sort", "message": _("sort is due (by due date) or empty (newest first).")}
        )


def check_filters(request, service_uids: set[str], staff_ids: set[str] = frozenset()) -> list:
    """The filter parameters that are not valid, as ``{"field", "message"}``."""
    errors: list[dict] = []
    values = {name: single(request, name, errors) for name in FILTERS}
    state = values["state"]
    if state and state not in STATES:
        errors.append(
            {
                "field": "state",
                "message": _(
                    "There is no state ${state}. The states are: ${states}.",
                    mapping={"state": state, "states": ", ".join(STATES)},
                ),
            }
        )
    if values["service"] and values["service"] not in service_uids:
        errors.append(
            {
                "field": "service",
                "message": _(
                    "Unknown service: give the UID of a service of the municipality "
                    "or of its canton."
                ),
            }
        )
    days = {}
    for name in ("from", "to"):
        if not values[name]:
            continue
        days[name] = parse_day(values[name])
        if days[name] is None:
            errors.append(
                {
                    "field": name,
                    "message": _(
                        "${value} is not a date (for example 2026-12-31 or 31.12.2026).",
                        mapping={"value": values[name]},
                    ),
                }
            )
    if days.get("from") and days.get("to") and days["from"] > days["to"]:
        message = _("The start date (from) is after the end date (to).")
        errors += [{"field": "from", "message": message}, {"field": "to", "message": message}]
    check_workbench(values, staff_ids, errors)
    return errors


class InboxGet(JsonService):
    """The requests of the inbox, newest first, with the counts per state."""

    def reply(self):
        service_uids = {service["uid"] for service in service_options(self.context)}
        staff_ids = {member["id"] for member in inbox_staff(inbox_offices(self.context))}
        errors = check_filters(self.request, service_uids, staff_ids)
        b_start, b_size = batch_params(self.request, errors, PAGE_SIZE)
        refuse(errors)
        filters = InboxFilters.from_request(self.request, service_uids)
        if filters.errors:  # the page knows a check the endpoint does not: still refuse
            raise ApiError(400, filters.errors[0])
        results, error = search_inbox(self.context, filters, b_start=b_start, b_size=b_size)
        if error is not None:
            raise field_error("q", _("The search text could not be understood."))
        offices = {
            "/".join(office.getPhysicalPath()): office for office in inbox_offices(self.context)
        }
        result = self.batched(results, lambda brain: self.item(brain, offices))
        result["counts"] = self.counts(offices.values())
        result["overdue"] = overdue_total(list(offices.values()))
        return result

    def item(self, brain, offices: dict) -> dict:
        office = offices.get(brain.getPath().rsplit("/", 1)[0])
        state = brain.review_state
        return {
            "@id": brain.getURL(),
            "reference": brain.reference or brain.getId,
            "review_state": state,
            "state_title": self.translate(STATE_LABELS.get(state, state)),
            "created": when(brain.created),
            "service_title": brain.service_title or "",
            "submitter_email": brain.submitter_email or "",
            **workbench_fields(brain),
            "office": (
                {"@id": office.absolute_url(), "title": office.Title()}
                if office is not None
                else None
            ),
        }

    def counts(self, offices) -> dict[str, int]:
        """Requests per state in the inbox's offices (their conflict-free counters)."""
        return state_totals(offices)


def workbench_fields(brain) -> dict:
    """A request's assignee, due date and whether it is overdue, from catalog metadata."""
    assignee = getattr(brain, "assignee", None)
    assignee = assignee if assignee and assignee != NOBODY else None
    due = shown_due(getattr(brain, "due", None))
    return {
        "assignee": assignee,
        "assignee_name": name_of(assignee) or None,
        "due": when(due),
        "overdue": is_overdue(due, brain.review_state),
    }
