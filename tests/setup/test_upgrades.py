"""A site made by the previous release is brought up to date by the upgrade steps."""

from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade


def test_upgrade_from_first_release_adds_the_association(integration):
    portal = integration["portal"]
    setup = portal.portal_setup
    catalog = api.portal.get_tool("portal_catalog")
    # what a site of version 20261122001 looked like: no standard index, no association types
    catalog.delIndex("standard_uid")
    portal.portal_types.manage_delObjects(["StandardService"])
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261122001")
    assert setup.listUpgrades(DEFAULT_PROFILE)

    upgrade(portal)

    assert "standard_uid" in catalog.indexes()
    assert "StandardService" in portal.portal_types.objectIds()
    chain = portal.portal_workflow.getChainForPortalType("StandardService")
    assert chain == ("digitalgemeinde_standard_workflow",)
    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == ("20261206001",)
    assert not setup.listUpgrades(DEFAULT_PROFILE)


def test_profile_version_has_an_upgrade_path(integration):
    """Every version bump needs a step from the previous one (or the check above fails)."""
    setup = integration["portal"].portal_setup
    assert setup.getVersionForProfile(DEFAULT_PROFILE) == "20261206001"
    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == ("20261206001",)
