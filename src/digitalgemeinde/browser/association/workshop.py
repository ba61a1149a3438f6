"""A workshop of the association."""

from plone import api
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.browser.association.common import wall_time
from digitalgemeinde.browser.content_views import rich_text
from digitalgemeinde.browser.content_views import vocabulary_titles


class WorkshopView(BrowserView):
    index = ViewPageTemplateFile("../templates/workshop.pt")

    def __call__(self):
        return self.index()

    def theme(self) -> str:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        return titles.get(self.context.theme, self.context.theme or "")

    def when(self) -> str:
        start, end = wall_time(self.context.start), wall_time(self.context.end)
        return f"{start} – {end}" if end else start

    def text(self):
        return rich_text(self.context.text, self.context)

    def related(self, name: str) -> list:
        uids = [
            IUUID(relation.to_object, None)
            for relation in getattr(self.context, name, None) or ()
            if not relation.isBroken()
        ]
        uids = [uid for uid in uids if uid]
        return list(api.content.find(UID=uids, sort_on="sortable_title")) if uids else []

    def material(self) -> list:
        return api.content.find(context=self.context, depth=1, sort_on="getObjPositionInParent")
