"""The finder's query: the tenants searched from a place, the catalog query, the filters.

On a municipality it searches the municipality's services and those of its canton; on a canton
that canton's; on the site root every tenant's. Each result names the responsible level.
"""

import re
from dataclasses import dataclass

from AccessControl import getSecurityManager
from plone import api
from plone.base.utils import BAD_CHARS
from plone.base.utils import munge_search_term

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
QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Scope:
    """A tenant whose services are searched: its path, its level (``canton`` or
    ``municipality``), its title and the label of its level ("Gemeinde Liestal")."""

    path: str
    level: str
    title: str

    @property
    def label(self):
        if self.level == "canton":
            return _("Canton ${name}", mapping={"name": self.title})
        return _("Municipality ${name}", mapping={"name": self.title})


def make_scope(path: str, portal_type: str, title: str) -> Scope:
    return Scope(path, "canton" if portal_type == "Canton" else "municipality", title)


def scope_of(tenant) -> Scope:
    return make_scope("/".join(tenant.getPhysicalPath()), tenant.portal_type, tenant.title)


def holder_of(scopes, brain) -> Scope | None:
    """The most specific of the searched ``scopes`` that holds the result ``brain``."""
    path = brain.getPath()
    holders = [scope for scope in scopes if path.startswith(scope.path + "/")]
    return max(holders, key=lambda scope: len(scope.path)) if holders else None


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
        make_scope(brain.getPath(), brain.portal_type, brain.Title)
        for brain in api.content.find(object_provides=ITenant.__identifier__)
    ]


def cleaned(text: str) -> str:
    """What the citizen typed, as searched: at most MAX_QUERY_LENGTH characters, an odd quote
    dropped, the characters the catalog's text index cannot take replaced by spaces."""
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if text.count('"') % 2:
        text = text.replace('"', " ")
    for char in BAD_CHARS:
        text = text.replace(char, " ")
    return " ".join(text.split())


def words_of(text: str) -> list[str]:
    """The words of ``text`` outside quotes (each searched as a prefix), in order."""
    return QUOTED.sub(" ", cleaned(text)).split()


def either(term: str, alternatives) -> str:
    """``term`` or any of the ``alternatives`` (each one or more words, all of them searched)."""
    extra = [munge_search_term(alternative) for alternative in alternatives]
    extra = [f"({other})" if " AND " in other else other for other in extra if other]
    return "(" + " OR ".join([term, *extra]) + ")" if extra else term


def search_text(text: str, alternatives=None) -> str:
    """A ZCTextIndex query for what the citizen typed: every word, as a prefix, or one of its
    ``alternatives`` (typed word -> synonyms and corrections, see finder.expansion)."""
    text = cleaned(text)
    if not text:
        return ""
    alternatives = alternatives or {}
    parts = [munge_search_term(f'"{phrase}"') for phrase in QUOTED.findall(text)]
    for word in QUOTED.sub(" ", text).split():
        term = munge_search_term(word)
        if term:
            parts.append(either(term, alternatives.get(word, ())))
    return " AND ".join(part for part in parts if part)


def services_query(paths, text: str = "", topics=(), audiences=(), alternatives=None) -> dict:
    """The catalog query of the finder: services under ``paths``, filtered.

    Sorted by relevance when there is a text to search for, else by title. ``alternatives``:
    what else each typed word may be found by (finder.expansion).
    """
    query = {"portal_type": "Service", "path": list(paths)}
    searchable = search_text(text, alternatives)
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
