"""A tenant's admin manages the members of their own tenant's groups, and nothing else."""

import quopri
import re
from urllib.parse import urlencode

import pytest
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing.utils import MockMailHost
from plone.testing.zope import Browser
from Products.MailHost.interfaces import IMailHost
from zExceptions import Forbidden

from tests.helpers import PASSWORD
from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import add_residents_office
from tests.helpers import create_user


def install_mock_mailhost(portal):
    """Collect mails in ``portal.MailHost.messages`` (our layer keeps the real MailHost)."""
    portal.MailHost = mailhost = MockMailHost("MailHost")
    site_manager = portal.getSiteManager()
    site_manager.unregisterUtility(provided=IMailHost)
    site_manager.registerUtility(mailhost, provided=IMailHost)
    api.portal.set_registry_record("plone.email_from_address", "portal@example.ch")
    api.portal.set_registry_record("plone.email_from_name", "Einwohnerportal")


@pytest.fixture
def portal(functional):
    portal = functional["portal"]
    install_mock_mailhost(portal)
    with api.env.adopt_roles(["Manager"]):
        add_canton(portal)
        for tenant_id in ("liestal", "allschwil"):
            tenant = add_municipality(portal, tenant_id)
            add_residents_office(tenant)
            api.content.transition(tenant, "publish")
    for username, groups in (
        ("liestal-admin", ["liestal-admins"]),
        ("liestal-editor", ["liestal-editors"]),
        ("allschwil-admin", ["allschwil-admins"]),
        ("anna", []),
    ):
        create_user(username, groups)
    transaction.commit()
    return portal


def browser_for(app, username, password=PASSWORD):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {username}:{password}")
    return browser


@pytest.fixture
def admin_browser(app, portal):
    browser = browser_for(app, "liestal-admin")
    browser.open(f"{portal.absolute_url()}/liestal/@@tenant-members")
    return browser


def denied(browser) -> bool:
    """Plone answers a logged-in user without the permission with 401/403 or the login page."""
    status = int(browser.headers["status"].split()[0])
    return status in (401, 403) or any(
        page in browser.url for page in ("require_login", "insufficient-privileges")
    )


def members(group_id):
    transaction.begin()  # see what the browser's requests committed
    return sorted(
        api.user.get(userid=user_id).getUserName()
        for user_id in api.portal.get_tool("portal_groups").getGroupMembers(group_id)
    )


def add(browser, login_or_email, group_id):
    form = browser.getForm(id="add-member")
    form.getControl(name="user").value = login_or_email
    form.getControl(name="group").value = [group_id]
    form.submit()


def remove(browser, username, group_id):
    """Press the remove button of ``username`` in the table of ``group_id``."""
    userid = api.user.get(username=username).getId()
    for index in range(100):
        form = browser.getForm(index=index)
        controls = {control.name: control.value for control in form.controls if control.name}
        if controls.get("group") == group_id and controls.get("userid") == userid:
            form.submit()
            return
    raise AssertionError(f"no remove button for {username} in {group_id}")


def post(browser, url, **data):
    """A hand-made POST, as from a tampered page; with the token of the page unless given."""
    data.setdefault("_authenticator", browser.getControl(name="_authenticator", index=0).value)
    browser.post(url, urlencode(data))


