"""Upgrade to 20261207001: the portal's chrome and home (issue 15).

The viewlets themselves (logo and name, our footer, "Meine Anliegen", no toolbar for citizens)
are code; a site needs the CSS bundle of the theme layer (registry) and the skip link first in
the header (viewlets.xml, imported by the step's upgradeDepends).
"""

import logging
from pathlib import Path

from plone import api
from plone.app.registry.exportimport.handler import RegistryImporter
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from digitalgemeinde.controlpanel import ISettings
from digitalgemeinde.setuphandlers import set_portal_home
from digitalgemeinde.sitesetup import offer_all_languages
from digitalgemeinde.submissions.field_rules import add_checks_to_existing_forms

THEME_RECORDS = Path(__file__).parents[1] / "profiles" / "default" / "registry" / "theme.xml"


class _Environ:
    """What RegistryImporter asks of an import context: a logger, and no purge."""

    def getLogger(self, name):
        return logging.getLogger(name)

    def shouldPurge(self):
        return False


def add_theme_bundle(context) -> None:
    """The bundle's records as the profile has them, and only those: a re-import of the whole
    registry step would reset settings that a site changed since."""
    RegistryImporter(getUtility(IRegistry), _Environ()).importDocument(THEME_RECORDS.read_bytes())


def show_portal_home(context) -> None:
    """The portal's home (search, life situations, municipalities, news) as the site's view."""
    set_portal_home(api.portal.get())


def offer_italian(context) -> None:
    """Italian beside German and French, and the citizen's choice of language kept (cookie)."""
    offer_all_languages()


def add_brand_colour(context) -> None:
    """The new setting (the portal's colour) on existing sites; the values of all others kept
    (plone.registry keeps a record's value when its interface is registered again)."""
    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def add_checks_to_forms(context) -> None:
    """The forms' fields get the named checks (birth dates in the past, chip numbers) and the
    browser's autofill, as new forms have them."""
    changed = add_checks_to_existing_forms(api.portal.get())
    logging.getLogger(__name__).info("Checks and autofill added to %d forms", changed)
