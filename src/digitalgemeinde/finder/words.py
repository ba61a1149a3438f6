"""Typo tolerance: the known words close to a typed word that finds nothing.

The known words are those of the catalog's full-text lexicon (the words of everything indexed
in ``SearchableText``) and the association's synonyms. A word that begins a known word is left
alone (the catalog searches it as a prefix); only a word that begins none is replaced by the
known words within typing distance (difflib), "Hundesteur" -> "hundesteuer". The lexicon's
words are grouped by length once per size of the lexicon, so that a query compares a word only
with words of about its length and does no per-object work.
"""

import difflib
import re

from plone import api

# How alike a typed word must be to a known word (difflib ratio, 0..1), and how many to take.
CUTOFF = 0.8
MAX_CLOSE = 3
# Words shorter than this are never corrected: too many short words are alike.
MIN_LENGTH = 4
# A known word may be this many letters shorter or longer than the typed word.
LENGTH_SLACK = 2
PLAIN_WORD = re.compile(r"^\w+$")

_by_length_cache: dict = {}


def lexicon():
    """The lexicon of the catalog's ``SearchableText`` index."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog._catalog.getIndex("SearchableText").getLexicon()


def normalized(lexicon_, word: str) -> str:
    """``word`` as ``lexicon_`` keeps it (its splitter and case normalizer), or ''."""
    words = [word]
    for element in lexicon_._pipeline:
        words = getattr(element, "process_post_glob", element.process)(words)
    return words[0] if len(words) == 1 else ""


def words_by_length(lexicon_) -> dict[int, list[str]]:
    """The lexicon's words by their length, rebuilt when the lexicon grows."""
    key = ("/".join(lexicon_.getPhysicalPath()), lexicon_.length())
    cached = _by_length_cache.get(key[0])
    if cached is not None and cached[0] == key:
        return cached[1]
    grouped: dict[int, list[str]] = {}
    for word in lexicon_.words():
        if PLAIN_WORD.match(word):
            grouped.setdefault(len(word), []).append(word)
    _by_length_cache[key[0]] = (key, grouped)
    return grouped


def is_known_prefix(lexicon_, word: str) -> bool:
    return bool(lexicon_.globToWordIds(word + "*"))


def close_words(word: str, extra=()) -> list[str]:
    """Known words close to ``word`` when no known word begins with it, best first; ``extra``
    adds words to compare with (the synonyms' typed words). Empty for a word that is found."""
    lexicon_ = lexicon()
    typed = normalized(lexicon_, word)
    if len(typed) < MIN_LENGTH or not PLAIN_WORD.match(typed) or is_known_prefix(lexicon_, typed):
        return []
    grouped = words_by_length(lexicon_)
    candidates = [
        known
        for length in range(len(typed) - LENGTH_SLACK, len(typed) + LENGTH_SLACK + 1)
        for known in grouped.get(length, ())
    ]
    candidates += [known for known in extra if abs(len(known) - len(typed)) <= LENGTH_SLACK]
    return difflib.get_close_matches(typed, candidates, n=MAX_CLOSE, cutoff=CUTOFF)
