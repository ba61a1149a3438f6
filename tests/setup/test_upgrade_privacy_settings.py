"""20261207001 → 20261208001: existing sites get the settings "Purpose and data protection"
(text and address of the privacy statement) that new forms show, and keep the values of the
settings they had."""

from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions.form_starter import privacy_settings
from tests.setup.test_upgrades import CURRENT

RECORDS = ("digitalgemeinde.privacy_text", "digitalgemeinde.privacy_url")


def test_upgrade_adds_the_privacy_settings_and_keeps_the_others(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    for name in RECORDS:  # a site of version 20261207001
        del registry.records[name]
    registry["digitalgemeinde.upload_max_mb"] = 25
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")
    assert privacy_settings() == ("", "")

    upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert all(name in registry.records for name in RECORDS)
    registry["digitalgemeinde.privacy_text"] = "Nur für dieses Anliegen."
    assert privacy_settings()[0] == "Nur für dieses Anliegen."
    assert registry["digitalgemeinde.upload_max_mb"] == 25


def test_upgrade_keeps_privacy_values_already_set(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    registry["digitalgemeinde.privacy_text"] = "Nur für dieses Anliegen."
    registry["digitalgemeinde.privacy_url"] = "https://www.liestal.ch/datenschutz"
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

    upgrade(portal)

    assert registry["digitalgemeinde.privacy_text"] == "Nur für dieses Anliegen."
    assert registry["digitalgemeinde.privacy_url"] == "https://www.liestal.ch/datenschutz"
    assert privacy_settings() == ("Nur für dieses Anliegen.", "https://www.liestal.ch/datenschutz")
