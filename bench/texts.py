"""Plain data of the benchmark generator: municipalities, service and form templates, names.

The data is in texts.json next to this module, read once at import; each of its keys is a name
of this module:

- ``MUNICIPALITY_NAMES`` (the 86 of Basel-Landschaft) and ``STREETS``;
- ``TOPIC_OFFICES``: which office answers for a topic (by token); topics not named go to the
  Einwohnerdienste;
- ``TOPIC_ORDER``: the order of topics when services are dealt out: the first three reach three
  different offices, so even a municipality with three services has one in each;
- ``SUBJECTS``: per topic token, (subject, what the subject is about in a sentence);
- ``TITLE_PATTERNS``: 30 title patterns, ``{s}`` is the subject;
- ``WHAT_IT_IS``, ``REQUIREMENTS``, ``DOCUMENTS``, ``PROCEDURE``, ``FEES``, ``LEGAL_BASIS``,
  ``DESCRIPTIONS``, ``PROCESSING_TIMES``: each section in three variants; ``{title}``
  ``{about}`` ``{name}`` ``{office}`` ``{days}`` ``{fee}`` are filled in;
- ``FORM_PROLOGUE``, ``THANKS_PROLOGUE``, ``THANKS_EPILOGUE``: the texts of every form;
- ``FIRST_NAMES``, ``LAST_NAMES``, ``ASK_COMMENTS``, ``REJECT_COMMENTS``, ``REMARKS``: what
  generated requests are filled in with.

BFS numbers, postal codes and population are plausible bench values, not official figures.
Services are built from the title patterns and the subjects of each topic, their texts from the
variants of every section, so that a service page is about as long (1–2 KB of text) as a real
one.
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "texts.json").read_text(encoding="utf-8"))

MUNICIPALITY_NAMES: list[str] = _DATA["MUNICIPALITY_NAMES"]
STREETS: list[str] = _DATA["STREETS"]
TOPIC_OFFICES: dict[str, str] = _DATA["TOPIC_OFFICES"]
TOPIC_ORDER: list[str] = _DATA["TOPIC_ORDER"]
SUBJECTS: dict[str, list[tuple[str, str]]] = {
    topic: [tuple(pair) for pair in pairs] for topic, pairs in _DATA["SUBJECTS"].items()
}
TITLE_PATTERNS: list[str] = _DATA["TITLE_PATTERNS"]
WHAT_IT_IS: list[str] = _DATA["WHAT_IT_IS"]
REQUIREMENTS: list[str] = _DATA["REQUIREMENTS"]
DOCUMENTS: list[str] = _DATA["DOCUMENTS"]
PROCEDURE: list[str] = _DATA["PROCEDURE"]
FEES: list[str] = _DATA["FEES"]
LEGAL_BASIS: list[str] = _DATA["LEGAL_BASIS"]
DESCRIPTIONS: list[str] = _DATA["DESCRIPTIONS"]
PROCESSING_TIMES: list[str] = _DATA["PROCESSING_TIMES"]
FORM_PROLOGUE: str = _DATA["FORM_PROLOGUE"]
THANKS_PROLOGUE: str = _DATA["THANKS_PROLOGUE"]
THANKS_EPILOGUE: str = _DATA["THANKS_EPILOGUE"]
FIRST_NAMES: list[str] = _DATA["FIRST_NAMES"]
LAST_NAMES: list[str] = _DATA["LAST_NAMES"]
ASK_COMMENTS: list[str] = _DATA["ASK_COMMENTS"]
REJECT_COMMENTS: list[str] = _DATA["REJECT_COMMENTS"]
REMARKS: list[str] = _DATA["REMARKS"]
