"""What a typed search text stands for: its words, their synonyms and their corrections.

"zügeln" is searched as "zügeln* OR Umzug*" (the association's synonyms), "Hundesteur" as
"hundesteur* OR hundesteuer*" (a known word within typing distance, finder.words). The same
expansion serves the finder page, ``@service-finder`` and the site search; the words it yields
also decide which titles match (finder.ranking).
"""

from dataclasses import dataclass
from dataclasses import field

from digitalgemeinde.finder.query import words_of
from digitalgemeinde.finder.synonyms import fold
from digitalgemeinde.finder.synonyms import synonyms
from digitalgemeinde.finder.words import close_words


@dataclass
class Expansion:
    """``alternatives``: typed word -> the other phrases it is found by; ``title_words``: the
    folded words of which a title must contain one (as a word beginning) to match."""

    alternatives: dict[str, list[str]] = field(default_factory=dict)
    title_words: set[str] = field(default_factory=set)


def expand(text: str) -> Expansion:
    """The synonyms and corrections of each word of ``text``."""
    expansion = Expansion()
    words = words_of(text)
    if not words:
        return expansion
    groups = synonyms()
    for word in words:
        corrections = close_words(word, extra=groups)
        phrases = [*corrections]
        for known in (word, *corrections):
            phrases += [phrase for phrase in groups.get(fold(known), ()) if phrase not in phrases]
        phrases = [phrase for phrase in phrases if fold(phrase) != fold(word)]
        if phrases:
            expansion.alternatives[word] = phrases
        expansion.title_words.add(fold(word))
        expansion.title_words.update(fold(phrase.split()[0]) for phrase in phrases)
    return expansion


def title_matches(title: str, expansion: Expansion) -> bool:
    """Whether a word of ``title`` begins with one of the searched words or their synonyms."""
    if not expansion.title_words:
        return False
    words = fold(title).replace("(", " ").replace(")", " ").replace(",", " ").split()
    return any(word.startswith(wanted) for word in words for wanted in expansion.title_words)
