"""Save and continue later in a real browser against the demo site: the citizen fills in part
of «Hund anmelden», saves it (the browser's own checks are skipped: ``formnovalidate``), reads
until when it is kept, and finds the form filled in again. Both pages have no WCAG 2.1 A/AA
violation on the whole document (axe-core)."""

import pytest

from tests.e2e.conftest import REPO
from tests.e2e.test_form_availability import form_url
from tests.e2e.test_form_availability import look
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click

SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(scope="module")
def form(server):
    base = server.url("/Plone")
    return {"base": base, "url": form_url(base)}


def test_a_half_filled_form_is_saved_and_filled_in_again(form, driver):
    look(driver, form["url"], "de")
    by_css(driver, "#form-widgets-vorname").send_keys("Anna")
    by_css(driver, "#form-widgets-email").send_keys("anna@")  # half typed: not checked yet
    click(driver, "button[name='form.buttons.save_draft']")
    assert by_css(driver, "#draft-saved-title").text == "Ihr Entwurf ist gespeichert"
    assert "aufbewahrt" in by_css(driver, "#draft-kept-until").text
    assert_accessible(driver, "draft saved")
    driver.save_screenshot(str(SCREENSHOTS / "draft-saved.png"))

    click(driver, "#draft-saved > p:last-of-type a")
    assert by_css(driver, "#form-widgets-vorname").get_attribute("value") == "Anna"
    assert by_css(driver, "#form-widgets-email").get_attribute("value") == "anna@"
    assert "Ihr gespeicherter Entwurf ist eingefüllt" in by_css(driver, "body").text
    assert_accessible(driver, "form with its draft")
    driver.save_screenshot(str(SCREENSHOTS / "draft-resumed.png"))
