"""A repeating group in a real browser against the demo site, without any script of ours.

The form's model gets a group «Personen» (1 to 3 entries) over REST, as the field editor would
write it. A citizen fills in the first person, adds a second with «weitere Person hinzufügen»
(the page comes back with Anna kept), sends, and the clerk of the Einwohnerdienste reads both
persons as a table on the request page. The form with two entries and the request page have no
WCAG 2.1 A/AA violation on the whole document (axe-core); both are saved under
docs/screenshots/.
"""

import pytest
import requests

from tests.e2e.conftest import REPO
from tests.e2e.test_form_availability import ADMIN
from tests.e2e.test_form_availability import JSON
from tests.e2e.test_form_availability import form_url
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.submissions.test_groups import MODEL

SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(scope="module")
def form(server):
    base = server.url("/Plone")
    url = form_url(base)
    answer = requests.patch(url, json={"fields_model": MODEL}, auth=ADMIN, headers=JSON, timeout=60)
    assert answer.status_code == 204, answer.text[:500]
    return {"base": base, "url": url}


def person(driver, index: int, name: str, vorname: str) -> None:
    prefix = f"form.widgets.persons.{index}.widgets"
    by_css(driver, f'[name="{prefix}.name"]').send_keys(name)
    by_css(driver, f'[name="{prefix}.vorname"]').send_keys(vorname)


def test_a_family_of_two_is_sent_and_read_as_a_table(form, driver):
    driver.get(form["url"])
    assert "Personen: Eintrag 1" in driver.page_source, by_css(driver, "main, body").text[:3000]
    assert_accessible(driver, "form with one entry")
    by_css(driver, '[name="form.widgets.email"]').send_keys("anna.muster@example.ch")
    person(driver, 0, "Muster", "Anna")
    click(driver, '[name="form.widgets.persons.buttons.add"]')
    # the page comes back with Anna kept and a second, empty entry
    assert (
        by_css(driver, '[name="form.widgets.persons.0.widgets.vorname"]').get_attribute("value")
        == "Anna"
    )
    person(driver, 1, "Muster", "Ben")
    assert_accessible(driver, "form with two entries")
    driver.save_screenshot(str(SCREENSHOTS / "repeating-group-form.png"))
    click(driver, '[name="form.buttons.submit"]')
    assert "/@@anliegen/" in driver.current_url
    reference = by_css(driver, "h1 .text-nowrap").text

    log_in(driver, form["base"], "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{form['base']}/liestal/einwohnerdienste/{reference}")
    table = by_css(driver, "table.group-entries")
    assert "Vorname" in table.text and "Anna" in table.text and "Ben" in table.text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", table)
    assert_accessible(driver, "request page")
    driver.save_screenshot(str(SCREENSHOTS / "repeating-group-request.png"))
    log_out(driver, form["base"])
