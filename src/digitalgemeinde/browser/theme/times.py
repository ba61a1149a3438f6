"""Times on Plone's pages in the site's time zone (Europe/Zurich, ``sitesetup``).

Plone formats a time in the zone it was stored with: on a server that runs in UTC, the byline,
the history and the toolbar said 07:15 for a change made at 08:15 in Liestal. Every template
formats through ``@@plone/toLocalizedTime``; ours converts to the site's zone first.
"""

from DateTime import DateTime
from DateTime.interfaces import DateTimeError
from plone import api
from plone.app.layout.viewlets import common as content_views
from Products.CMFPlone.browser.ploneview import Plone
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

DEFAULT_ZONE = "Europe/Zurich"


def site_zone() -> str:
    return api.portal.get_registry_record("plone.portal_timezone", default=None) or DEFAULT_ZONE


def in_site_zone(value):
    """``value`` (a DateTime, datetime, ISO string or seconds) as the site zone's wall-clock
    time; what cannot be read is returned unchanged, for Plone to deal with.

    ``DateTime.strftime`` (which Plone formats with) shows the server's zone whatever zone the
    DateTime is in: the result is the site's wall-clock time in the server's zone."""
    if value is None or value == "" or value == "None":
        return value
    try:
        there = DateTime(value).toZone(site_zone())
    except (DateTimeError, SyntaxError, TypeError, ValueError, KeyError):
        return value
    parts = there.parts()  # year, month, day, hour, minute, second, zone
    return DateTime(*parts[:6])


class PloneView(Plone):
    def toLocalizedTime(self, time, long_format=None, time_only=None):
        return super().toLocalizedTime(in_site_zone(time), long_format, time_only)


class ContentViewsViewlet(content_views.ContentViewsViewlet):
    """The toolbar's views; its last change ("history") at the site's wall-clock time (the
    time pattern shows an address without zone as it is, in every browser)."""

    menu_template = ViewPageTemplateFile("templates/menu.pt")

    def modified_in_site_zone(self) -> str:
        modified = getattr(self.context, "modified", None)
        value = in_site_zone(modified() if callable(modified) else None)
        if not isinstance(value, DateTime):
            return getattr(self.context, "ModificationDate", lambda: "")()
        return value.strftime("%Y-%m-%dT%H:%M:%S")
