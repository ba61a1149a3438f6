"""The clerk's workbench in the inbox: the assignee, due-date and overdue columns of a row, and
the count of overdue requests beside the counts per state."""

from urllib.parse import urlencode

from digitalgemeinde import _
from digitalgemeinde.submissions.assignment import name_of
from digitalgemeinde.submissions.due_dates import is_overdue
from digitalgemeinde.submissions.due_dates import shown_due
from digitalgemeinde.submissions.inbox import inbox_offices
from digitalgemeinde.submissions.inbox import overdue_total
from digitalgemeinde.submissions.values import TIMEZONE


def local_day(value) -> str:
    """``dd.mm.yyyy`` in Swiss time of a DateTime."""
    return value.asdatetime().astimezone(TIMEZONE).strftime("%d.%m.%Y") if value else ""


def workbench_columns(brain) -> dict:
    """A row's assignee (name), due date and whether it is overdue, from catalog metadata."""
    due = shown_due(getattr(brain, "due", None))
    return {
        "assignee": name_of(getattr(brain, "assignee", None)),
        "due": local_day(due),
        "due_iso": due.asdatetime().astimezone(TIMEZONE).date().isoformat() if due else "",
        "overdue": is_overdue(due, brain.review_state),
    }


def overdue_count_item(view) -> dict:
    """The count of overdue requests, linking to the overdue filter (a catalog query)."""
    return {
        "state": "overdue",
        "label": _("Overdue"),
        "count": overdue_total(inbox_offices(view.context)),
        "url": f"{view.url}?{urlencode({'overdue': '1'})}",
        "active": view.filters.overdue and not view.filters.state,
    }
