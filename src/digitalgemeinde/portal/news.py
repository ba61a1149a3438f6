"""The portal's news: the latest news of the cantons and of the association, not those of a
single municipality (its own page shows them)."""

from plone import api

from digitalgemeinde.publication import latest_news

PORTAL_NEWS_SOURCES = ("Canton", "Association")


def news_sources() -> list[str]:
    """Paths of the cantons and the association, found unrestricted: the news in them are
    filtered for the viewer by the news query."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain.getPath()
        for brain in catalog.unrestrictedSearchResults(portal_type=list(PORTAL_NEWS_SOURCES))
    ]


def portal_news(limit: int) -> list:
    """Catalog brains of the ``limit`` newest news items of the cantons and the association
    that the viewer may see, newest first."""
    paths = news_sources()
    if not paths:
        return []
    return latest_news(None, limit, path=paths)
