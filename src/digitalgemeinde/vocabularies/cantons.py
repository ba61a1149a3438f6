"""The cantons of the site, by abbreviation (a Municipality names its canton with it)."""

from plone import api
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde.interfaces import ICanton


@provider(IVocabularyFactory)
def CantonsVocabularyFactory(context=None):
    portal = api.portal.get()
    cantons = [item for item in portal.objectValues() if ICanton.providedBy(item)]
    return SimpleVocabulary(
        [
            SimpleTerm(value=canton.abbreviation, token=canton.abbreviation, title=canton.title)
            for canton in sorted(cantons, key=lambda canton: canton.title)
            if canton.abbreviation
        ]
    )
