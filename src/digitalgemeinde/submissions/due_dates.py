"""Due dates: a request is due a number of working days after it arrived.

The service's ``processing_days`` (inherited from an adopted standard when left empty) gives
the number; working days are Monday to Friday in Europe/Zurich. Whether a request is overdue
changes with time, so it is never stored or counted: ``overdue_criteria`` asks the catalog for
the open requests whose due day lies before today.

A request is due on a day (the inbox shows the day): it is overdue from the day after. The
catalog's ``due_day`` knows each open request by its due day (``20261207``) and every closed
one by one stand-in: a closed request is no longer due. So a question about the overdue ones
only unions the due days of open requests (there are few), not one set per request of the
whole site's history, which made the inbox's overdue count its slowest part.
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
# The catalog's due date of a request without one (metadata ``due``): never overdue.
NO_DUE = DateTime("2500-01-01 00:00 UTC")
# The ``due_day`` of an open request without a due date: after all dated ones when sorting by
# due date, never overdue (None is not indexed, and a sort drops what its index lacks) ...
UNDATED_DAY = 99991230
# ... and of a closed request: no longer due, after all open ones.
CLOSED_DAY = 99991231


def indexed_due(due) -> DateTime:
    return DateTime(due) if due is not None else NO_DUE


def day_key(moment=None) -> int:
    """The day of ``moment`` (a datetime or DateTime; now for None) in Zurich as ``YYYYMMDD``."""
    if moment is None:
        moment = datetime.now(UTC)
    elif isinstance(moment, DateTime):
        moment = moment.asdatetime()
    day = moment.astimezone(TIMEZONE).date()
    return day.year * 10000 + day.month * 100 + day.day


def indexed_due_day(due, closed: bool) -> int:
    """The catalog's ``due_day`` of a request (see the module's description)."""
    if closed:
        return CLOSED_DAY
    return day_key(due) if due is not None else UNDATED_DAY


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
    """Open and its due day (``due`` a datetime or a DateTime) is over."""
    if due is None or state not in OPEN_STATES:
        return False
    return day_key(due) < day_key(now)


def overdue_criteria(now=None) -> dict:
    """The catalog criteria of the overdue requests: open, due on a day before today."""
    return {
        "review_state": list(OPEN_STATES),
        # YYYYMMDD - 1 is below today and above every earlier day (e.g. 20261200)
        "due_day": {"query": day_key(now) - 1, "range": "max"},
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
