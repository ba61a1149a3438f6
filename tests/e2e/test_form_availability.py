"""A form that is not yet open, closed or fully booked, in a real browser against the demo site.

The form's editor sets the dates and the cap over REST, as the form's settings («Verfügbarkeit»)
do. The service page says when the form opens or that it is closed, next to its link; the form's
page says it instead of showing fields. Both pages, German and French, have no WCAG 2.1 A/AA
violation on the whole document (axe-core). After the dates are cleared the form takes requests
again.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import requests

from tests.e2e.conftest import REPO
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
SERVICE = "liestal/hund-anmelden"
ADMIN = ("admin", PASSWORD)
JSON = {"Accept": "application/json"}


def form_url(base: str) -> str:
    page = requests.get(f"{base}/{SERVICE}", timeout=60)
    assert page.status_code == 200
    marker = 'id="service-apply"'
    start = page.text.index(marker)
    anchor = page.text.rfind("<a", 0, start)
    href = page.text[anchor:].split('href="', 1)[1].split('"', 1)[0]
    assert href.startswith(base), href
    return href


def set_availability(url: str, **settings) -> None:
    answer = requests.patch(url, json=settings, auth=ADMIN, headers=JSON, timeout=60)
    assert answer.status_code == 204, answer.text[:500]


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


@pytest.fixture(scope="module")
def form(server):
    base = server.url("/Plone")
    return {"base": base, "url": form_url(base)}


def look(driver, url: str, language: str) -> None:
    driver.get(url)
    driver.add_cookie({"name": "I18N_LANGUAGE", "value": language, "path": "/"})
    driver.get(url)


def test_a_form_not_yet_open_says_from_when_and_the_service_page_too(form, driver):
    opens = datetime.now(UTC) + timedelta(days=30)
    set_availability(form["url"], open_from=iso(opens), open_until=None, max_requests=None)

    look(driver, f"{form['base']}/{SERVICE}", "de")
    note = by_css(driver, "#service-availability").text
    assert note.startswith("Online ab "), note
    assert str(opens.year) in note
    assert_accessible(driver, "service page, form not yet open")
    driver.save_screenshot(str(SCREENSHOTS / "service-form-not-yet-open.png"))

    driver.get(form["url"])
    message = by_css(driver, "#form-unavailable").text
    assert message.startswith("Dieses Formular ist ab "), message
    assert not driver.find_elements("css selector", "form#form input[type=submit]")
    back = by_css(driver, "#content a[href$='/liestal/hund-anmelden']")
    assert back.text == "Zurück zu «Hund anmelden»"
    assert_accessible(driver, "form not yet open")
    driver.save_screenshot(str(SCREENSHOTS / "form-not-yet-open.png"))

    look(driver, form["url"], "fr")
    message = by_css(driver, "#form-unavailable").text
    assert message.startswith("Ce formulaire"), message
    assert_accessible(driver, "form not yet open (fr)")


def test_a_closed_and_a_fully_booked_form_say_so_and_reopen_when_cleared(form, driver):
    closed = datetime.now(UTC) - timedelta(days=1)
    set_availability(
        form["url"], open_from=iso(closed - timedelta(days=10)), open_until=iso(closed)
    )
    look(driver, f"{form['base']}/{SERVICE}", "de")
    assert by_css(driver, "#service-availability").text == "Anmeldeschluss vorbei"
    driver.get(form["url"])
    assert "nimmt keine Anliegen mehr an" in by_css(driver, "#form-unavailable").text
    assert_accessible(driver, "closed form")
    driver.save_screenshot(str(SCREENSHOTS / "form-closed.png"))

    # a cap of one place: the first request takes it (a cap counts from when it is set)
    set_availability(form["url"], open_from=None, open_until=None, max_requests=1)
    driver.get(form["url"])
    assert driver.find_elements("css selector", "#form-buttons-submit"), "open again"
    sent = submit(form["url"])
    assert sent.status_code == 201, sent.text[:500]
    look(driver, f"{form['base']}/{SERVICE}", "de")
    assert by_css(driver, "#service-availability").text == "Ausgebucht"
    driver.get(form["url"])
    assert "ausgebucht" in by_css(driver, "#form-unavailable").text
    assert_accessible(driver, "fully booked form")
    driver.save_screenshot(str(SCREENSHOTS / "form-fully-booked.png"))
    refused = submit(form["url"], vorname="Bea")
    assert refused.status_code == 409
    assert "ausgebucht" in refused.json()["message"]

    # the editor lifts the cap: the form takes requests again
    set_availability(form["url"], max_requests=None)
    driver.get(form["url"])
    assert driver.find_elements("css selector", "#form-buttons-submit")
    assert not driver.find_elements("css selector", "#form-unavailable")
    assert submit(form["url"], vorname="Bea").status_code == 201


def submit(url: str, **changes) -> requests.Response:
    values = {
        "vorname": "Reto",
        "nachname": "Gerber",
        "geburtsdatum": "1984-03-12",
        "email": "reto.gerber@example.ch",
        "adresse": "Kasernenstrasse 22",
        "hund_name": "Bello",
        "rasse": "Berner Sennenhund",
        "geschlecht": "Rüde",
        "hund_geburtsdatum": "2025-06-01",
        "chip_nummer": "756098100123456",
        "versicherung": "Baloise, Police 40.123.456",
        **changes,
    }
    return requests.post(
        f"{url}/@submit",
        json=values,
        headers={**JSON, "Content-Type": "application/json", "Accept-Language": "de"},
        timeout=120,
    )
