"""Life situations (Lebenslagen): the topics of the control panel that have services.

The list is the site's topics (Site Setup -> Einwohnerportal settings), in their order; the
services of a life situation are those filed under its topic.
"""

from plone import api
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

TOPICS = "digitalgemeinde.vocabularies.topics"


def services_per_topic(tokens) -> dict[str, int]:
    """How many services the viewer may see under each topic."""
    return {token: len(api.content.find(portal_type="Service", topics=token)) for token in tokens}


def life_situations(context) -> list[dict]:
    """Each topic with at least one service the viewer may see: ``token``, ``title`` (in the
    request's language) and ``count``, in the order of the control panel."""
    vocabulary = getUtility(IVocabularyFactory, TOPICS)(context)
    counts = services_per_topic([term.token for term in vocabulary])
    return [
        {"token": term.token, "title": term.title, "count": counts[term.token]}
        for term in vocabulary
        if counts[term.token]
    ]
