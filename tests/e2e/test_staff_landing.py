"""The staff's landing, in a real browser against the demo site: each role logs in through the
login form and lands where it works; the inbox, the dashboard and a service's edit form have no
axe-core violation of WCAG 2.1 A/AA on the whole document; a page of another municipality is
refused with a page that names whose it is. Screenshots go to docs/screenshots/."""

import pytest

from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out

SCREENSHOTS = REPO / "docs" / "screenshots"
LANDINGS = {
    "liestal-clerk": "/liestal/einwohnerdienste/@@inbox",
    "liestal-editor": "/liestal/@@tenant-dashboard",
    "liestal-admin": "/liestal/@@tenant-members",
    "verband-editor": "/verband",
    "buerger": "/@@meine-anliegen",
}


def password(user: str) -> str:
    return f"Demo-{user}"


def landed(driver, base: str) -> str:
    by_css(driver, "#content")
    return driver.current_url.split("?")[0].removeprefix(base).rstrip("/")


def assert_accessible(driver, page: str) -> None:
    violations = axe_violations(driver)
    assert violations == [], f"{page}: {violations}"


@pytest.mark.parametrize("user", sorted(LANDINGS))
def test_each_role_lands_where_it_works(server, driver, user):
    base = server.url("/Plone")
    log_in(driver, base, user, password(user))
    assert landed(driver, base) == LANDINGS[user]
    log_out(driver, base)


def test_clerk_inbox_and_editor_dashboard_are_accessible(server, driver):
    base = server.url("/Plone")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(driver, base, "liestal-clerk", password("liestal-clerk"))
    assert landed(driver, base) == LANDINGS["liestal-clerk"]
    assert_accessible(driver, "inbox")
    driver.save_screenshot(str(SCREENSHOTS / "staff-inbox.png"))
    log_out(driver, base)

    log_in(driver, base, "liestal-editor", password("liestal-editor"))
    assert landed(driver, base) == LANDINGS["liestal-editor"]
    assert "Liestal verwalten" in by_css(driver, "h1").text
    assert (
        by_css(driver, "#dg-standards-link").get_attribute("href").endswith("/liestal/@@standards")
    )
    assert_accessible(driver, "dashboard")
    driver.save_screenshot(str(SCREENSHOTS / "staff-dashboard.png"))
    driver.get(f"{base}/liestal/umzug-melden/edit")
    by_css(driver, '[name="form.buttons.save"]')
    assert_accessible(driver, "service edit form")
    log_out(driver, base)


def test_a_page_of_another_municipality_is_refused_by_name(server, driver):
    base = server.url("/Plone")
    log_in(driver, base, "allschwil-editor", password("allschwil-editor"))
    driver.get(f"{base}/liestal/umzug-melden/edit")
    text = by_css(driver, "#content").text
    assert "Diese Seite gehört zu Liestal" in text
    assert "Unzureichende Berechtigungen" not in driver.page_source
    assert (
        by_css(driver, "#dg-refused-back")
        .get_attribute("href")
        .endswith("/allschwil/@@tenant-dashboard")
    )
    assert_accessible(driver, "refusal")
    driver.save_screenshot(str(SCREENSHOTS / "staff-refused.png"))
    log_out(driver, base)
