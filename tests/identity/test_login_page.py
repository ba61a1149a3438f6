"""Issue 18: the login page offers a button per login service (citizens' providers, then a
section for staff); with the local login off, the password form gives way to the buttons and a
link for administrators, registering is closed, and a local Manager still logs in with a
password."""

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import transaction
from plone import api

from digitalgemeinde.identity.local_login import save_settings
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import Provider
from digitalgemeinde.identity.providers import save_provider
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import PASSWORD
from tests.helpers import browser_for
from tests.helpers import create_user


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    configure_languages("de")
    save_provider(Provider(id="agov", title="AGOV", issuer="https://agov.example", client_id="p"))
    save_provider(
        Provider(
            id="kanton",
            title="Kanton BL",
            issuer="https://login.bl.example",
            client_id="s",
            audience=STAFF,
        )
    )
    save_provider(
        Provider(
            id="off", title="Abgeschaltet", issuer="https://x.example", client_id="x", enabled=False
        )
    )
    create_user("notfall")
    api.user.grant_roles(username="notfall", roles=["Manager"])
    transaction.commit()
    return portal


def local_login(on: bool) -> None:
    save_settings(LoginSettings(local_login=on))
    transaction.commit()


def login_page(site, language="de", query=""):
    browser = browser_for(site.aq_parent)
    browser.addHeader("Accept-Language", language)
    browser.open(f"{site.absolute_url()}/login{query}")
    assert browser.headers["status"].startswith("200")
    return browser


def test_a_button_per_login_service_in_german(site):
    browser = login_page(site, query="?came_from=" + site.absolute_url() + "/liestal")
    citizens = browser.getLink("Anmelden mit AGOV")
    query = parse_qs(urlsplit(citizens.url).query)
    assert citizens.url.startswith(f"{site.absolute_url()}/@@oidc-login?")
    assert query == {"provider": ["agov"], "came_from": [f"{site.absolute_url()}/liestal"]}
    staff = browser.getLink("Anmelden mit Kanton BL")
    assert parse_qs(urlsplit(staff.url).query)["provider"] == ["kanton"]
    html = browser.contents
    assert "Mit einem Login-Dienst anmelden" in html
    assert html.index("Mitarbeitende") < html.index("Anmelden mit Kanton BL")
    assert html.index("Anmelden mit AGOV") < html.index("Mitarbeitende")
    assert "Abgeschaltet" not in html  # a provider switched off has no button
    assert browser.getControl(name="__ac_password")  # the local login is on: the form stays
    assert "@@register" in html


def test_the_buttons_in_french(site):
    browser = login_page(site, language="fr")
    assert browser.getLink("Se connecter avec AGOV")
    assert browser.getLink("Se connecter avec Kanton BL")
    assert "Collaborateurs" in browser.contents


def test_without_local_login_the_buttons_replace_the_password_form(site):
    local_login(False)
    browser = login_page(site)
    assert browser.getLink("Anmelden mit AGOV")
    assert 'name="__ac_password"' not in browser.contents
    assert "@@register" not in browser.contents
    browser.getLink("Anmeldung für Administratorinnen und Administratoren").click()
    assert "local=1" in browser.url
    assert browser.getControl(name="__ac_password")


def test_without_local_login_registering_is_refused(site):
    local_login(False)
    browser = browser_for(site.aq_parent)
    browser.addHeader("Accept-Language", "de")
    browser.open(f"{site.absolute_url()}/@@register")
    assert browser.headers["status"].startswith("403")
    assert "Registrierung geschlossen" in browser.contents
    assert 'name="form.widgets.email"' not in browser.contents
    assert api.portal.get_registry_record("plone.enable_self_reg") is False
    local_login(True)
    browser.open(f"{site.absolute_url()}/@@register")
    assert browser.headers["status"].startswith("200")
    assert browser.getControl(name="form.widgets.email")


def test_without_local_login_a_manager_still_logs_in_with_a_password(site):
    local_login(False)
    browser = login_page(site, query="?local=1")
    browser.getControl(name="__ac_name").value = "notfall"
    browser.getControl(name="__ac_password").value = PASSWORD
    browser.getControl(name="buttons.login").click()
    assert "__ac" in browser.cookies
    browser.open(f"{site.absolute_url()}/@@login-providers")
    assert browser.headers["status"].startswith("200")
    assert "Login-Dienste" in browser.contents


def test_a_wrong_password_shows_the_form_with_its_message(site):
    local_login(False)
    browser = login_page(site, query="?local=1")
    browser.getControl(name="__ac_name").value = "notfall"
    browser.getControl(name="__ac_password").value = "wrong"
    browser.getControl(name="buttons.login").click()
    assert browser.getControl(name="__ac_password")  # the form and its error stay visible
    assert "__ac" not in browser.cookies


def test_without_any_login_service_the_password_form_stays(site):
    from digitalgemeinde.identity.providers import delete_provider

    for each in ("agov", "kanton", "off"):
        delete_provider(each)
    save_settings(LoginSettings(local_login=False))
    transaction.commit()
    browser = login_page(site)
    assert browser.getControl(name="__ac_password")
    assert "Anmelden mit" not in browser.contents
