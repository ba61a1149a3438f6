"""The association's synonym list: the everyday words citizens type for what services are called.

The association edits the list on its home (the field ``synonyms``, one group a line:
"zügeln, umziehen = Umzug", checked by content_types.association). The finder, ``@service-finder``
and the site search read it here. The association is found through the catalog; the parsed list
is cached by its lines, so a changed list counts at once and an unchanged one is parsed once.
"""

import unicodedata
from functools import lru_cache

from plone import api

from digitalgemeinde.content_types.association import parse_synonym_line
from digitalgemeinde.interfaces import IAssociation


def fold(word: str) -> str:
    """``word`` as the catalog's lexicon keeps it: lower-case, without accents ("Zügeln" ->
    "zugeln")."""
    word = unicodedata.normalize("NFKD", (word or "").casefold())
    return "".join(char for char in word if not unicodedata.combining(char))


@lru_cache(maxsize=16)
def parse(lines: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Folded typed word -> the words searched for it, of the valid ``lines`` (a line saved
    before the check existed is skipped, not fatal)."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        try:
            parsed = parse_synonym_line(line)
        except ValueError:
            continue
        if parsed is None:
            continue
        typed, searched = parsed
        for word in typed:
            targets = groups.setdefault(fold(word), [])
            phrase = " ".join(searched)
            if phrase not in targets:
                targets.append(phrase)
    return {word: tuple(targets) for word, targets in groups.items()}


def synonym_lines() -> tuple[str, ...]:
    """The lines of the association's synonym list (the first association of the site)."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        object_provides=IAssociation.__identifier__, sort_on="path"
    ):
        association = brain._unrestrictedGetObject()
        return tuple(getattr(association, "synonyms", None) or ())
    return ()


def synonyms() -> dict[str, tuple[str, ...]]:
    """Folded typed word -> the searched phrases (each one or more words)."""
    return parse(synonym_lines())


def synonyms_of(word: str, groups: dict | None = None) -> tuple[str, ...]:
    """The phrases searched for the typed ``word``: "zügeln" -> ("Umzug",)."""
    groups = synonyms() if groups is None else groups
    return groups.get(fold(word), ())
