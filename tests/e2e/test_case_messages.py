"""A whole case with messages, in a real browser against the demo site `make start` builds.

The Einwohnerdienste Liestal get an answer template for asking back (set over REST by Liestal's
editor). A citizen submits "Umzug melden"; the clerk assigns the request to themself,
writes a message with a file; the citizen reads it on the status
page and replies with a file; the clerk asks back with the template, the citizen answers, and
the clerk completes the request. The request page and the status page with messages are checked
with axe-core (whole document, WCAG 2.1 A/AA) and saved as docs/screenshots/staff-request.png
and docs/screenshots/citizen-messages.png.
"""

import base64
import json
import shutil
import urllib.request

from tests.e2e.conftest import REPO
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import citizen_submits_a_move
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out

LETTER_PDF = b"%PDF-1.4\n% Merkblatt Umzug\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEASE_PDF = b"%PDF-1.4\n% Mietvertrag\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEMPLATES = (
    "[Rückfrage] Ausweiskopie fehlt\n"
    "Guten Tag {name}\n"
    "Für Ihr Anliegen {reference} ({service}) fehlt uns noch eine Kopie Ihres Ausweises.\n"
)
SCREENSHOTS = REPO / "docs" / "screenshots"


def set_templates(base: str) -> None:
    """Liestal's editor gives the Einwohnerdienste their answer template, over REST."""
    credentials = base64.b64encode(b"liestal-editor:Demo-liestal-editor").decode()
    request = urllib.request.Request(  # noqa: S310
        f"{base}/liestal/einwohnerdienste",
        data=json.dumps({"answer_templates": TEMPLATES}).encode(),
        method="PATCH",
        headers={
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": f"Basic {credentials}",
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 204


def keep(path, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / name)


def test_clerk_and_citizen_message_ask_answer_complete(server, driver, screenshot, tmp_path):
    from selenium.webdriver.support.ui import Select

    base = server.url("/Plone")
    lease = tmp_path / "mietvertrag.pdf"
    lease.write_bytes(LEASE_PDF)
    letter = tmp_path / "merkblatt.pdf"
    letter.write_bytes(LETTER_PDF)
    set_templates(base)

    citizen_submits_a_move(driver, base, screenshot, lease, first_name="Anna")
    status_url = driver.current_url.split("?")[0]
    reference = by_css(driver, "h1 .text-nowrap").text

    # The clerk opens the request, takes it, and writes a message with a file.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    request_url = f"{base}/liestal/einwohnerdienste/{reference}"
    driver.get(request_url)
    assert by_css(driver, "#case-assignee").text == "Niemandem"
    click(driver, '#case-assign button[value="assign_me"]')
    assert by_css(driver, "#case-assignee").text == "Beat Recher"  # liestal-clerk's name
    by_css(driver, "#message-text").send_keys("Bitte lesen Sie das Merkblatt zum Umzug.")
    by_css(driver, "#message-files").send_keys(str(letter))
    click(driver, "#send-message-button")
    page = driver.page_source
    assert f"Ihre Nachricht zum Anliegen {reference} wurde gesendet." in page
    assert "Anna Muster wurde per E-Mail informiert." in page
    assert "merkblatt.pdf" in by_css(driver, "#messages").text
    assert by_css(driver, "#submission-state").text == "Neu"  # a message changes no state
    log_out(driver, base)

    # The citizen reads it on the status page and replies with a file.
    driver.get(status_url)
    thread = by_css(driver, "#message-thread").text
    assert "Bitte lesen Sie das Merkblatt zum Umzug." in thread and "merkblatt.pdf" in thread
    by_css(driver, "#message-text").send_keys("Danke, gelesen. Der Mietvertrag liegt bei.")
    by_css(driver, "#message-files").send_keys(str(lease))
    click(driver, "#send-message")
    assert "Der Mietvertrag liegt bei." in by_css(driver, "#message-thread").text
    assert by_css(driver, "#request-state").get_attribute("data-state") == "submitted"
    keep(screenshot(driver, "citizen-messages"), "citizen-messages.png")
    assert_accessible(driver, "status page with messages")

    # The clerk sees the reply, accepts, and asks back with the office's template.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(request_url)
    assert "Der Mietvertrag liegt bei." in by_css(driver, "#messages").text
    click(driver, "#transition-accept button[name=submit]")
    Select(by_css(driver, "#template-ask")).select_by_visible_text("Ausweiskopie fehlt")
    question = by_css(driver, "#comment-ask").get_attribute("value")
    assert question.startswith("Guten Tag Anna Muster")
    assert f"Anliegen {reference} (Umzug melden" in question
    driver.execute_script("document.getElementById('actions-heading').scrollIntoView()")
    keep(screenshot(driver, "staff-request"), "staff-request.png")
    assert_accessible(driver, "request page with messages")
    click(driver, "#transition-ask button[name=submit]")
    assert by_css(driver, "#submission-state").get_attribute("class").count("warning") == 1
    log_out(driver, base)

    # The citizen answers the question.
    driver.get(status_url)
    assert "Ausweises" in by_css(driver, "#request-history").text
    by_css(driver, "#answer-text").send_keys("Die Ausweiskopie liegt bei.")
    by_css(driver, "#answer-files").send_keys(str(lease))
    click(driver, "#send-answer")
    assert by_css(driver, "#request-state").get_attribute("data-state") == "in_progress"

    # The clerk completes the request and is told in plain words what happened.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(request_url)
    by_css(driver, "#comment-complete").send_keys("Ihr Umzug ist erfasst.")
    click(driver, "#transition-complete button[name=submit]")
    page = driver.page_source
    assert f"Das Anliegen {reference} ist abgeschlossen." in page
    assert "Anna Muster wurde per E-Mail informiert." in page
    screenshot(driver, "completed")
    assert_accessible(driver, "request page, completed")
