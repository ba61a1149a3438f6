"""``@@payment-settings``: a tenant's admin sets the tenant's merchant account; its secrets are
never in a page again (only «gesetzt»); nobody else may open or post the page."""

from urllib.parse import urlencode

import pytest
import transaction

from digitalgemeinde import sitesetup
from digitalgemeinde.payments import accounts
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.helpers import create_user

PASSWORD = "Pw-3xq9!tT7r"
HMAC_KEY = "5e" * 32
W = "form.widgets."


@pytest.fixture
def site(world):
    create_user("liestal-admin-2", ["liestal-admins"])
    create_user("allschwil-admin", ["allschwil-admins"])
    create_user("bl-admin", ["bl-admins"])  # the canton's: not a municipality's admin
    sitesetup.configure_languages("de")
    transaction.commit()
    return world


@pytest.fixture
def url(site):
    return f"{site['liestal'].absolute_url()}/@@payment-settings"


def status(browser) -> int:
    return int(browser.headers["status"].split()[0])


def denied(browser) -> bool:
    return status(browser) in (401, 403) or any(
        page in browser.url
        for page in ("require_login", "insufficient-privileges", "/login?came_from")
    )


def fill(browser, **values):
    for name, value in values.items():
        control = browser.getControl(name=f"{W}{name}" + (":list" if name in BOOLS else ""))
        if name in BOOLS:
            control.value = ["selected"] if value else []
        else:
            control.value = value


BOOLS = {"active", "clear_password", "clear_hmac_key"}


def save(browser, **values):
    fill(browser, **values)
    browser.getControl(name="form.buttons.save").click()


def first_save(app, url, user="liestal-admin", **values):
    browser = browser_for(app, user)
    browser.open(url)
    values = {
        "merchant_id": "1100012345",
        "password": PASSWORD,
        "hmac_key": HMAC_KEY,
        "active": True,
        **values,
    }
    save(browser, **values)
    return browser


def stored(site):
    transaction.begin()
    return accounts.settings_of(site["liestal"])


class TestTenantAdmin:
    def test_sets_the_account_and_never_sees_the_secrets_again(self, app, site, url):
        browser = first_save(app, url)
        assert browser.url == url
        assert "Die Zahlungseinstellungen wurden gespeichert." in browser.contents
        assert PASSWORD not in browser.contents and HMAC_KEY not in browser.contents
        assert (
            browser.contents.count("Gesetzt. Leer lassen, um den gespeicherten Wert zu behalten.")
            == 2
        )
        settings = stored(site)
        assert settings.merchant_id == "1100012345" and settings.active
        assert settings.secrets_set == {"password", "hmac_key"}
        # another admin of the tenant, later: still only «gesetzt», empty inputs
        other = browser_for(app, "liestal-admin-2")
        other.open(url)
        assert PASSWORD not in other.contents and HMAC_KEY not in other.contents
        assert other.getControl(name=f"{W}password").value == ""
        assert other.getControl(name=f"{W}merchant_id").value == "1100012345"
        assert "von Liestal Admin" in other.contents  # who changed it last

    def test_an_empty_secret_on_edit_keeps_it(self, app, site, url):
        browser = first_save(app, url)
        save(browser, merchant_id="1100054321")
        assert "gespeichert" in browser.contents
        transaction.begin()
        account = accounts.account_for(site["liestal-service"])
        assert account.merchant_id == "1100054321"
        assert account.secrets == {"password": PASSWORD, "hmac_key": HMAC_KEY}

    def test_removes_a_secret(self, app, site, url):
        browser = first_save(app, url)
        save(browser, clear_hmac_key=True, active=False)
        assert "gespeichert" in browser.contents
        assert stored(site).secrets_set == {"password"}
        assert "Nicht gesetzt." in browser.contents

    def test_a_manager_may_set_it(self, app, site, url):
        first_save(app, url, user="admin")
        assert stored(site).merchant_id == "1100012345"

    def test_the_cantons_admin_sets_the_cantons_account_for_its_services(self, app, site):
        first_save(app, f"{site['bl'].absolute_url()}/@@payment-settings", user="bl-admin")
        transaction.begin()
        assert accounts.account_for(site["bl-service"]).merchant_id == "1100012345"
        assert accounts.account_for(site["liestal-service"]) is None

    def test_finds_the_page_on_the_dashboard(self, app, site, url):
        browser = browser_for(app, "liestal-admin")
        browser.open(f"{site['liestal'].absolute_url()}/@@tenant-dashboard")
        browser.getLink(url="@@payment-settings").click()
        assert browser.url == url
        assert "Datatrans" in browser.contents

    @pytest.mark.parametrize(
        "language, heading",
        [
            ("de", "So erhalten Sie ein Händlerkonto"),
            ("fr", "Comment obtenir un compte de commerçant"),
            ("it", "Come ottenere un conto esercente"),
        ],
    )
    def test_the_page_explains_how_to_get_an_account(self, app, site, url, language, heading):
        browser = browser_for(app, "liestal-admin")
        browser.addHeader("Accept-Language", language)
        browser.open(url)
        assert heading in browser.contents


