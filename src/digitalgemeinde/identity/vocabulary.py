"""``digitalgemeinde.LoginLevels``: what a form may require of the citizen's login."""

from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.identity.providers import level_choices

ANY_LOGIN = "login"


@provider(IVocabularyFactory)
def login_levels(context):
    terms = [
        SimpleTerm("", "none", _("None: anyone may submit")),
        SimpleTerm(ANY_LOGIN, ANY_LOGIN, _("Any login")),
    ]
    for token, title in level_choices():
        terms.append(SimpleTerm(token, token, title))
    return SimpleVocabulary(terms)
