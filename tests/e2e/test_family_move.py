"""A family of four moves, with a dog, in a real browser against the demo site (issue 19).

The demo's «Umzug melden» has three steps (Umzug, Personen, Adressen) and a summary. The
mother reports the move; her husband and two children go into the repeating group «Weitere
Personen, die mitziehen». On the addresses' step she saves halfway («Speichern und später
weitermachen»), has the link mailed, and opens it from the mail on another device (no cookie):
the form is back on that step with what she entered. She ticks «Ein Hund zieht mit» (the
dog's fields appear by their condition), checks the summary (every person and the dog), and
sends. The clerk of the Einwohnerdienste reads the persons as a table. Every step, the saved
page and the summary have no WCAG 2.1 A/AA violation on the whole document (axe-core); the
pages are saved as docs/screenshots/family-move-*.png.
"""

import email
import re
import time
from email import policy

from tests.e2e.conftest import REPO
from tests.e2e.test_form_availability import look
from tests.e2e.test_form_conditions import tick
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import choose
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.e2e.test_request_loop import next_step
from tests.e2e.test_request_loop import set_value

SCREENSHOTS = REPO / "docs" / "screenshots"
FORM = "liestal/formular-umzug-melden"
ADDRESS = "familie.berisha@example.ch"
FAMILY = [  # name, vorname, geburtsdatum, beziehung: who moves along with the reporter
    ("Berisha", "Driton", "1984-05-02", "Ehemann"),
    ("Berisha", "Lea", "2015-08-19", "Tochter"),
    ("Berisha", "Noah", "2019-01-07", "Sohn"),
]
RESUME = re.compile(r"https?://\S+/@@draft-resume\?token=[^\s<>\"]+")


def keep(driver, name: str, element=None) -> None:
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"family-move-{name}.png"))


def on_step(driver, number: int, title: str) -> None:
    assert by_css(driver, "#form-steps-position").text == f"Schritt {number} von 3: {title}"
    assert_accessible(driver, f"step {number}")


def add_person(driver, index: int, person: tuple) -> None:
    """«weitere Person hinzufügen» (the page comes back with one entry more), then the entry."""
    prefix = f"form.widgets.weitere_personen.{index}.widgets"
    if not driver.find_elements("css selector", f'[name="{prefix}.vorname"]'):
        click(driver, '[name="form.widgets.weitere_personen.buttons.add"]')
    for sub, value in zip(("name", "vorname", "geburtsdatum", "beziehung"), person, strict=True):
        set_value(driver, f"weitere_personen.{index}.widgets.{sub}", value)


def resume_link(var, address: str, timeout: float = 60) -> str:
    """The link in the newest mail to ``address`` in the server's mail folder (make start
    writes every mail there instead of sending it)."""
    folder = var / "mail" / "new"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if address in str(message["To"]):
                body = message.get_body(preferencelist=("plain",)).get_content()
                return RESUME.search(body).group(0)
        time.sleep(1)
    raise AssertionError(f"no mail to {address} in {folder}")


def the_persons(driver) -> None:
    """Step 2: the mother who reports the move, and three persons who move along."""
    on_step(driver, 2, "Personen")
    for name, value in {
        "vorname": "Arta",
        "nachname": "Berisha",
        "geburtsdatum": "1986-03-14",
        "email": ADDRESS,
    }.items():
        set_value(driver, name, value)
    for index, person in enumerate(FAMILY):
        add_person(driver, index, person)
    assert by_css(driver, "#form-steps-position").text == "Schritt 2 von 3: Personen"
    assert_accessible(driver, "step 2 with three persons")
    last = by_css(driver, '[name="form.widgets.weitere_personen.2.widgets.name"]')
    keep(driver, "2-personen", last)


def link_by_mail(driver) -> None:
    """The page after «Speichern und später weitermachen»: the link is mailed."""
    assert by_css(driver, "#draft-saved-title").text == "Ihr Entwurf ist gespeichert"
    assert_accessible(driver, "draft saved")
    field = by_css(driver, "#draft-email")
    if field.get_attribute("value") != ADDRESS:
        field.clear()
        field.send_keys(ADDRESS)
    click(driver, "#draft-saved form button[type=submit]")
    assert ADDRESS in by_css(driver, "#draft-link-sent").text
    assert_accessible(driver, "draft link sent")
    keep(driver, "3-gespeichert")


def clerk_reads_the_persons(driver, base: str, reference: str) -> None:
    """The clerk of the Einwohnerdienste: the persons who move as a table, and the dog."""
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}/liestal/einwohnerdienste/{reference}")
    table = by_css(driver, "table.group-entries")
    rows = [
        row.text
        for row in table.find_elements("css selector", "tr")
        if row.find_elements("css selector", "td")  # not the row of headers
    ]
    assert len(rows) == 3, rows
    for row, (name, vorname, _born, relation) in zip(rows, FAMILY, strict=True):
        assert name in row and vorname in row and relation in row, row
    assert "Bello" in by_css(driver, "body").text
    assert_accessible(driver, "request page")
    keep(driver, "6-sachbearbeitung", table)
    log_out(driver, base)


def test_a_family_of_four_moves_with_a_dog_saved_halfway_and_resumed(server, driver):
    base = server.url("/Plone")
    look(driver, f"{base}/{FORM}", "de")

    on_step(driver, 1, "Umzug")
    choose(driver, "art")  # «Umzug innerhalb von Liestal»
    set_value(driver, "umzugsdatum", "2026-11-30")
    keep(driver, "1-umzug")
    next_step(driver)

    the_persons(driver)
    next_step(driver)

    on_step(driver, 3, "Adressen")
    set_value(driver, "bisherige_adresse", "Seestrasse 1, 8000 Zürich")
    click(driver, '[name="form.buttons.save_draft"]')  # halfway: saved for later

    link_by_mail(driver)

    link = resume_link(server.var, ADDRESS)
    driver.delete_all_cookies()  # another device: only the link from the mail
    look(driver, link, "de")
    on_step(driver, 3, "Adressen")
    assert by_css(driver, "#form-widgets-bisherige_adresse").get_attribute("value") == (
        "Seestrasse 1, 8000 Zürich"
    )
    set_value(driver, "neue_adresse", "Rathausstrasse 3, 4410 Liestal")
    tick(driver)  # «Ein Hund zieht mit»: the dog's fields appear
    set_value(driver, "hund_name", "Bello")
    set_value(driver, "chip_nummer", "756098100123456")
    assert_accessible(driver, "step 3 with the dog")
    keep(driver, "4-adressen", by_css(driver, "#form-widgets-hund_name"))
    next_step(driver)

    assert driver.current_url.endswith("?step=summary")
    summary = by_css(driver, "#content-core").text
    for text in ("Umzug innerhalb von Liestal", "Arta", "Bello", "756098100123456"):
        assert text in summary, text
    persons = by_css(driver, ".step-summary table.group-entries")  # a table, by the labels
    assert "Vorname" in persons.text
    for _name, vorname, _born, relation in FAMILY:
        assert vorname in persons.text and relation in persons.text
    assert_accessible(driver, "summary")
    keep(driver, "5-uebersicht")
    click(driver, '[name="form.buttons.submit"]')

    assert "/@@anliegen/" in driver.current_url
    reference = by_css(driver, "h1 .text-nowrap").text
    clerk_reads_the_persons(driver, base, reference)