class TestTenantAdminManagesOwnGroups:
    def test_sees_own_groups_with_their_members(self, admin_browser):
        page = admin_browser.contents
        assert "Members of Liestal" in page
        for group_id in (
            "liestal-editors",
            "liestal-reviewers",
            "liestal-admins",
            "liestal-einwohnerdienste-staff",
        ):
            assert f'value="{group_id}"' in page
        assert "allschwil-" not in page
        assert "Liestal Editor" in page
        assert "liestal-editor@example.ch" in page

    def test_sees_the_members_action_on_own_tenant(self, app, portal):
        browser = browser_for(app, "liestal-admin")
        browser.open(f"{portal.absolute_url()}/liestal")
        browser.getLink(url="liestal/@@tenant-members").click()
        assert "/liestal/@@tenant-members" in browser.url
        assert "Members of Liestal" in browser.contents

    @pytest.mark.parametrize("group_id", ["liestal-editors", "liestal-einwohnerdienste-staff"])
    def test_adds_and_removes_a_user_by_login(self, admin_browser, group_id):
        add(admin_browser, "anna", group_id)
        assert "Anna was added to" in admin_browser.contents
        assert members(group_id) == sorted(
            ["anna"] + (["liestal-editor"] if group_id == "liestal-editors" else [])
        )
        remove(admin_browser, "anna", group_id)
        assert "Anna was removed from" in admin_browser.contents
        assert "anna" not in members(group_id)

    def test_adds_a_user_by_email(self, admin_browser):
        add(admin_browser, "ANNA@example.ch", "liestal-reviewers")
        assert members("liestal-reviewers") == ["anna"]

    def test_unknown_user_is_named_and_nothing_changes(self, admin_browser):
        add(admin_browser, "nobody@example.ch", "liestal-editors")
        assert "No user with the login name or email address nobody@example.ch" in (
            admin_browser.contents
        )
        assert members("liestal-editors") == ["liestal-editor"]

    def test_cannot_remove_themselves_from_the_admins(self, admin_browser):
        remove(admin_browser, "liestal-admin", "liestal-admins")
        assert "You cannot remove yourself" in admin_browser.contents
        assert members("liestal-admins") == ["liestal-admin"]

    def test_invites_a_new_person_who_gets_a_mail(self, admin_browser, portal):
        form = admin_browser.getForm(id="invite")
        form.getControl(name="fullname").value = "Beat Muster"
        form.getControl(name="email").value = "beat.muster@example.ch"
        form.getControl(name="group").value = ["liestal-einwohnerdienste-staff"]
        form.submit()
        assert "Beat Muster was invited to" in admin_browser.contents
        assert members("liestal-einwohnerdienste-staff") == ["beat.muster"]
        user = api.user.get(username="beat.muster")
        assert user.getProperty("email") == "beat.muster@example.ch"
        assert user.getProperty("fullname") == "Beat Muster"
        [message] = portal.MailHost.messages
        mail = message.decode() if isinstance(message, bytes) else message
        assert "To: beat.muster@example.ch" in mail
        assert "/passwordreset/" in mail
        assert "beat.muster" in mail

    def test_invitation_link_lets_the_person_set_a_password(self, admin_browser, app, portal):
        form = admin_browser.getForm(id="invite")
        form.getControl(name="fullname").value = "Beat Muster"
        form.getControl(name="email").value = "beat.muster@example.ch"
        form.submit()
        transaction.begin()
        mail = portal.MailHost.messages[0]
        mail = mail.decode() if isinstance(mail, bytes) else mail
        body = quopri.decodestring(mail.encode()).decode()
        link = re.search(r"(http://\S+/passwordreset/\S+)", body).group(1)
        browser = Browser(app)
        browser.handleErrors = False
        browser.open(link)
        browser.getControl(name="userid").value = "beat.muster"  # the mail names it
        browser.getControl(name="password").value = "a-new-password-42"
        browser.getControl(name="password2").value = "a-new-password-42"
        browser.getControl("Set my password").click()
        transaction.begin()
        acl_users = api.portal.get_tool("acl_users")
        assert acl_users.authenticate("beat.muster", "a-new-password-42", portal.REQUEST)

    def test_inviting_an_existing_email_asks_to_add_instead(self, admin_browser, portal):
        form = admin_browser.getForm(id="invite")
        form.getControl(name="fullname").value = "Anna Again"
        form.getControl(name="email").value = "anna@example.ch"
        form.submit()
        assert "already exists: add them to the group instead" in admin_browser.contents
        assert members("liestal-editors") == ["liestal-editor"]
        assert portal.MailHost.messages == []

    def test_nobody_is_invited_while_the_site_cannot_send_mail(self, admin_browser, portal):
        api.portal.set_registry_record("plone.smtp_host", "")
        transaction.commit()
        form = admin_browser.getForm(id="invite")
        form.getControl(name="fullname").value = "Beat Muster"
        form.getControl(name="email").value = "beat.muster@example.ch"
        form.submit()
        assert "The site cannot send mail yet, so nobody was invited." in admin_browser.contents
        transaction.begin()
        assert api.user.get(username="beat.muster") is None
        assert members("liestal-editors") == ["liestal-editor"]
        assert portal.MailHost.messages == []