class TestBadInput:
    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("merchant_id", "12345", "Eine Merchant-ID von Datatrans hat 10 Ziffern"),
            ("hmac_key", "kein-hex", "hexadezimal"),
            ("api_url", "http://api.example.ch", "Nur https://-Adressen sind erlaubt"),
            ("pay_url", "https://pay.example.ch?x=1", "Geben Sie eine Adresse wie"),
        ],
    )
    def test_refused_in_german_and_the_other_values_kept(
        self, app, site, url, field, value, message
    ):
        browser = browser_for(app, "liestal-admin")
        browser.open(url)
        values = {
            "merchant_id": "1100012345",
            "password": PASSWORD,
            "hmac_key": HMAC_KEY,
            "api_url": "https://api.sandbox.datatrans.com",
            "pay_url": "https://pay.sandbox.datatrans.com",
            "active": True,
            field: value,
        }
        save(browser, **values)
        assert message in browser.contents
        for name in ("merchant_id", "api_url", "pay_url"):
            assert browser.getControl(name=f"{W}{name}").value == values[name]
        assert browser.getControl(name=f"{W}active:list").value == ["selected"]
        # the secrets typed are not sent back, and the page says so
        assert PASSWORD not in browser.contents and HMAC_KEY not in browser.contents
        assert "geben Sie die geheimen Werte erneut ein" in browser.contents
        assert stored(site).exists is False

    def test_an_active_account_needs_its_secrets(self, app, site, url):
        browser = first_save(app, url, password="", hmac_key="")
        assert "Für ein aktives Konto nötig: API-Passwort" in browser.contents
        assert stored(site).exists is False


class TestRefusedToOthers:
    @pytest.mark.parametrize(
        "user",
        [
            None,
            "allschwil-admin",
            "bl-admin",
            "liestal-editor",
            "liestal-reviewer",
            "liestal-clerk",
        ],
    )
    def test_the_page_and_a_post(self, app, site, url, user):
        browser = browser_for(app, user)
        browser.open(url)
        assert denied(browser)
        admin = browser_for(app, "liestal-admin")
        admin.open(url)
        token = admin.getControl(name="_authenticator").value
        data = {
            f"{W}merchant_id": "1100099999",
            f"{W}provider:list": "datatrans",
            f"{W}active:list": "selected",
            f"{W}password": "stolen",
            f"{W}hmac_key": "ab" * 8,
            "form.buttons.save": "Speichern",
            "_authenticator": token,
        }
        browser.post(url, urlencode(data))
        assert denied(browser)
        assert stored(site).exists is False

    def test_not_on_the_dashboard_of_an_editor(self, app, site):
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{site['liestal'].absolute_url()}/@@tenant-dashboard")
        assert "@@payment-settings" not in browser.contents

    def test_a_post_without_the_csrf_token_stores_nothing(self, app, site, url):
        browser = browser_for(app, "liestal-admin")
        data = {
            f"{W}merchant_id": "1100099999",
            f"{W}provider:list": "datatrans",
            f"{W}password": "x",
            f"{W}hmac_key": "ab" * 8,
            "form.buttons.save": "Speichern",
        }
        browser.post(url, urlencode(data))
        assert status(browser) in (403, 302) or "gespeichert" not in browser.contents
        assert stored(site).exists is False


def test_the_tenants_rest_answer_has_no_secret(app, site, url):
    first_save(app, url)
    for user in ("admin", "liestal-admin"):
        code, body = RestClient(app, user).get(site["liestal"].absolute_url())
        assert code == 200
        text = str(body)
        assert PASSWORD not in text and HMAC_KEY not in text and "1100012345" not in text
