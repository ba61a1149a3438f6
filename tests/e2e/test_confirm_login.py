"""The re-login before the inbox export in a real browser (issue 18, sessions): a clerk who
logged in with a password more than ``relogin_minutes`` ago is asked for the password again on
``@@confirm-login``; a wrong one is refused with a message next to the field, the right one
lets the export through. No axe-core violation of WCAG 2.1 A/AA on the whole document, with and
without the error. Screenshot: docs/screenshots/staff-confirm-login.png.

Against the acceptance layer's server (tests/identity/test_sessions.py has the same site): a
login an hour old is made by logging in and setting the relogin time to zero minutes."""

import time

import pytest
import transaction

from digitalgemeinde import sitesetup
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import save_login_settings
from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.helpers import PASSWORD
from tests.helpers import build_world

SCREENSHOTS = REPO / "docs" / "screenshots"
EXPORT = "/liestal/einwohnerdienste/@@inbox-export?format=csv"


@pytest.fixture
def site(acceptance):
    build_world(acceptance["portal"])
    sitesetup.configure_languages("de")
    save_login_settings(LoginSettings(relogin_minutes=0))  # every export asks again
    transaction.commit()
    return f"http://localhost:{acceptance['port']}/plone"


def test_an_old_login_confirms_the_password_before_the_export(site, driver):
    log_in(driver, site, "liestal-clerk", PASSWORD)
    driver.get(f"{site}{EXPORT}")
    assert "@@confirm-login" in driver.current_url
    assert "Anmeldung bestätigen" in by_css(driver, "h1").text
    assert axe_violations(driver) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "staff-confirm-login.png"))

    by_css(driver, "#confirm-login-password").send_keys("not-the-password")
    click(driver, "#confirm-login button[name='form.buttons.confirm']")
    error = by_css(driver, "#confirm-login-error")
    assert "Passwort" in error.text
    field = by_css(driver, "#confirm-login-password")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "confirm-login-error"
    assert axe_violations(driver) == []

    # the right password: the confirmation sends the browser on to the export (a download)
    save_login_settings(LoginSettings(relogin_minutes=15))
    transaction.commit()
    by_css(driver, "#confirm-login-password").send_keys(PASSWORD)
    by_css(driver, "#confirm-login button[name='form.buttons.confirm']").click()
    for _attempt in range(50):
        files = list(driver.download_dir.glob("posteingang-*.csv"))
        if files:
            break
        time.sleep(0.2)
    assert files, driver.current_url
