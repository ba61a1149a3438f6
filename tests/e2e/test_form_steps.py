"""A form shown as steps in a real browser against the demo site (issue 19): the form's editor
gives «Hund anmelden» fieldsets and sets «Abschnitte als Schritte zeigen» over REST, as the
form's settings do. The citizen goes through the steps with «Weiter», meets an error on a step,
goes back with the browser's own back button from the summary and finds every value again,
and sends the request from the summary. Each step, the step with its error and the summary
have no WCAG 2.1 A/AA violation on the whole document (axe-core). No script is needed: the
steps are plain forms and redirects."""

import pytest
import requests

from tests.e2e.test_form_availability import ADMIN
from tests.e2e.test_form_availability import JSON
from tests.e2e.test_form_availability import SCREENSHOTS
from tests.e2e.test_form_availability import form_url
from tests.e2e.test_form_availability import look
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click

STEPS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="vorname" type="zope.schema.TextLine"><title>Vorname</title></field>
    <field name="nachname" type="zope.schema.TextLine"><title>Nachname</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <fieldset name="hund" label="Ihr Hund">
      <field name="hund_name" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
      <field name="anzahl" type="zope.schema.Int">
        <title>Anzahl Hunde</title><required>False</required></field>
    </fieldset>
    <fieldset name="bemerkungen" label="Bemerkungen">
      <field name="bemerkung" type="zope.schema.Text">
        <title>Bemerkung</title><required>False</required></field>
    </fieldset>
  </schema>
</model>"""


def patch(url: str, **values) -> None:
    answer = requests.patch(url, json=values, auth=ADMIN, headers=JSON, timeout=60)
    assert answer.status_code == 204, answer.text[:500]


@pytest.fixture(scope="module")
def stepped(server):
    base = server.url("/Plone")
    url = form_url(base)
    before = requests.get(url, auth=ADMIN, headers=JSON, timeout=60).json()
    patch(url, fields_model=STEPS_MODEL, as_steps=True)
    yield url
    patch(url, fields_model=before["fields_model"], as_steps=False)


def fill(driver, **values) -> None:
    for name, value in values.items():
        field = by_css(driver, f"#form-widgets-{name}")
        field.clear()
        field.send_keys(value)


def press(driver, name: str) -> None:
    """Press a button of the step, and wait for the next page (a step's POST redirects)."""
    click(driver, f"#form-buttons-{name}")


def test_steps_with_an_error_the_back_button_and_the_summary(stepped, driver):
    look(driver, stepped, "de")
    assert by_css(driver, "#form-steps-position").text == "Schritt 1 von 3: Ihre Angaben"
    current = by_css(driver, ".form-steps-list [aria-current=step]")
    assert current.text == "Ihre Angaben"
    assert not driver.find_elements("css selector", "#form-widgets-hund_name")
    assert_accessible(driver, "step 1")
    driver.save_screenshot(str(SCREENSHOTS / "form-steps-1.png"))
    fill(driver, vorname="Anna", nachname="Muster", email="anna@example.ch")
    press(driver, "next")

    assert driver.current_url.endswith("?step=2")
    assert by_css(driver, "#form-steps-position").text == "Schritt 2 von 3: Ihr Hund"
    fill(driver, anzahl="zwei")
    press(driver, "next")  # no name for the dog, and no number
    assert driver.current_url.endswith("?step=2")
    summary = by_css(driver, "#error-summary")
    assert "Name des Hundes" in summary.text and "Anzahl Hunde" in summary.text
    assert driver.title.startswith("Fehler: ")
    assert_accessible(driver, "step 2 with its errors")
    driver.save_screenshot(str(SCREENSHOTS / "form-steps-error.png"))
    fill(driver, hund_name="Bello", anzahl="1")
    press(driver, "next")

    assert by_css(driver, "#form-buttons-next").get_attribute("value") == "Weiter zur Übersicht"
    assert_accessible(driver, "step 3")
    fill(driver, bemerkung="Er ist sehr lieb.")
    press(driver, "next")

    assert driver.current_url.endswith("?step=summary")
    page = by_css(driver, "#content-core").text
    for text in ("Anna", "Muster", "anna@example.ch", "Bello", "Er ist sehr lieb."):
        assert text in page
    assert_accessible(driver, "summary")
    driver.save_screenshot(str(SCREENSHOTS / "form-steps-summary.png"))

    driver.back()  # the browser's own back button: step 3 again, filled in from the draft
    assert by_css(driver, "#form-widgets-bemerkung").get_attribute("value") == ("Er ist sehr lieb.")
    press(driver, "back")
    assert by_css(driver, "#form-widgets-hund_name").get_attribute("value") == "Bello"
    press(driver, "next")
    press(driver, "next")
    click(driver, "a[href$='?step=1#form-widgets-vorname']")  # «ändern»
    assert by_css(driver, "#form-widgets-vorname").get_attribute("value") == "Anna"
    fill(driver, vorname="Anna-Lena")
    press(driver, "next")
    press(driver, "next")
    press(driver, "next")
    assert "Anna-Lena" in by_css(driver, "#content-core").text
    press(driver, "submit")
    assert "receipt=1" in driver.current_url
    assert_accessible(driver, "receipt after the summary")
