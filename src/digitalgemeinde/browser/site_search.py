"""The site search (``@@search``, the header's search box and its live search
``@@ajax-search``) with the finder's everyday words: Plone's own views, whose text query is
expanded by the association's synonyms and the typo tolerance of finder.expansion ("zügeln"
also finds "Umzug")."""

import os

import Products.CMFPlone.browser
from Products.CMFPlone.browser.search import AjaxSearch
from Products.CMFPlone.browser.search import Search
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.finder.expansion import expand
from digitalgemeinde.finder.query import search_text

PLONE_BROWSER = os.path.dirname(Products.CMFPlone.browser.__file__)


def with_everyday_words(query: dict | None, text) -> dict | None:
    """``query`` with its text searched as the finder searches it."""
    if not query or not isinstance(text, str) or not text.strip():
        return query
    searchable = search_text(text, expand(text).alternatives)
    if searchable:
        query["SearchableText"] = searchable
    return query


class EverydayWords:
    """For Plone's search views: their query's text searched as the finder searches it."""

    def _filter_query(self, query):
        text = query.get("SearchableText", self.request.form.get("SearchableText", ""))
        return with_everyday_words(super()._filter_query(query), text)


class SiteSearch(EverydayWords, Search):
    """Plone's search page, its template unchanged."""

    index = ViewPageTemplateFile("templates/search.pt", _prefix=PLONE_BROWSER)

    def __call__(self):
        return self.index()


class SiteAjaxSearch(EverydayWords, AjaxSearch):
    """The live search of the header's search box."""
