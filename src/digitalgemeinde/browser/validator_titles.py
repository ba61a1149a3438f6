"""The checks an editor picks for a field (easyform's «Validators») by readable names in the
editor's language, not by their registered names (``digitalgemeinde.ahv_number``,
``isValidEmail``).

easyform's vocabulary ``easyform.Validators`` uses each check's name as its title. Ours gives
the same terms (token and value stay the name, which is what the form model stores) with a
translated title; a check without a title here keeps its name. It replaces easyform's
vocabulary by an action ordered after every registration (the ``dg:validatorTitles``
directive), as ``translations.py`` does for catalogs.
"""

from collective.easyform.interfaces import IFieldValidator
from zope.component import getUtilitiesFor
from zope.component import provideUtility
from zope.interface import Interface
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _

VOCABULARY = "easyform.Validators"
LATE = 100_001  # after every utility registration (order 0) and our catalogs' action

TITLES = {
    # ours (submissions/field_rules.py, swiss_checks.py)
    "digitalgemeinde.ahv_number": _("AHV number (756.1234.5678.97)"),
    "digitalgemeinde.swiss_iban": _("Swiss IBAN"),
    "digitalgemeinde.swiss_phone": _("Swiss phone number"),
    "digitalgemeinde.postal_code": _("Swiss postal code"),
    "digitalgemeinde.past_date": _("Date not in the future (e.g. birth date)"),
    "digitalgemeinde.not_past_date": _("Date not in the past (e.g. moving date)"),
    "digitalgemeinde.receiving_email": _("E-mail address that receives mail"),
    "digitalgemeinde.chip_number": _("Dog's chip number (15 digits)"),
    "digitalgemeinde.whole_number": _("Whole number"),
    # collective.easyform's and Products.validation's
    "isValidEmail": _("E-mail address"),
    "isEmail": _("E-mail address (simple check)"),
    "isCommaSeparatedEmails": _("E-mail addresses separated by commas"),
    "isChecked": _("Must be ticked"),
    "isUnchecked": _("Must not be ticked"),
    "isNotLinkSpam": _("No web links (against spam)"),
    "isURL": _("Web address"),
    "isInt": _("Whole number (simple check)"),
    "isDecimal": _("Decimal number"),
    "isInternationalPhoneNumber": _("International phone number"),
    "isValidDate": _("Date"),
}


@provider(IVocabularyFactory)
def validators_vocabulary(context=None):
    """The checks registered (easyform's ``IFieldValidator`` utilities), ours first."""
    names = sorted(
        (name for name, _check in getUtilitiesFor(IFieldValidator)),
        key=lambda name: (not name.startswith("digitalgemeinde."), name not in TITLES, name),
    )
    return SimpleVocabulary([SimpleTerm(name, name, TITLES.get(name, name)) for name in names])


def register() -> None:
    provideUtility(validators_vocabulary, IVocabularyFactory, VOCABULARY)


class IValidatorTitles(Interface):
    """``<dg:validatorTitles />``: no settings."""


def validator_titles(_context):
    _context.action(discriminator=None, callable=register, order=LATE)
