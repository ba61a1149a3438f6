"""The portal's home (``@@portal-home``, the site root's default view): who runs the portal, a
search for services, the most used services, life situations, the municipalities and the
portal's news. The data comes from ``digitalgemeinde.portal``; this page only shows it."""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.browser.chooser import remembered_municipality
from digitalgemeinde.browser.chooser import visible_municipalities
from digitalgemeinde.portal.life_situations import life_situations
from digitalgemeinde.portal.news import portal_news
from digitalgemeinde.portal.popular import most_used_services_of_request
from digitalgemeinde.publication import news_date
from digitalgemeinde.tenants import tenant_of

MOST_USED_LIMIT = 6
NEWS_LIMIT = 4


class PortalHome(BrowserView):
    """The site root's default view."""

    index = ViewPageTemplateFile("templates/portal_home.pt")

    def __call__(self):
        return self.index()

    def portal_url(self) -> str:
        return self.context.absolute_url()

    def portal_title(self) -> str:
        title = api.portal.get_registry_record("plone.site_title", default="")
        return title or self.context.Title()

    def finder_url(self) -> str:
        return f"{self.portal_url()}/@@services"

    def chooser_url(self) -> str:
        return f"{self.portal_url()}/@@meine-gemeinde"

    def most_used(self) -> list[dict]:
        entries = []
        for brain, _count in most_used_services_of_request(self.request, MOST_USED_LIMIT):
            tenant = tenant_of(brain.getObject())
            entries.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "description": brain.Description,
                    "tenant": tenant.Title() if tenant is not None else "",
                }
            )
        return entries

    def life_situations(self) -> list[dict]:
        finder = self.finder_url()
        return [
            {
                **situation,
                "url": f"{finder}?{urlencode({'topic': situation['token']})}",
                "services": (
                    _("1 service")
                    if situation["count"] == 1
                    else _("${count} services", mapping={"count": situation["count"]})
                ),
            }
            for situation in life_situations(self.context)
        ]

    def municipalities(self) -> list[dict]:
        return [{"title": brain.Title, "url": brain.getURL()} for brain in visible_municipalities()]

    def remembered(self):
        return remembered_municipality(self.request)

    def news(self) -> list[dict]:
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "description": brain.Description,
                "date": api.portal.get_localized_time(datetime=news_date(brain)),
                "iso": news_date(brain).ISO8601(),
            }
            for brain in portal_news(NEWS_LIMIT)
        ]
