"""Service finder: full-text search over the services a citizen may use, with filters.

On a municipality it searches the municipality's services and those of its canton; on a canton
that canton's; on the site root every tenant's. Each result names the responsible level.
"""

from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.ZCTextIndex.ParseTree import ParseError
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

from digitalgemeinde import _
from digitalgemeinde.finder.home import home_paths
from digitalgemeinde.finder.query import AUDIENCE
from digitalgemeinde.finder.query import MAX_QUERY_LENGTH
from digitalgemeinde.finder.query import PAGE_SIZE
from digitalgemeinde.finder.query import TOPICS
from digitalgemeinde.finder.query import batch_start
from digitalgemeinde.finder.query import holder_of
from digitalgemeinde.finder.query import requested_values
from digitalgemeinde.finder.query import scopes_for
from digitalgemeinde.finder.query import shown
from digitalgemeinde.finder.query import split_known
from digitalgemeinde.finder.ranking import also_offered
from digitalgemeinde.finder.ranking import find_services
from digitalgemeinde.interfaces import ITenant


class ServiceFinder(BrowserView):
    """Search form and batched results; filters ``topic`` and ``audience``."""

    index = ViewPageTemplateFile("templates/finder.pt")

    def __call__(self):
        form = self.request.form
        text = form.get("q", "")
        self.text = " ".join(text.split())[:MAX_QUERY_LENGTH] if isinstance(text, str) else ""
        self.topics_vocabulary = getUtility(IVocabularyFactory, TOPICS)(self.context)
        self.audience_vocabulary = getUtility(IVocabularyFactory, AUDIENCE)(self.context)
        self.topics, unknown_topics = split_known(
            requested_values(form, "topic"), self.topics_vocabulary
        )
        self.audiences, unknown_audiences = split_known(
            requested_values(form, "audience"), self.audience_vocabulary
        )
        self.topic_messages = [
            _(
                'There is no topic "${value}": services of all topics are shown.',
                mapping={"value": shown(value)},
            )
            for value in unknown_topics
        ]
        self.audience_messages = [
            _(
                'There is no audience "${value}": services for everybody are shown.',
                mapping={"value": shown(value)},
            )
            for value in unknown_audiences
        ]
        self.scopes = scopes_for(self.context)
        self.home = home_paths(self.request, self.context)
        self.batch = self.search()
        return self.index()

    def search(self):
        if not self.scopes:
            return Batch([], PAGE_SIZE, 0)
        try:
            results = find_services(self.scopes, self.text, self.topics, self.audiences, self.home)
        except ParseError:  # only brackets or quotes, no word: search without the text
            self.audience_messages.append(
                _(
                    'The search text "${value}" has no word to search for: all services are shown.',
                    mapping={"value": shown(self.text)},
                )
            )
            results = find_services(self.scopes, "", self.topics, self.audiences, self.home)
        return Batch(results, PAGE_SIZE, batch_start(self.request.form.get("b_start")))

    @property
    def heading_context(self):
        """The tenant the finder is for, or None site-wide."""
        return self.context if ITenant.providedBy(self.context) else None

    def action_url(self) -> str:
        return f"{self.context.absolute_url()}/@@services"

    def topic_terms(self):
        return list(self.topics_vocabulary)

    def audience_terms(self):
        return list(self.audience_vocabulary)

    def level_of(self, brain):
        """The label of the most specific searched tenant that holds ``brain``."""
        holder = holder_of(self.scopes, brain)
        return holder.label if holder is not None else None

    def topic_labels(self, brain) -> list[str]:
        by_token = self.topics_vocabulary.by_token
        return [by_token[token].title for token in (brain.topics or ()) if token in by_token]

    def results(self):
        brains = list(self.batch)
        others = also_offered(self.scopes, brains, self.home)
        for brain in brains:
            yield {
                "title": brain.Title,
                "url": brain.getURL(),
                "description": brain.Description,
                "topics": self.topic_labels(brain),
                "level": self.level_of(brain),
                "also": ", ".join(scope.title for scope in others.get(brain.getPath(), ())),
            }
