"""Site Setup > Login services in a real browser against the demo site `make start` builds, with
the test OpenID Provider (tests/oidc) as the provider: the Manager adds AGOV through the form
(its discovery document is read through the outgoing check, the provider's host allowed in
Site Setup first), and the login page then shows «Anmelden mit AGOV». The overview and the
add form have no axe-core violation of WCAG 2.1 A/AA; both and the login page are saved to
docs/screenshots/."""

import requests

from tests.e2e.conftest import REPO
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
SECRET = "e2e-client-secret"  # noqa: S105
MANAGER_PASSWORD = "Site-Manager-e2e-1"  # noqa: S105


def add_manager(base: str) -> None:
    """A Manager of the site (the Zope admin is not a user of the site's login form)."""
    answer = requests.post(
        f"{base}/@users",
        json={
            "username": "site-manager",
            "email": "site-manager@example.ch",
            "password": MANAGER_PASSWORD,
            "roles": ["Manager"],
        },
        auth=("admin", PASSWORD),
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text[:300]


def allow_host(base: str, issuer: str) -> None:
    host = issuer.split("//", 1)[1]
    answer = requests.patch(
        f"{base}/@registry",
        json={"digitalgemeinde.outgoing_allowed_hosts": [host]},
        auth=("admin", PASSWORD),
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 204, answer.text[:300]


def fill(driver, name: str, value: str) -> None:
    field = by_css(driver, f'[name="form.widgets.{name}"]')
    field.clear()
    field.send_keys(value)


def test_a_manager_adds_a_login_service_and_its_button_shows(server, driver, screenshot, tmp_path):
    base = server.url("/Plone")
    with TestProvider([client("plone", SECRET, base)], tmp_dir=tmp_path) as op:
        allow_host(base, op.issuer)
        add_manager(base)
        log_in(driver, base, "site-manager", MANAGER_PASSWORD)
        driver.get(f"{base}/@@overview-controlpanel")
        driver.get(by_css(driver, 'a[href$="/@@login-providers"]').get_attribute("href"))
        assert by_css(driver, "h1").text == "Login-Dienste"
        assert_accessible(driver, "login services (empty)")
        click(driver, "#add-provider")
        assert_accessible(driver, "add a login service")
        fill(driver, "id", "agov")
        fill(driver, "title", "AGOV")
        fill(driver, "issuer", op.issuer)
        fill(driver, "client_id", "plone")
        fill(driver, "client_secret", SECRET)
        fill(driver, "levels", f"low|{LOW}|niedrig\nhigh|{HIGH}|hoch")
        screenshot(driver, "01-add")
        driver.save_screenshot(str(SCREENSHOTS / "site-setup-login-service.png"))
        click(driver, '[name="form.buttons.save"]')
        assert driver.current_url.endswith("/@@login-providers"), driver.page_source[:3000]
        assert "Secret: gesetzt" in driver.page_source and SECRET not in driver.page_source
        assert_accessible(driver, "login services")
        screenshot(driver, "02-list")
        driver.save_screenshot(str(SCREENSHOTS / "site-setup-login-services.png"))
        log_out(driver, base)
        driver.get(f"{base}/login")
        button = by_css(driver, "a.login-provider")
        assert button.text == "Anmelden mit AGOV"
        screenshot(driver, "03-login")
        driver.save_screenshot(str(SCREENSHOTS / "login-services.png"))
