"""The tenant's "Standardleistungen" and the association's "Abdeckung" are object actions of
their own. They were nested inside the "Mitglieder" action in actions.xml, so GenericSetup never
made them and Standardleistungen could only be reached by typing its address."""

import transaction
from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from tests.helpers import build_world


def object_actions(context, user: str) -> list[str]:
    tool = api.portal.get_tool("portal_actions")
    with api.env.adopt_user(username=user):
        return [action["id"] for action in tool.listFilteredActionsFor(context)["object"]]


def test_standards_and_coverage_are_actions_of_their_own(integration):
    category = api.portal.get_tool("portal_actions").object
    assert {"tenant-members", "standards", "coverage", "inbox"} <= set(category.objectIds())
    assert "standards" not in category["tenant-members"].objectIds()
    assert category["standards"].getProperty("url_expr").endswith("/@@standards")
    assert category["coverage"].getProperty("url_expr").endswith("/@@coverage")


def test_upgrade_makes_the_missing_actions(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        category = api.portal.get_tool("portal_actions").object
        category.manage_delObjects(["standards", "coverage"])
        portal.portal_setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

        upgrade(portal)

        assert {"standards", "coverage"} <= set(category.objectIds())
        assert "tenant-members" in category.objectIds()
    transaction.abort()


def test_the_editor_finds_standard_services_on_the_municipality(integration):
    world = build_world(integration["portal"], commit=False)
    assert "standards" in object_actions(world["liestal"], "liestal-editor")
    # not on another municipality, and not for the clerk or on the canton
    assert "standards" not in object_actions(world["allschwil"], "liestal-editor")
    assert "standards" not in object_actions(world["liestal"], "liestal-clerk")
    assert "standards" not in object_actions(world["bl"], "bl-editor")
