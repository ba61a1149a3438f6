"""Form versions in a real browser against the demo site (issue 19).

Liestal's editor renames a field of «Hund anmelden» in the field editor; the form's
«Versionen» page lists version 2 with «Feld … umbenannt in …» above version 1 (the form as
first published), and has no WCAG 2.1 A/AA violation on the whole document (axe-core). A
request made before and one after show their own labels and «Formularversion 1» / «2» to the
clerk.
"""

import pytest
import requests

from tests.e2e.conftest import REPO
from tests.e2e.test_form_availability import form_url
from tests.e2e.test_form_availability import submit
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
EDITOR = ("liestal-editor", "Demo-liestal-editor")
CLERK = ("liestal-clerk", "Demo-liestal-clerk")
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def form(server):
    base = server.url("/Plone")
    return {"base": base, "url": form_url(base)}


def request_url(base: str, reference: str) -> str:
    """The request's page, found over REST as the portal's administrator."""
    answer = requests.get(
        f"{base}/@search",
        params={"portal_type": "Submission", "id": reference},
        auth=("admin", PASSWORD),
        headers=JSON,
        timeout=60,
    )
    assert answer.status_code == 200, answer.text[:500]
    (item,) = answer.json()["items"]
    return item["@id"]


def test_the_editor_renames_a_field_and_reads_the_versions(form, driver):
    before = submit(form["url"])
    assert before.status_code == 201, before.text[:500]

    log_in(driver, form["base"], *EDITOR)
    driver.get(f"{form['url']}/fields/hund_name")
    title = by_css(driver, '[name="form.widgets.title"]')
    old = title.get_attribute("value")
    title.clear()
    title.send_keys("Rufname des Hundes")
    click(driver, '[name="form.buttons.save"]')

    driver.get(form["url"])
    link = by_css(driver, "a[href*='/@@form-versions']")
    driver.get(link.get_attribute("href"))
    assert by_css(driver, "h1").text.startswith("Versionen des Formulars")
    newest = by_css(driver, "#content li[id^='version-']")
    assert newest.get_attribute("id") == "version-2"
    assert f"Feld «{old}» umbenannt in «Rufname des Hundes»" in newest.text
    assert "Das Formular, wie es zuerst veröffentlicht wurde." in by_css(driver, "#version-1").text
    assert_accessible(driver, "form versions")
    driver.save_screenshot(str(SCREENSHOTS / "form-versions.png"))
    log_out(driver, form["base"])

    after = submit(form["url"], vorname="Bea")
    assert after.status_code == 201, after.text[:500]
    log_in(driver, form["base"], *CLERK)
    driver.get(request_url(form["base"], before.json()["reference"]))
    page = by_css(driver, "#content").text
    assert "Formularversion 1" in page
    assert old in page
    assert "Rufname des Hundes" not in page
    driver.get(request_url(form["base"], after.json()["reference"]))
    page = by_css(driver, "#content").text
    assert "Formularversion 2" in page
    assert "Rufname des Hundes" in page
    assert_accessible(driver, "request page with its form version")
    driver.save_screenshot(str(SCREENSHOTS / "request-form-version.png"))
