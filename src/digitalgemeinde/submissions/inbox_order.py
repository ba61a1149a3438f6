"""The order of an inbox's pages: newest first (the default) or by due day.

Both give the same answer as the catalog's own sort over all matches without sorting all of a
large result, whose first page would otherwise take as long as sorting the office's whole
history (6x that of a small office at 100,000 requests).
"""

from DateTime import DateTime
from ZTUtils.Lazy import LazyMap

# Sorting newest first walks every match (ZCatalog cannot stop early when sorting on two
# indexes), which made the first page of an office with 100,000 requests 6x slower than one
# with 100. A large result is therefore sorted only within a window of its newest days.
WINDOW_FROM = 1000  # matches: below this the catalog's sort is cheap
WINDOW_DAYS = (1, 8, 64, 512, 4096)


def created_bounds(criterion) -> tuple:
    """``(lowest, highest)`` DateTimes of a ``created`` criterion of ``catalog_query``."""
    if not criterion:
        return None, None
    value, kind = criterion["query"], criterion["range"]
    if kind == "min:max":
        return value[0], value[1]
    return (value, None) if kind == "min" else (None, value)


def newest_first(catalog, query: dict, b_start: int, b_size: int):
    """The page ``[b_start, b_start + b_size)`` of ``query``'s results, newest first.

    The same answer as the catalog's own sort (``created`` counts minutes, the id orders one
    minute), without sorting all of a large result: every request created in the last days
    is newer than every one before, so when the newest days hold enough matches for the
    page, the page is theirs. The window widens until it does. The result carries the total
    as ``actual_result_count``, like the catalog's batched results, for the batching.
    """
    total = len(catalog.searchResults(**query))  # no sort: only the indexes' intersection
    sort = {"sort_on": ("created", "getId"), "sort_order": "reverse"}
    needed = b_start + b_size
    lowest, highest = created_bounds(query.get("created"))
    if total >= WINDOW_FROM and needed * 4 <= total:
        end = highest or DateTime()
        for days in WINDOW_DAYS:
            start = end - days
            if lowest is not None and start <= lowest:
                break  # the window holds all the filter allows: no window
            window = {"query": start, "range": "min"}
            if highest is not None:
                window = {"query": [start, highest], "range": "min:max"}
            page = catalog.searchResults(
                **{**query, "created": window}, **sort, b_start=b_start, b_size=b_size
            )
            if page.actual_result_count >= needed:
                page.actual_result_count = total
                return page
    return catalog.searchResults(**query, **sort, b_start=b_start, b_size=b_size)


DUE_ORDER = "due_day"  # one index: sorting on two walked every match (420 ms at 100,000)


def due_first(catalog, query: dict, b_start: int, b_size: int | None):
    """``query``'s results by due day: the open requests first (the earliest due first, those
    without a due date after them), then the closed ones (``submissions.due_dates``); the page
    ``[b_start, b_start + b_size)`` of them, or all for ``b_size`` None.

    Requests due on the same day keep the catalog's order of them (that of their arrival, by
    and large). The catalog only keeps that order on every page when it sorts from the start:
    for a page in the second half it sorts backwards and turns the result round, which turns
    the requests of one day round too, so a page would repeat or skip some. Hence the page is
    cut from the first ``b_start + b_size`` results here.
    """
    if b_size is None:
        return catalog.searchResults(**query, sort_on=DUE_ORDER)
    found = catalog.searchResults(**query, sort_on=DUE_ORDER, b_start=0, b_size=b_start + b_size)
    shown = range(b_start, min(b_start + b_size, len(found)))
    return LazyMap(found.__getitem__, shown, actual_result_count=found.actual_result_count)
