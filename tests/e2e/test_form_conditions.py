"""A condition on form fields in a real browser against the demo site (issue 19): on the third
step of the demo's «Umzug melden», ticking «Ein Hund zieht mit» shows the dog's fields live,
unticking hides them (``hidden``: out of the page and of the accessibility tree; disabled: not
sent), with no WCAG 2.1 A/AA violation on the whole document (axe-core) either way. The
server's side (hidden fields neither required nor stored) is tested in
tests/submissions/test_conditions.py."""

import pytest
import requests

from tests.e2e.test_form_availability import SCREENSHOTS
from tests.e2e.test_form_availability import look
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import walk_to_the_addresses

SERVICE = "liestal/umzug-melden"
DOG_FIELDS = ("hund_name", "chip_nummer")


@pytest.fixture(scope="module")
def umzug(server):
    base = server.url("/Plone")
    page = requests.get(f"{base}/{SERVICE}", timeout=60)
    assert page.status_code == 200
    start = page.text.index('id="service-apply"')
    anchor = page.text.rfind("<a", 0, start)
    return page.text[anchor:].split('href="', 1)[1].split('"', 1)[0]


def wrappers(driver):
    return [by_css(driver, f"#formfield-form-widgets-{name}") for name in DOG_FIELDS]


def tick(driver) -> None:
    """Tick or untick «Ein Hund zieht mit» by its label, as a user does (scrolled into the
    window first)."""
    from selenium.common.exceptions import ElementClickInterceptedException

    label = by_css(driver, "label[for='form-widgets-hund-0']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    try:
        label.click()
    except ElementClickInterceptedException:  # a sticky bar of the theme lies over it
        driver.execute_script("arguments[0].click()", label)


def test_a_moving_dog_shows_its_fields(umzug, driver):
    look(driver, umzug, "de")
    walk_to_the_addresses(driver)  # the dog is asked for on the third step, the addresses
    assert all(w.get_attribute("hidden") is not None for w in wrappers(driver))
    assert not any(w.is_displayed() for w in wrappers(driver))
    assert_accessible(driver, "Umzug melden, the dog's fields hidden")

    tick(driver)
    assert all(w.is_displayed() for w in wrappers(driver))
    hint = by_css(driver, "#form-widgets-hund_name-condition").text
    assert hint == "Nur ausfüllen, wenn «Ein Hund zieht mit» «Ja» ist."
    assert_accessible(driver, "Umzug melden, the dog's fields shown")
    wrappers(driver)[0].location_once_scrolled_into_view  # noqa: B018 (for the screenshot)
    driver.save_screenshot(str(SCREENSHOTS / "form-condition-shown.png"))

    tick(driver)
    assert not any(w.is_displayed() for w in wrappers(driver))
    assert by_css(driver, "#form-widgets-hund_name").get_attribute("disabled")
