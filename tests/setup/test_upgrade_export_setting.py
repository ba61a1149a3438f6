"""20261207001 → 20261208001: existing sites get the setting "Export in the background from"
(default 5,000 requests), and keep the values of the other settings."""

from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions import export_jobs
from tests.setup.test_upgrades import CURRENT


def test_upgrade_adds_the_export_setting(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    del registry.records[export_jobs.SETTING]  # a site of version 20261207001
    registry["digitalgemeinde.upload_max_mb"] = 25
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

    upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert registry[export_jobs.SETTING] == 5000
    assert registry["digitalgemeinde.upload_max_mb"] == 25
    assert export_jobs.threshold() == 5000
