"""The catalog of standard services, grouped by topic."""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.browser.association.common import STATE_TITLES
from digitalgemeinde.browser.association.common import can
from digitalgemeinde.browser.content_views import vocabulary_titles


class ServiceCatalogView(BrowserView):
    index = ViewPageTemplateFile("../templates/service_catalog.pt")

    def __call__(self):
        return self.index()

    def groups(self) -> list[dict]:
        """The standards the viewer may see, grouped by their first topic."""
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        groups: dict[str, list] = {}
        for brain in api.content.find(
            context=self.context, portal_type="StandardService", sort_on="sortable_title"
        ):
            standard = brain.getObject()
            topic = (standard.topics or ["other"])[0]
            groups.setdefault(topic, []).append(
                {
                    "title": standard.title,
                    "url": brain.getURL(),
                    "description": standard.description,
                    "state": brain.review_state,
                    "state_title": STATE_TITLES.get(brain.review_state, brain.review_state),
                    "version": standard.version,
                }
            )
        order = list(titles)
        return [
            {"id": topic, "title": titles.get(topic, topic), "standards": items}
            for topic, items in sorted(
                groups.items(),
                key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
            )
        ]

    def can_add(self) -> bool:
        return can("digitalgemeinde: Add StandardService", self.context)
