"""The chrome around every page a citizen sees, in a real browser against the demo site.

Anonymous and as the demo citizen (buerger), at 1280 and 390 px: each page has no axe-core
violation of WCAG 2.1 A/AA on the whole document (header, breadcrumbs, content, footer), the
skip link is the first focusable element and moves the focus to the content, nothing of
Plone's branding shows, and a citizen gets no editing toolbar but "Meine Anliegen" in the
header. The home and a service page are saved to docs/screenshots/ for the README.
"""

import pytest

from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in

SCREENSHOTS = REPO / "docs" / "screenshots"
SERVICE = "/liestal/umzug-melden"
FORM = "form"  # the service's online form, reached from the service page
FORM_WITH_ERRORS = "form after a validation error"
ANONYMOUS_PAGES = {
    "home": "",
    "municipality chooser": "/@@meine-gemeinde",
    "finder": "/@@services?q=Umzug",
    "municipality": "/liestal",
    "service": SERVICE,
    "form": FORM,
    "form with errors": FORM_WITH_ERRORS,
    "login": "/login",
    "registration": "/@@register",
}
ACCOUNT_PAGES = ("login", "registration")
CITIZEN_PAGES = {
    **{name: path for name, path in ANONYMOUS_PAGES.items() if name not in ACCOUNT_PAGES},
    "Meine Anliegen": "/@@meine-anliegen",
}
BRANDING = ("Plone", "Powered by")


def open_page(driver, base, path):
    if path in (FORM, FORM_WITH_ERRORS):
        driver.get(base + SERVICE)
        click(driver, "#service-apply")
        if path == FORM_WITH_ERRORS:  # «Weiter» on the first step with nothing filled in
            click(driver, '[name="form.buttons.next"]')
            assert by_css(driver, ".invalid-feedback, .is-invalid, .error, .alert-danger")
    else:
        driver.get(base + path)


def skip_link_problems(driver) -> list[str]:
    """Tab from the top of the page (whatever a form focused on load): the skip link comes
    first and is visible; Enter on it puts the focus in the content."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script(
        "window.scrollTo(0, 0);"
        "const top = document.createElement('span'); top.id = 'test-top'; top.tabIndex = -1;"
        "document.body.prepend(top); top.focus();"
    )
    ActionChains(driver).send_keys(Keys.TAB).perform()
    driver.execute_script("document.getElementById('test-top').remove()")
    first = driver.switch_to.active_element
    if "dg-skiplink" not in (first.get_attribute("class") or ""):
        return [f"first focusable element is {first.get_attribute('outerHTML')[:120]}"]
    if not first.is_displayed() or first.size["width"] < 10:
        return ["the skip link is not visible when it has the focus"]
    first.send_keys(Keys.ENTER)
    inside = driver.execute_script(
        "const c = document.getElementById('content');"
        "return !!c && c.contains(document.activeElement);"
    )
    return [] if inside else ["the skip link does not move the focus to #content"]


def chrome_problems(driver, citizen: bool) -> list[str]:
    from selenium.webdriver.common.by import By

    problems = []
    text = driver.find_element(By.TAG_NAME, "body").text
    problems += [f"{brand!r} in the page" for brand in BRANDING if brand in text]
    images = driver.execute_script(
        "return [...document.querySelectorAll('img, link[rel~=icon]')].map(e => e.src || e.href)"
    )
    problems += [f"Plone's logo {src}" for src in images if "plone-logo" in src]
    toolbar = driver.find_elements(By.CSS_SELECTOR, "#edit-bar, .plone-toolbar-container")
    if toolbar:
        problems.append("the editing toolbar is shown")
    wide = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if wide > 0:
        problems.append(f"the page is {wide} px wider than the window")
    if citizen:
        mine = driver.find_elements(By.CSS_SELECTOR, "#dg-my-requests")
        if not (mine and mine[0].is_displayed()):
            problems.append('"Meine Anliegen" is not in the header')
    return problems


def visit(driver, base, pages, citizen: bool) -> dict[str, list]:
    found = {}
    for name, path in pages.items():
        open_page(driver, base, path)
        problems = [f"{v['id']} ({v['help']}): {v['nodes']}" for v in axe_violations(driver)]
        problems += chrome_problems(driver, citizen)
        problems += skip_link_problems(driver)
        if problems:
            found[name] = problems
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_anonymous_citizen_sees_an_accessible_portal_of_its_own(server, driver, width):
    driver.set_window_size(width, 1000)
    base = server.url("/Plone")
    assert visit(driver, base, ANONYMOUS_PAGES, citizen=False) == {}


@pytest.mark.parametrize("width", [1280, 390])
def test_logged_in_citizen_sees_no_toolbar_and_meine_anliegen(server, driver, width):
    base = server.url("/Plone")
    log_in(driver, base, "buerger", "Demo-buerger")
    driver.set_window_size(width, 1000)
    assert visit(driver, base, CITIZEN_PAGES, citizen=True) == {}


def test_staff_keep_the_toolbar(server, driver):
    base = server.url("/Plone")
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(base)
    assert by_css(driver, "#edit-bar")


def test_layout_holds_at_320_px(server, driver):
    driver.set_window_size(320, 800)
    base = server.url("/Plone")
    for path in ("", SERVICE, FORM):
        open_page(driver, base, path)
        assert chrome_problems(driver, citizen=False) == [], path


def test_screenshots_of_the_citizens_pages_for_the_readme(server, driver):
    """docs/screenshots/<page>.png of every page an anonymous citizen sees (the README shows
    the home and a service page), 1280 px wide, in 64 colours to keep them small enough to
    commit."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1280, 900)
    base = server.url("/Plone")
    for name, path in ANONYMOUS_PAGES.items():
        open_page(driver, base, path)
        target = SCREENSHOTS / f"{name.replace(' ', '-')}.png"
        driver.save_screenshot(str(target))
        with Image.open(target) as image:
            image.convert("RGB").quantize(colors=64).save(target, optimize=True)
        assert target.stat().st_size < 250_000
