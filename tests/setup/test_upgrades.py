"""A site made by the previous release is brought up to date by the upgrade steps."""

from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade

CURRENT = "20261212001"  # profiles/default/metadata.xml


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
    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert not setup.listUpgrades(DEFAULT_PROFILE)


def test_profile_version_has_an_upgrade_path(integration):
    """Every version bump needs a step from the previous one (or the check above fails)."""
    setup = integration["portal"].portal_setup
    assert setup.getVersionForProfile(DEFAULT_PROFILE) == CURRENT
    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)


def test_upgrade_to_security_release(integration):
    """20261122002 → 20261206001: the new settings, the login throttle, and code in forms that
    no Manager approved turned off and listed for a Manager."""
    from Acquisition import aq_base
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.security.forms import ORIGINAL_SETATTR
    from digitalgemeinde.security.forms import turned_off_forms
    from digitalgemeinde.security.login import PLUGIN_ID
    from digitalgemeinde.security.login import uninstall_login_throttle

    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    # what a site of version 20261122002 looked like
    uninstall_login_throttle(portal)
    for name in ("digitalgemeinde.outgoing_allowed_hosts", "digitalgemeinde.clamd_address"):
        del registry.records[name]
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(portal, "EasyForm", id="alt", title="Altes Formular")
    script = (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
        '<field name="run" type="collective.easyform.actions.CustomScript"><title>R</title>'
        "<ScriptBody>return 1</ScriptBody></field></schema></model>"
    )
    ORIGINAL_SETATTR(aq_base(form), "actions_model", script)
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261122002")

    upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert registry["digitalgemeinde.outgoing_allowed_hosts"] in ([], None)
    assert registry["digitalgemeinde.clamd_address"] in ("", None)
    assert PLUGIN_ID in portal.acl_users.objectIds()
    assert "CustomScript" not in form.actions_model
    assert [entry["title"] for entry in turned_off_forms()] == ["Altes Formular"]


def test_upgrade_to_the_portals_chrome(integration):
    """20261206001 → 20261207001: the CSS bundle of the theme layer, the skip link first in
    the header and the portal's home as the site's view; settings changed on the site since
    are left as they are."""
    from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    portal = integration["portal"]
    setup = portal.portal_setup
    registry = getUtility(IRegistry)
    storage = getUtility(IViewletSettingsStorage)
    bundle = "plone.bundles/digitalgemeinde-theme"
    # what a site of version 20261206001 looked like
    for name in [n for n in registry.records if n.startswith(bundle + ".")]:
        del registry.records[name]
    storage.setOrder("plone.portalheader", "*", ())
    registry["digitalgemeinde.upload_max_mb"] = 25
    portal.setLayout("listing_view")
    registry["plone.available_languages"] = ["de", "fr"]
    del registry.records["digitalgemeinde.brand_colour"]
    registry["plone.use_cookie_negotiation"] = False
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261206001")

    upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert registry[f"{bundle}.csscompilation"] == "++resource++digitalgemeinde.theme/portal.css"
    assert registry[f"{bundle}.jscompilation"] == "++resource++digitalgemeinde.theme/portal.js"
    assert registry[f"{bundle}.enabled"] is True
    assert storage.getOrder("plone.portalheader", "*")[0] == "digitalgemeinde.skiplink"
    assert registry["digitalgemeinde.upload_max_mb"] == 25
    assert portal.getLayout() == "portal-home"  # the portal's home, not Plone's listing
    assert registry["plone.available_languages"] == ["de", "fr", "it"]
    assert registry["plone.use_cookie_negotiation"] is True
    assert registry["digitalgemeinde.brand_colour"] == "#00557f"
