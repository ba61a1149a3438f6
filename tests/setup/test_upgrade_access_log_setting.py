"""20261207001 → 20261208001: existing sites get the setting "Keep the access log (days)"
(default 365), and keep the values of the other settings."""

from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions import access_log
from tests.setup.test_upgrades import CURRENT

SETTING = "digitalgemeinde.access_log_days"


def test_upgrade_adds_the_access_log_setting(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    del registry.records[SETTING]  # a site of version 20261207001
    registry["digitalgemeinde.upload_max_mb"] = 25
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

    upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert registry[SETTING] == 365
    assert registry["digitalgemeinde.upload_max_mb"] == 25
    assert access_log.period_days() == 365
