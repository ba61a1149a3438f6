"""20261207001 → 20261208001: existing sites keep requests out of sitemaps and the site search,
and their Submission type loses its edit action."""

import transaction
from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from tests.setup.test_upgrades import CURRENT


def test_upgrade_hides_requests_and_their_edit_form(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        hidden = api.portal.get_registry_record("plone.types_not_searched")
        api.portal.set_registry_record(
            "plone.types_not_searched", tuple(name for name in hidden if name != "Submission")
        )
        fti = api.portal.get_tool("portal_types").getTypeInfo("Submission")
        fti.addAction(
            "edit", "Edit", "string:${object_url}/edit", "", ("Modify portal content",), "object"
        )
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert "Submission" in api.portal.get_registry_record("plone.types_not_searched")
    assert "edit" not in [action.getId() for action in fti.listActions()]
    assert "view" in [action.getId() for action in fti.listActions()]
    transaction.abort()


def test_a_new_site_has_no_edit_action_on_requests(integration):
    fti = api.portal.get_tool("portal_types").getTypeInfo("Submission")
    assert [action.getId() for action in fti.listActions()] == ["view"]
    assert "Submission" in api.portal.get_registry_record("plone.types_not_searched")
