"""Publication dates: whether an item is in its publication period.

A leaf module: it imports nothing of this package, so pages, endpoints and domain code can all
use it.
"""


def in_effect(effective, expires, now) -> bool:
    """Effective by now and not expired, as the catalog's ``effectiveRange`` decides."""
    return (not effective or effective <= now) and (not expires or now <= expires)


# An item without an effective date has a floor date instead: plone.dexterity's FLOOR_DATE
# (``DateTime(1970, 0)``, shown as 31.12.1969 or 01.01.1970 depending on the time zone) in its
# ``effective`` metadata, the year 1000 in older catalogs. Any date before this year is a floor.
FLOOR_YEAR = 1971


def news_date(brain):
    """When a news item came out: its publication date, or its creation date if it has none."""
    effective = brain.effective
    if not effective or not hasattr(effective, "year") or effective.year() < FLOOR_YEAR:
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
