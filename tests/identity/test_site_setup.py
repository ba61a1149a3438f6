"""Issue 18: Site Setup > Login services. A Manager adds, edits and deletes OpenID Connect
providers through the form; the issuer is checked against the real test provider's discovery
document before anything is stored; the client secret is never shown again; nobody else gets
in."""

import pytest
import transaction
from plone import api

from digitalgemeinde.identity import discovery
from digitalgemeinde.identity.providers import login_settings
from digitalgemeinde.identity.providers import provider
from digitalgemeinde.identity.providers import providers
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import browser_for
from tests.helpers import build_world
from tests.helpers import create_user
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client

SECRET = "very-secret-client-secret-4711"  # noqa: S105 (a value to look for in the pages)
LEVELS = "low|urn:test:loa:low|niedrig\nhigh|urn:test:loa:high|hoch"


@pytest.fixture
def op(tmp_path):
    with TestProvider([client("plone", SECRET, "http://localhost/plone")], tmp_dir=tmp_path) as op:
        discovery.forget()
        yield op
    discovery.forget()


@pytest.fixture
def site(functional, op):
    portal = functional["portal"]
    build_world(portal, commit=False)
    create_user("site-manager")
    api.user.grant_roles(username="site-manager", roles=["Manager"])
    allow(op)
    transaction.commit()
    return portal


def allow(op, hosts=None):
    port = op.issuer.rsplit(":", 1)[1]
    hosts = [f"127.0.0.1:{port}"] if hosts is None else hosts
    api.portal.set_registry_record("digitalgemeinde.outgoing_allowed_hosts", hosts)


def manager(site, language=""):
    browser = browser_for(site.aq_parent, "site-manager")
    if language:
        browser.addHeader("Accept-Language", language)
    return browser


def fill(browser, **values):
    for name, value in values.items():
        control = browser.getControl(name=f"form.widgets.{name}")
        control.value = value


def add_agov(browser, site, op, **changes):
    browser.open(f"{site.absolute_url()}/@@login-provider-add")
    values = {
        "id": "agov",
        "title": "AGOV",
        "issuer": op.issuer,
        "client_id": "plone",
        "client_secret": SECRET,
        "levels": LEVELS,
        **changes,
    }
    fill(browser, **values)
    browser.getControl(name="form.widgets.verified:list").value = ["given_name", "birthdate"]
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    return browser


def stored():
    transaction.begin()
    return providers()


class TestAddEditDelete:
    def test_a_manager_adds_a_provider_and_the_secret_is_never_shown(self, site, op):
        browser = add_agov(manager(site), site, op)
        assert browser.url.endswith("@@login-providers"), browser.contents[:2000]
        (agov,) = stored()
        assert agov.id == "agov" and agov.issuer == op.issuer and agov.client_secret == SECRET
        assert [level.acr for level in agov.levels] == ["urn:test:loa:low", "urn:test:loa:high"]
        assert agov.verified == ("given_name", "birthdate") and agov.enabled
        assert "Secret: set" in browser.contents and SECRET not in browser.contents
        browser.getLink(url="@@login-provider-edit").click()
        assert SECRET not in browser.contents
        assert browser.getControl(name="form.widgets.client_secret").value == ""
        assert browser.getControl(name="form.widgets.issuer").value == op.issuer

    def test_an_empty_secret_on_edit_keeps_the_stored_one(self, site, op):
        browser = add_agov(manager(site), site, op)
        browser.open(f"{site.absolute_url()}/@@login-provider-edit?id=agov")
        fill(browser, title="AGOV Login", client_secret="")
        browser.getControl(name="form.widgets.audience:list").value = ["citizens"]
        browser.getControl(name="form.buttons.save").click()
        assert browser.url.endswith("@@login-providers")
        assert "AGOV Login" in browser.contents and SECRET not in browser.contents
        agov = stored()[0]
        assert agov.title == "AGOV Login" and agov.client_secret == SECRET
        browser.open(f"{site.absolute_url()}/@@login-provider-edit?id=agov")
        fill(browser, client_secret="a-new-secret")
        browser.getControl(name="form.buttons.save").click()
        assert stored()[0].client_secret == "a-new-secret"  # noqa: S105

    def test_delete_asks_first_and_needs_the_post(self, site, op):
        browser = add_agov(manager(site), site, op)
        browser.getLink(url="@@login-provider-delete").click()
        assert "@@login-provider-delete" in browser.url
        assert stored()  # asking deletes nothing
        browser.getControl(name="form.buttons.delete").click()
        assert browser.url.endswith("@@login-providers")
        assert stored() == []
        assert "No login service is configured." in browser.contents

    def test_delete_without_the_csrf_token_is_refused(self, site, op):
        add_agov(manager(site), site, op)
        browser = manager(site)
        browser.post(
            f"{site.absolute_url()}/@@login-provider-delete", "id=agov&form.buttons.delete=1"
        )
        assert not browser.headers["status"].startswith(("200", "303"))
        assert [each.id for each in stored()] == ["agov"]

    def test_a_staff_provider_maps_groups_that_exist(self, site, op):
        browser = manager(site)
        browser.open(f"{site.absolute_url()}/@@login-provider-add")
        fill(
            browser,
            id="kanton",
            title="Kanton BL",
            issuer=op.issuer,
            client_id="plone-staff",
            client_secret=SECRET,
            group_claim="groups",
            group_map="BL-Liestal-Einwohnerdienste|liestal-einwohnerdienste-staff",
        )
        browser.getControl(name="form.widgets.audience:list").value = ["staff"]
        browser.getControl(name="form.buttons.save").click()
        kanton = provider("kanton") if stored() else None
        assert kanton is not None and kanton.audience == "staff"
        assert kanton.group_map == (
            ("BL-Liestal-Einwohnerdienste", "liestal-einwohnerdienste-staff"),
        )


