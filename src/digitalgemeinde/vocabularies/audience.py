"""Who a service is for."""

from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _

AUDIENCES = {
    "private": _("Private persons"),
    "companies": _("Companies"),
}


@provider(IVocabularyFactory)
def AudienceVocabularyFactory(context=None):
    return SimpleVocabulary(
        [SimpleTerm(value=key, token=key, title=title) for key, title in AUDIENCES.items()]
    )