class TestTenantAdminCannotReachFurther:
    @pytest.mark.parametrize(
        "group_id",
        [
            "allschwil-editors",
            "allschwil-einwohnerdienste-staff",
            "Administrators",
            "Site Administrators",
            "AuthenticatedUsers",
        ],
    )
    @pytest.mark.parametrize("action", ["add", "invite"])
    def test_foreign_group_is_refused_and_nothing_changes(
        self, admin_browser, portal, group_id, action
    ):
        url = admin_browser.url
        post(
            admin_browser,
            url,
            action=action,
            group=group_id,
            user="anna",
            email="new@example.ch",
            fullname="New",
        )
        assert "This group does not belong to Liestal: nothing was changed." in (
            admin_browser.contents
        )
        transaction.begin()
        portal_groups = api.portal.get_tool("portal_groups")
        anna = api.user.get(username="anna")
        assert portal_groups.getGroupsForPrincipal(anna) == ["AuthenticatedUsers"]
        assert api.user.get(username="new") is None
        assert portal.MailHost.messages == []

    def test_removing_from_a_foreign_group_is_refused(self, admin_browser):
        userid = api.user.get(username="allschwil-admin").getId()
        post(
            admin_browser,
            admin_browser.url,
            action="remove",
            group="allschwil-admins",
            userid=userid,
        )
        assert "This group does not belong to Liestal" in admin_browser.contents
        assert members("allschwil-admins") == ["allschwil-admin"]

    def test_post_without_csrf_token_is_refused(self, admin_browser):
        with pytest.raises(Forbidden):
            post(
                admin_browser,
                admin_browser.url,
                _authenticator="",
                action="add",
                group="liestal-editors",
                user="anna",
            )
        assert members("liestal-editors") == ["liestal-editor"]

    def test_get_changes_nothing(self, admin_browser):
        admin_browser.open(
            f"{admin_browser.url}?action=add&group=liestal-editors&user=anna"
            f"&_authenticator={admin_browser.getControl(name='_authenticator', index=0).value}"
        )
        assert members("liestal-editors") == ["liestal-editor"]

    @pytest.mark.parametrize("path", ["allschwil/@@tenant-members", "@@usergroup-userprefs"])
    def test_admin_of_liestal_is_denied(self, app, portal, path):
        browser = browser_for(app, "liestal-admin")
        browser.handleErrors = True
        browser.raiseHttpErrors = False
        browser.open(f"{portal.absolute_url()}/{path}")
        assert denied(browser), (browser.headers["status"], browser.url)

    def test_no_members_action_on_other_tenant(self, app, portal):
        browser = browser_for(app, "liestal-admin")
        browser.open(f"{portal.absolute_url()}/allschwil")
        # (the personal menu links the admin's own tenant's members)
        assert "/allschwil/@@tenant-members" not in browser.contents

    def test_editor_of_liestal_cannot_open_the_page(self, app, portal):
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{portal.absolute_url()}/liestal")
        assert "@@tenant-members" not in browser.contents
        browser.handleErrors = True
        browser.raiseHttpErrors = False
        browser.open(f"{portal.absolute_url()}/liestal/@@tenant-members")
        assert denied(browser), (browser.headers["status"], browser.url)

    def test_site_manager_sees_every_tenant(self, app, portal):
        browser = browser_for(app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        browser.open(f"{portal.absolute_url()}/allschwil/@@tenant-members")
        assert "Members of Allschwil" in browser.contents
