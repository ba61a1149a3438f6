"""Publication dates: whether an item is in its publication period.

A leaf module: it imports nothing of this package, so pages, endpoints and domain code can all
use it.
"""


def in_effect(effective, expires, now) -> bool:
    """Effective by now and not expired, as the catalog's ``effectiveRange`` decides."""
    return (not effective or effective <= now) and (not expires or now <= expires)


# The catalog keeps the effective date of an item that was never published as a floor date in
# the year 1000 (Products.CMFCore's FLOOR_DATE); any year before this one is that floor.
FLOOR_YEAR = 1900


def news_date(brain):
    """When a news item came out: its publication date, or its creation date if it has none."""
    effective = brain.effective
    if effective is None or effective.year() < FLOOR_YEAR:
        return brain.created
    return effective


def latest_news(context, limit: int, **query) -> list:
    """The newest ``limit`` news items inside ``context`` that the viewer may see."""
    from plone import api

    return api.content.find(
        context=context,
        portal_type="News Item",
        sort_on="effective",
        sort_order="descending",
        sort_limit=limit,
        **query,
    )[:limit]
