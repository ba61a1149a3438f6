"""«Neue Leistung mit Formular» in a real browser against the demo site `make start` builds.

Liestal's editor opens the guided step from the municipality's page, creates a service with its
form, lands on the form's field editor and submits both for publication: at most three screens
from the guided step to done. Liestal's reviewer publishes them; a citizen sends the new form
and the receipt says the mail was sent (the form starts with the field ``email``). The guided
step, the service's edit form and the form's field editor have no axe-core violation of WCAG
2.1 A/AA. The guided step and the association's coverage dashboard are saved to
docs/screenshots/.
"""

from tests.e2e.conftest import REPO
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out

SCREENSHOTS = REPO / "docs" / "screenshots"
TITLE = "Parkkarte Anwohner beantragen"
SLUG = "parkkarte-anwohner-beantragen"


def load_marker(driver) -> float:
    """When the browser loaded the page it shows (a new value after every page load)."""
    return driver.execute_script("return performance.timeOrigin")


def fill_new_service(driver):
    by_css(driver, '[name="form.widgets.title"]').send_keys(TITLE)
    by_css(driver, '[name="form.widgets.description"]').send_keys(
        "Die Parkkarte für Anwohnerinnen und Anwohner der Altstadt."
    )
    topic = by_css(driver, 'input[name="form.widgets.topics:list"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", topic)
    topic.click()
    driver.execute_script(
        """const select = document.querySelector('[name="form.widgets.office:list"]');
        const option = [...select.options].find(o => o.text.startsWith('Einwohnerdienste'));
        select.value = option.value;
        select.dispatchEvent(new Event('change', {bubbles: true}));""",
    )
    by_css(driver, '[name="form.widgets.fee_amount"]').send_keys("30.00")
    by_css(driver, '[name="form.widgets.processing_time"]').send_keys("5 Arbeitstage")


def editor_creates_and_submits(driver, base, screenshot) -> str:
    """The editor's way, counting the screens from the guided step until done."""
    log_in(driver, base, "liestal-editor", "Demo-liestal-editor")
    driver.get(f"{base}/liestal")
    click(driver, ".tenant-new-service a")
    screens = [load_marker(driver)]
    assert by_css(driver, "h1").text == "Neue Leistung mit Formular"
    assert_accessible(driver, "new service page")
    fill_new_service(driver)
    driver.save_screenshot(str(SCREENSHOTS / "editor-new-service.png"))
    screenshot(driver, "01-new-service")
    click(driver, '[name="form.buttons.create"]')
    screens.append(load_marker(driver))
    form_url = driver.current_url.removesuffix("/fields")
    assert form_url.endswith(f"/liestal/{SLUG}-formular")
    assert "Noch zu tun" in driver.page_source
    screenshot(driver, "02-field-editor")
    assert_accessible(driver, "field editor")
    click(driver, "#publish-with-service")
    screens.append(load_marker(driver))
    assert "Zur Veröffentlichung eingereicht" in driver.page_source
    screenshot(driver, "03-submitted")
    assert len(set(screens)) == len(screens) <= 3
    # the service's edit form (for its page's texts) is accessible too
    driver.get(f"{base}/liestal/{SLUG}/edit")
    assert_accessible(driver, "service edit form")
    log_out(driver, base)
    return form_url


def reviewer_publishes(driver, base, form_url, screenshot):
    log_in(driver, base, "liestal-reviewer", "Demo-liestal-reviewer")
    driver.get(form_url)
    click(driver, "#publish-with-service")
    assert "Veröffentlicht" in driver.page_source
    screenshot(driver, "04-published")
    log_out(driver, base)


def citizen_sends(driver, base, form_url, screenshot):
    driver.get(f"{base}/liestal/{SLUG}")
    assert "Anmelden" not in by_css(driver, "h1").text
    driver.get(form_url)
    page = driver.page_source
    assert page.index("Zweck und Datenschutz") < page.index('name="form.buttons.submit"')
    for name, value in {
        "vorname": "Anna",
        "nachname": "Muster",
        "adresse": "Rathausstrasse 3",
        "plz_ort": "4410 Liestal",
        "email": "anna.muster@example.ch",
    }.items():
        by_css(driver, f'[name="form.widgets.{name}"]').send_keys(value)
    click(driver, '[name="form.buttons.submit"]')
    assert "/@@anliegen/" in driver.current_url
    thanks = by_css(driver, "#receipt-thanks").text
    assert "Wir haben sie Ihnen auch per E-Mail geschickt." in thanks
    assert not driver.find_elements("css selector", "#receipt-no-mail")
    screenshot(driver, "05-receipt")


def test_editor_builds_a_service_with_its_form_in_three_screens(server, driver, screenshot):
    base = server.url("/Plone")
    form_url = editor_creates_and_submits(driver, base, screenshot)
    reviewer_publishes(driver, base, form_url, screenshot)
    citizen_sends(driver, base, form_url, screenshot)


def test_coverage_dashboard_screenshot(server, driver, screenshot):
    base = server.url("/Plone")
    log_in(driver, base, "verband-editor", "Demo-verband-editor")
    driver.get(f"{base}/verband/@@coverage")
    assert by_css(driver, "h1").text
    driver.save_screenshot(str(SCREENSHOTS / "editor-coverage.png"))
    screenshot(driver, "coverage")
