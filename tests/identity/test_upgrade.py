"""20261209001 → 20261210001 (issue 18): an existing site gets the accounts of provider logins,
the catalog index that finds earlier requests by e-mail, the «Login services» entry of Site
Setup and sessions that end after the idle time; its requests stay where they were."""

from plone import api

from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.signin import uninstall_accounts
from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from tests.setup.test_upgrades import CURRENT

CONFIGLET = "digitalgemeinde-login-providers"


def test_upgrade_to_identity_release(functional, submission):
    portal = functional["portal"]
    setup = portal.portal_setup
    catalog = api.portal.get_tool("portal_catalog")
    control_panel = api.portal.get_tool("portal_controlpanel")
    submission.submitter_email = "Anna@Example.ch"
    # what a site of version 20261209001 looked like
    uninstall_accounts(portal)
    catalog.delIndex("submitter_email_key")
    control_panel.unregisterConfiglet(CONFIGLET)
    portal.acl_users.session.timeout = 2 * 60 * 60  # plone.session's own default
    setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261209001")

    upgrade(portal)

    assert PLUGIN_ID in portal.acl_users.objectIds()
    assert CONFIGLET in [action.getId() for action in control_panel.listActions()]
    found = catalog.unrestrictedSearchResults(submitter_email_key="anna@example.ch")
    assert [brain.getPath() for brain in found] == ["/".join(submission.getPhysicalPath())]
    assert portal.acl_users.session.timeout == 30 * 60  # the login settings' idle time
    # and on through the later blocks to the current version
    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
