"""Our catalogs of upstream domains win over upstream's own.

zope.i18n asks a domain's catalogs in the order they were registered and takes the first
translation found; plone.app.locales and collective.easyform register theirs before ours, so an
upstream translation (e.g. "Text-Zeile (Zeichenfolge)" for a field type) would hide ours. The
directive ``<dg:preferOurTranslations domains="plone ..." />`` puts our catalogs of those
domains first, once every catalog is registered (an action ordered after the others).
"""

from pathlib import Path

from zope.component import queryUtility
from zope.configuration.fields import Tokens
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface
from zope.schema import TextLine

LOCALES = str(Path(__file__).resolve().parent.parent / "locales")
LATE = 100_000  # after every registerTranslations action (order 0)


class IPreferOurTranslations(Interface):
    domains = Tokens(title="Translation domains", value_type=TextLine())


def put_ours_first(domains, directory: str = LOCALES) -> None:
    for name in domains:
        domain = queryUtility(ITranslationDomain, name)
        catalogs = getattr(domain, "_catalogs", None)
        if not catalogs:
            continue
        for identifiers in catalogs.values():
            ours = [item for item in identifiers if str(item).startswith(directory)]
            identifiers[:] = ours + [item for item in identifiers if item not in ours]


def prefer_our_translations(_context, domains):
    _context.action(discriminator=None, callable=put_ours_first, args=(tuple(domains),), order=LATE)
