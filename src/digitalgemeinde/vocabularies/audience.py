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


INTERFACE_FORMATS = {
    "json": _("JSON"),
    "xml": _("XML envelope with the eCH-0070 service identifier"),
}


@provider(IVocabularyFactory)
def InterfaceFormatsVocabularyFactory(context=None):
    """Formats in which requests are delivered to an office's specialist application."""
    return SimpleVocabulary(
        [SimpleTerm(value=key, token=key, title=title) for key, title in INTERFACE_FORMATS.items()]
    )
