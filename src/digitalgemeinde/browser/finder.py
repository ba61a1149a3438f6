"""Service finder: full-text search over the services a citizen may use, with filters.

On a municipality it searches the municipality's services and those of its canton; on a canton
that canton's; on the site root every tenant's. Each result names the responsible level.
"""

from dataclasses import dataclass

from AccessControl import getSecurityManager
from plone import api
from plone.base.utils import munge_search_term
from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.ZCTextIndex.ParseTree import ParseError
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

from digitalgemeinde import _
from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenants import canton_of

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_SHOWN_VALUE = 50
TOPICS = "digitalgemeinde.vocabularies.topics"
AUDIENCE = "digitalgemeinde.vocabularies.audience"


@dataclass(frozen=True)
class Scope:
    """A tenant whose services are searched: its path and the label of its level."""

    path: str
    label: object


def level_label(portal_type: str, title: str):
    if portal_type == "Canton":
        return _("Canton ${name}", mapping={"name": title})
    return _("Municipality ${name}", mapping={"name": title})


def scope_of(tenant) -> Scope:
    return Scope("/".join(tenant.getPhysicalPath()), level_label(tenant.portal_type, tenant.title))


def can_view(obj) -> bool:
    return bool(getSecurityManager().checkPermission("View", obj))


def scopes_for(context) -> list[Scope]:
    """The tenants whose services the finder on ``context`` searches."""
    if IMunicipality.providedBy(context):
        tenants = [context]
        canton = canton_of(context)
        if canton is not None and can_view(canton):
            tenants.append(canton)
        return [scope_of(tenant) for tenant in tenants]
    if ICanton.providedBy(context):
        return [scope_of(context)]
    # Site-wide: every tenant the user may see (services of hidden tenants stay hidden).
    return [
        Scope(brain.getPath(), level_label(brain.portal_type, brain.Title))
        for brain in api.content.find(object_provides=ITenant.__identifier__)
    ]


def search_text(text: str) -> str:
    """A ZCTextIndex query for what the citizen typed: every word, as a prefix."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return munge_search_term(text) if text.strip() else ""


def services_query(paths, text: str = "", topics=(), audiences=()) -> dict:
    """The catalog query of the finder: services under ``paths``, filtered.

    Sorted by relevance when there is a text to search for, else by title.
    """
    query = {"portal_type": "Service", "path": list(paths)}
    searchable = search_text(text)
    if searchable:
        query["SearchableText"] = searchable
    else:
        query["sort_on"] = "sortable_title"
    if topics:
        query["topics"] = list(topics)
    if audiences:
        query["audience"] = list(audiences)
    return query


def requested_values(form, name: str) -> list[str]:
    """The non-empty values of a form field that may be given once, several times or not."""
    value = form.get(name)
    values = value if isinstance(value, (list, tuple)) else [value]
    return [item.strip() for item in values if isinstance(item, str) and item.strip()]


def split_known(values, vocabulary) -> tuple[list[str], list[str]]:
    """``values`` split into the tokens ``vocabulary`` knows and those it does not."""
    known = [value for value in values if value in vocabulary.by_token]
    unknown = [value for value in values if value not in vocabulary.by_token]
    return known, unknown


def batch_start(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN_VALUE else value[:MAX_SHOWN_VALUE] + "…"


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
        self.batch = self.search()
        return self.index()

    def search(self):
        if not self.scopes:
            return Batch([], PAGE_SIZE, 0)
        query = services_query(
            [scope.path for scope in self.scopes], self.text, self.topics, self.audiences
        )
        try:
            results = api.content.find(**query)
        except ParseError:  # only brackets or quotes, no word: search without the text
            self.audience_messages.append(
                _(
                    'The search text "${value}" has no word to search for: all services are shown.',
                    mapping={"value": shown(self.text)},
                )
            )
            query.pop("SearchableText", None)
            query["sort_on"] = "sortable_title"
            results = api.content.find(**query)
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
        path = brain.getPath()
        holders = [scope for scope in self.scopes if path.startswith(scope.path + "/")]
        if not holders:
            return None
        return max(holders, key=lambda scope: len(scope.path)).label

    def topic_labels(self, brain) -> list[str]:
        by_token = self.topics_vocabulary.by_token
        return [by_token[token].title for token in (brain.topics or ()) if token in by_token]

    def results(self):
        for brain in self.batch:
            yield {
                "title": brain.Title,
                "url": brain.getURL(),
                "description": brain.Description,
                "topics": self.topic_labels(brain),
                "level": self.level_of(brain),
            }
