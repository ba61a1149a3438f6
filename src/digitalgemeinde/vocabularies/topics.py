"""Topics (Lebenslagen) of services: kept in the registry and edited in the control panel.

Each entry is ``token|German title|French title``; the vocabulary shows the title in the
language of the request (German when there is no French title).
"""

import re

from plone import api
from zope.globalrequest import getRequest
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

REGISTRY_KEY = "digitalgemeinde.topics"
TOKEN = re.compile(r"^[a-z][a-z0-9-]{1,40}$")

DEFAULT_TOPICS = [
    "personal|Persönliches und Wohnen|Vie privée et logement",
    "family|Familie|Famille",
    "building|Bauen|Construction",
    "social|Soziales|Affaires sociales",
    "taxes|Steuern|Impôts",
    "work|Arbeit und Wirtschaft|Travail et économie",
    "mobility|Mobilität|Mobilité",
    "safety|Sicherheit|Sécurité",
    "environment|Umwelt|Environnement",
]


def parse_topic(line: str) -> tuple[str, str, str]:
    """Split ``token|Titel|Titre``; raise ValueError naming what is wrong."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError(f"Expected 'token|German title|French title', got {line!r}")
    token, german = parts[0], parts[1]
    french = parts[2] if len(parts) == 3 else german
    if not TOKEN.match(token):
        raise ValueError(f"Topic token {token!r}: lower-case letters, digits and '-' only")
    return token, german, french


def current_language() -> str:
    request = getRequest()
    language = ""
    if request is not None:
        language = request.get("LANGUAGE", "") or ""
    return language[:2] or "de"


def configured_topics() -> list[tuple[str, str, str]]:
    lines = api.portal.get_registry_record(REGISTRY_KEY, default=None) or []
    return [parse_topic(line) for line in lines]


@provider(IVocabularyFactory)
def TopicsVocabularyFactory(context=None):
    french = current_language() == "fr"
    terms = [
        SimpleTerm(value=token, token=token, title=fr if french else de)
        for token, de, fr in configured_topics()
    ]
    return SimpleVocabulary(terms)
