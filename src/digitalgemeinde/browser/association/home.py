"""The association's home page and its news feed (RSS)."""

from datetime import UTC
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.association.figures import figures
from digitalgemeinde.association.figures import project_status_of
from digitalgemeinde.browser.association.common import can
from digitalgemeinde.browser.association.common import wall_time
from digitalgemeinde.browser.content_views import rich_text
from digitalgemeinde.browser.content_views import vocabulary_titles
from digitalgemeinde.publication import latest_news
from digitalgemeinde.publication import news_date
from digitalgemeinde.submissions.values import TIMEZONE

NEWS_LIMIT = 5
FEED_LIMIT = 20


class AssociationView(BrowserView):
    index = ViewPageTemplateFile("../templates/association.pt")

    def __call__(self):
        return self.index()

    def text(self):
        return rich_text(self.context.text, self.context)

    def news(self) -> list:
        return latest_news(self.context, NEWS_LIMIT)

    def news_date(self, brain) -> str:
        return api.portal.get_localized_time(datetime=news_date(brain))

    def sections(self, portal_type: str) -> list:
        return api.content.find(
            context=self.context, portal_type=portal_type, sort_on="getObjPositionInParent"
        )

    def workshops(self) -> dict:
        now = datetime.now(UTC)
        found = [brain.getObject() for brain in self.sections("Workshop")]
        upcoming = sorted(
            (item for item in found if aware(item.start) >= now), key=lambda w: aware(w.start)
        )
        past = sorted(
            (item for item in found if aware(item.start) < now),
            key=lambda w: aware(w.start),
            reverse=True,
        )
        return {"upcoming": upcoming, "past": past}

    def when(self, workshop) -> str:
        return wall_time(workshop.start)

    def theme(self, workshop) -> str:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        return titles.get(workshop.theme, workshop.theme or "")

    def status(self):
        status = project_status_of(self.context)
        if status is None or not can("View", status):
            return None
        return {"url": status.absolute_url(), "figures": figures(status)}

    def can_view_coverage(self) -> bool:
        return can("digitalgemeinde: View coverage", self.context)

    def feed_url(self) -> str:
        return f"{self.context.absolute_url()}/@@news.rss"


def aware(value: datetime) -> datetime:
    """Workshop dates come from the edit form without a time zone: they are Swiss time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=TIMEZONE)


class NewsFeed(BrowserView):
    """RSS 2.0 of the association's published news, newest first."""

    def __call__(self):
        items = latest_news(self.context, FEED_LIMIT, review_state="published")
        out = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<rss version="2.0"><channel>',
            f"<title>{escape(self.context.title)}</title>",
            f"<link>{escape(self.context.absolute_url())}</link>",
            f"<description>{escape(self.context.description or '')}</description>",
            "<language>de-ch</language>",
        ]
        for brain in items:
            date = news_date(brain)
            out.append(
                "<item>"
                f"<title>{escape(brain.Title)}</title>"
                f"<link>{escape(brain.getURL())}</link>"
                f'<guid isPermaLink="true">{escape(brain.getURL())}</guid>'
                f"<description>{escape(brain.Description or '')}</description>"
                f"<pubDate>{format_datetime(date.asdatetime())}</pubDate>"
                "</item>"
            )
        out.append("</channel></rss>")
        self.request.response.setHeader("Content-Type", "application/rss+xml; charset=utf-8")
        return "\n".join(out)
