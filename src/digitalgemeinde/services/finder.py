"""``GET <portal, Municipality or Canton>/@service-finder``: the service finder as JSON.

The same scopes and catalog query as the finder page (``@@services``), from
digitalgemeinde.finder.query: on a municipality its services and its canton's, on a canton
that canton's, on the site root those of every tenant the user may see; in the page's order and
with its everyday words (finder.ranking: synonyms, typos, titles first, the municipality chosen
in the cookie first) and, per item, ``also_offered_by``: the other municipalities that offer
the same service. Parameters: ``text``,
``topics`` and ``audience`` (each may be repeated), ``b_start`` and ``b_size``. An unknown topic
or audience is refused with 400 naming the parameter (the page ignores it), and so is a text the
catalog cannot search (no word in it, e.g. only brackets or quotes).
"""

from plone.restapi.batching import HypermediaBatch
from Products.ZCTextIndex.ParseTree import ParseError
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

from digitalgemeinde import _
from digitalgemeinde.finder.home import home_paths
from digitalgemeinde.finder.query import AUDIENCE
from digitalgemeinde.finder.query import PAGE_SIZE
from digitalgemeinde.finder.query import TOPICS
from digitalgemeinde.finder.query import holder_of
from digitalgemeinde.finder.query import requested_values
from digitalgemeinde.finder.query import scopes_for
from digitalgemeinde.finder.query import shown
from digitalgemeinde.finder.query import split_known
from digitalgemeinde.finder.ranking import also_offered
from digitalgemeinde.finder.ranking import find_services
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.services.params import batch_params
from digitalgemeinde.services.params import refuse
from digitalgemeinde.services.params import single


def unknown(name: str, value: str):
    if name == "topics":
        return _('There is no topic "${value}".', mapping={"value": shown(value)})
    return _('There is no audience "${value}".', mapping={"value": shown(value)})


class ServiceFinderGet(JsonService):
    """Services matching the text and filters, with their level and topics."""

    def reply(self):
        errors: list[dict] = []
        text = single(self.request, "text", errors)
        self.vocabularies = {
            "topics": getUtility(IVocabularyFactory, TOPICS)(self.context),
            "audience": getUtility(IVocabularyFactory, AUDIENCE)(self.context),
        }
        chosen = {}
        for name, vocabulary in self.vocabularies.items():
            chosen[name], unknown_values = split_known(
                requested_values(self.request.form, name), vocabulary
            )
            errors += [{"field": name, "message": unknown(name, value)} for value in unknown_values]
        batch_params(self.request, errors, PAGE_SIZE)
        refuse(errors)
        self.scopes = scopes_for(self.context)
        self.home = home_paths(self.request, self.context)
        results = []
        if self.scopes:
            try:
                results = find_services(
                    self.scopes, text, chosen["topics"], chosen["audience"], self.home
                )
            except ParseError as error:  # e.g. only brackets or quotes: no word to search for
                message = _("The search text could not be understood.")
                raise field_error("text", message) from error
        return self.batched(results, self.item)

    def batched(self, brains, serialize) -> dict:
        """The page, with which other municipalities offer each of its services."""
        page = list(HypermediaBatch(self.request, brains))
        self.others = also_offered(self.scopes, page, self.home)
        return super().batched(brains, serialize)

    def item(self, brain) -> dict:
        return {
            "@id": brain.getURL(),
            "UID": brain.UID,
            "title": brain.Title,
            "description": brain.Description or "",
            **self.level_of(brain),
            "topics": self.terms("topics", brain.topics),
            "audience": self.terms("audience", brain.audience),
            "also_offered_by": [
                {"@id": self.request.physicalPathToURL(scope.path), "title": scope.title}
                for scope in self.others.get(brain.getPath(), ())
            ],
        }

    def terms(self, name: str, tokens) -> list[dict]:
        by_token = self.vocabularies[name].by_token
        return [
            {"token": token, "title": self.translate(by_token[token].title)}
            for token in (tokens or ())
            if token in by_token
        ]

    def level_of(self, brain) -> dict:
        """``level`` (canton or municipality) and ``tenant`` of the most specific searched
        tenant that holds ``brain`` (a searched tenant: one the user may see)."""
        holder = holder_of(self.scopes, brain)
        if holder is None:
            return {"level": None, "tenant": None}
        url = self.request.physicalPathToURL(holder.path)
        return {"level": holder.level, "tenant": {"@id": url, "title": holder.title}}