class TestRefused:
    def refused(self, browser):
        assert browser.headers["status"].startswith("200")
        assert "@@login-provider-add" in browser.url
        assert stored() == []  # nothing stored
        return browser.contents

    def test_a_malformed_level_line_is_named(self, site, op):
        browser = add_agov(manager(site), site, op, levels="low|urn:test:loa:low|niedrig\nhoch")
        assert "Line 2 («hoch») is not of the form name|acr value|title." in self.refused(browser)

    def test_an_unknown_group_is_named(self, site, op):
        browser = add_agov(manager(site), site, op, group_map="Einwohnerdienste|no-such-group")
        assert "there is no group «no-such-group» in this portal" in self.refused(browser)

    def test_an_unknown_data_name_in_the_claim_mapping(self, site, op):
        browser = add_agov(manager(site), site, op, claims="shoe_size|shoe")
        assert "Line 1 («shoe_size|shoe»): «shoe_size» is not one of" in self.refused(browser)

    def test_an_unreachable_issuer(self, site, op):
        port = op.issuer.rsplit(":", 1)[1]
        browser = add_agov(manager(site), site, op, issuer=f"http://127.0.0.1:{port}/nothing")
        assert "could not be read" in self.refused(browser)

    def test_a_wrong_issuer_in_the_discovery_document(self, site, op):
        browser = add_agov(manager(site), site, op, issuer=op.issuer + "/")
        assert f"names the issuer «{op.issuer}»" in self.refused(browser)

    def test_a_host_not_allowed_for_outgoing_connections(self, site, op):
        allow(op, [])
        transaction.commit()
        browser = add_agov(manager(site), site, op)
        host = op.issuer.split("//", 1)[1]
        text = self.refused(browser)
        assert f"The portal may not connect to {host}" in text
        assert "Site Setup &gt; Einwohnerportal &gt; Outgoing connections" in text

    def test_german_messages(self, site, op):
        configure_languages("de")
        transaction.commit()
        browser = add_agov(manager(site, "de"), site, op, levels="hoch")
        assert "Zeile 1 («hoch»)" in self.refused(browser)


class TestLoginSettings:
    def test_a_manager_switches_the_local_login_off(self, site, op):
        browser = manager(site)
        browser.open(f"{site.absolute_url()}/@@login-providers")
        browser.getLink(id="edit-login-settings").click()
        browser.getControl(name="form.widgets.local_login:list").value = []
        fill(browser, session_hours="4", idle_minutes="20", relogin_minutes="10")
        browser.getControl(name="form.buttons.save").click()
        transaction.begin()
        settings = login_settings()
        assert not settings.local_login
        assert (settings.session_hours, settings.idle_minutes, settings.relogin_minutes) == (
            4,
            20,
            10,
        )
        assert api.portal.get_registry_record("plone.enable_self_reg") is False

    def test_out_of_range_values_are_refused(self, site, op):
        browser = manager(site)
        browser.open(f"{site.absolute_url()}/@@login-settings")
        fill(browser, idle_minutes="0")
        browser.getControl(name="form.buttons.save").click()
        assert "@@login-settings" in browser.url
        transaction.begin()
        assert login_settings().idle_minutes == 30


PAGES = [
    "@@login-providers",
    "@@login-provider-add",
    "@@login-provider-edit?id=agov",
    "@@login-provider-delete?id=agov",
    "@@login-settings",
]


@pytest.mark.parametrize("user", ["liestal-admin", "liestal-editor", None])
def test_only_managers_get_in(site, op, user):
    add_agov(manager(site), site, op)
    browser = browser_for(site.aq_parent, user)
    for page in PAGES:
        browser.open(f"{site.absolute_url()}/{page}")
        contents = browser.contents
        if isinstance(contents, bytes):
            contents = contents.decode("utf-8", "replace")
        assert "Login services" not in contents, (page, browser.url, browser.headers["status"])
        assert SECRET not in contents
        assert "form.widgets.issuer" not in contents, page
    browser.post(f"{site.absolute_url()}/@@login-provider-delete", "id=agov&form.buttons.delete=1")
    assert [each.id for each in stored()] == ["agov"]


def test_the_control_panel_lists_it_for_managers(site, op):
    browser = manager(site, "de")
    configure_languages("de")
    transaction.commit()
    browser.open(f"{site.absolute_url()}/@@overview-controlpanel")
    link = browser.getLink(url="@@login-providers")
    assert "Login-Dienste" in link.text


def test_the_delete_question_in_german(site, op):
    configure_languages("de")
    transaction.commit()
    browser = add_agov(manager(site, "de"), site, op)
    browser.getLink(url="@@login-provider-delete").click()
    assert "Login-Dienst <span>«AGOV»</span> löschen?" in browser.contents
    assert ">Löschen</button>" in browser.contents
