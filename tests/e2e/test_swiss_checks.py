"""Swiss checks in a real browser against the demo site (issue 19): typing a postal code
offers its place (one place fills the empty place field, several are suggested in a list),
and an unknown postal code and a phone number that is not Swiss are refused with an example,
with no WCAG 2.1 A/AA violation on the whole document (axe-core). The fields and their checks
are given to the form's model over REST, as data."""

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

DG = "http://namespaces.digitalgemeinde.ch/supermodel/form"
EASYFORM = "http://namespaces.plone.org/supermodel/easyform"
FIELDS = """<field name="neue_plz" type="zope.schema.TextLine" dg:autocomplete="postal-code"
           easyform:validators="digitalgemeinde.postal_code">
      <title>Neue Postleitzahl</title><required>False</required></field>
    <field name="neuer_ort" type="zope.schema.TextLine" dg:autocomplete="address-level2">
      <title>Neuer Ort</title><required>False</required></field>
    <field name="handy" type="zope.schema.TextLine"
           easyform:validators="digitalgemeinde.swiss_phone">
      <title>Handynummer</title><required>False</required></field>
  </schema>"""


def with_swiss_fields(model: str) -> str:
    root = model[: model.index(">") + 1]  # the model's start tag: fields may declare their own
    for prefix, namespace in (("dg", DG), ("easyform", EASYFORM)):
        if f"xmlns:{prefix}=" not in root:
            model = model.replace("<model ", f'<model xmlns:{prefix}="{namespace}" ', 1)
    return model.replace("</schema>", FIELDS, 1)


@pytest.fixture(scope="module")
def form(server):
    base = server.url("/Plone")
    url = form_url(base)
    original = requests.get(url, auth=ADMIN, headers=JSON, timeout=60).json()["fields_model"]
    answer = requests.patch(
        url,
        json={"fields_model": with_swiss_fields(original)},
        auth=ADMIN,
        headers=JSON,
        timeout=60,
    )
    assert answer.status_code == 204, answer.text[:500]
    yield {"base": base, "url": url}
    requests.patch(url, json={"fields_model": original}, auth=ADMIN, headers=JSON, timeout=60)


def wait_for(driver, condition, seconds=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(lambda _driver: condition())


def type_into(driver, selector, text):
    from selenium.webdriver.common.keys import Keys

    field = by_css(driver, selector)
    field.clear()
    field.send_keys(text, Keys.TAB)  # leaving the field: its change event
    return field


def test_postal_code_offers_its_place_and_bad_values_are_refused(form, driver):
    look(driver, form["url"], "de")
    place = by_css(driver, "#form-widgets-neuer_ort")
    type_into(driver, "#form-widgets-neue_plz", "4410")
    wait_for(driver, lambda: place.get_attribute("value") == "Liestal")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", place)
    driver.save_screenshot(str(SCREENSHOTS / "form-postal-code-place.png"))

    place.clear()
    type_into(driver, "#form-widgets-neue_plz", "6900")
    options = "#form-widgets-neuer_ort-places option"
    wait_for(driver, lambda: len(driver.find_elements("css selector", options)) > 1)
    offered = [
        option.get_attribute("value") for option in driver.find_elements("css selector", options)
    ]
    assert "Lugano" in offered and place.get_attribute("value") == ""  # chosen by the citizen
    assert place.get_attribute("list") == "form-widgets-neuer_ort-places"
    assert_accessible(driver, "form with places offered")

    type_into(driver, "#form-widgets-neue_plz", "9999")
    type_into(driver, "#form-widgets-handy", "123 45 67")
    click(driver, "#form-buttons-submit")
    text = driver.page_source
    assert "Es gibt keine Schweizer Postleitzahl 9999" in text
    assert "Bitte geben Sie eine Schweizer Telefonnummer ein, z. B. 061 123 45 67" in text
    assert_accessible(driver, "form with the Swiss checks' refusals")
    by_css(driver, "#form-widgets-neue_plz").location_once_scrolled_into_view  # noqa: B018
    driver.save_screenshot(str(SCREENSHOTS / "form-swiss-checks.png"))
