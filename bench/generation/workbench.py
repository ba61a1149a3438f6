"""The clerk's workbench in the benchmark data: assignees and due dates of generated requests,
and the filtered and sorted inbox pages the harness measures (mine, overdue, by due date),
each checked against a full catalog sort when the site is built."""

import random
from datetime import datetime
from urllib.parse import urlencode

from plone import api

from digitalgemeinde.submissions.due_dates import add_working_days
from digitalgemeinde.submissions.inbox import PAGE_SIZE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox_order import DUE_ORDER

ASSIGNED_SHARE = 0.3  # of the requests, assigned to the inbox's clerk
DAYS = (2, 3, 5, 10, 20)  # processing days of a service without its own
VARIANTS = {
    "mine": {"assigned": "me"},
    "overdue": {"overdue": "1"},
    "due": {"sort": "due"},
}


def fill_in_workbench(submission, processing_days, created: datetime, clerk: str) -> None:
    """The request's due date (its service's processing days, else some) and, for a share,
    the clerk as assignee. Its own random numbers (from its reference): the rest of the data
    stays what it was before due dates existed."""
    rng = random.Random(submission.getId())  # noqa: S311 (test data, not secrets)
    days = processing_days or rng.choice(DAYS)
    submission.set_due(add_working_days(created, days))
    if rng.random() < ASSIGNED_SHARE:
        submission.assign(clerk)


def full_sort(office, filters: InboxFilters) -> list[str]:
    """The first page of ``filters`` by the catalog's own sort over all matches (no window)."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        **filters.catalog_query(),
        "path": "/".join(office.getPhysicalPath()),
        "portal_type": "Submission",
        "show_inactive": True,
    }
    if filters.sort == "due":
        brains = catalog.searchResults(**query, sort_on=DUE_ORDER)
    else:
        brains = catalog.searchResults(**query, sort_on=("created", "getId"), sort_order="reverse")
    return [brain.reference for brain in brains[:PAGE_SIZE]]


def variants(office, path: str, clerk: str) -> dict:
    """Per variant: the page's address, its first page as the inbox shows it, whether that is
    the same as by a full catalog sort, and how many requests match."""
    found = {}
    with api.env.adopt_user(username=clerk):
        for name, params in VARIANTS.items():
            filters = InboxFilters(**_fields(params))
            page, _error = search_inbox(office, filters, b_start=0, b_size=PAGE_SIZE)
            shown = [brain.reference for brain in page]
            found[name] = {
                "url": f"{path}/@@inbox?{urlencode(params)}",
                "rest": f"{path}/@inbox?{urlencode(params)}",
                "first_page": shown,
                "same_as_full_sort": shown == full_sort(office, filters),
                "total": page.actual_result_count,
            }
    return found


def _fields(params: dict) -> dict:
    return {
        "assigned": params.get("assigned", ""),
        "overdue": params.get("overdue") == "1",
        "sort": params.get("sort", ""),
    }
