"""Due dates: a request is due a number of working days after it arrived.

The service's ``processing_days`` (inherited from an adopted standard when left empty) gives
the number; working days are Monday to Friday in Europe/Zurich. Whether a request is overdue
changes with time, so it is never stored or counted: ``overdue_query`` asks the catalog for
the open requests whose ``due`` (a DateIndex) lies in the past.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from DateTime import DateTime
from plone import api

from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.submissions.values import TIMEZONE
from digitalgemeinde.submissions.workflow import CLOSED_STATES
from digitalgemeinde.submissions.workflow import STATES

OPEN_STATES = tuple(state for state in STATES if state not in CLOSED_STATES)
WEEKEND = (5, 6)  # Saturday, Sunday
# The catalog's due date of a request without one: after all others when sorting by due date,
# never overdue (None is not indexed, and a sort drops what its index lacks).
NO_DUE = DateTime("2500-01-01 00:00 UTC")


def indexed_due(due) -> DateTime:
    return DateTime(due) if due is not None else NO_DUE


def shown_due(value):
    """A due date from the catalog (metadata), None for none."""
    if value is None or not isinstance(value, DateTime) or value >= NO_DUE:
        return None
    return value


def add_working_days(moment: datetime, days: int) -> datetime:
    """``moment`` plus ``days`` working days (Monday to Friday in Zurich), at the same local
    time; in UTC. From a Saturday, one working day is Monday."""
    local = moment.astimezone(TIMEZONE)
    day = local.date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() not in WEEKEND:
            left -= 1
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return naive.replace(tzinfo=TIMEZONE).astimezone(UTC)


def processing_days(service) -> int | None:
    """The service's processing time limit in working days, or None."""
    if service is None:
        return None
    days = effective(service, "processing_days")
    return days if isinstance(days, int) and days > 0 else None


def due_date(service, submitted: datetime) -> datetime | None:
    """When a request for ``service`` submitted at ``submitted`` is due, or None."""
    days = processing_days(service)
    if days is None or submitted is None:
        return None
    return add_working_days(submitted, days)


def is_overdue(due, state: str, now: datetime | None = None) -> bool:
    """Open and past its due date (``due`` a datetime or a DateTime)."""
    if due is None or state not in OPEN_STATES:
        return False
    if isinstance(due, DateTime):
        due = due.asdatetime()
    return due < (now or datetime.now(UTC))


def overdue_criteria(now=None) -> dict:
    """The catalog criteria of the overdue requests: open, due before now."""
    return {
        "review_state": list(OPEN_STATES),
        "due": {"query": DateTime(now) if now is not None else DateTime(), "range": "max"},
    }


def overdue_count(offices) -> int:
    """How many requests of ``offices`` are overdue now (one catalog query, no counter)."""
    paths = ["/".join(office.getPhysicalPath()) for office in offices]
    if not paths:
        return 0
    catalog = api.portal.get_tool("portal_catalog")
    return len(
        catalog.unrestrictedSearchResults(
            path=paths, portal_type="Submission", show_inactive=True, **overdue_criteria()
        )
    )
