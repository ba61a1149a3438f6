"""Messages between the office and the citizen on a request: the clerk writes on the request
page, the citizen reads and answers on the status page; mails, log, PDF; who may not."""

import re

import pytest
import transaction
from plone import api

from tests.citizens.test_status_page import mails
from tests.citizens.test_status_page import post_answer
from tests.citizens.test_status_page import status_url
from tests.citizens.test_status_page import text
from tests.helpers import basic_auth
from tests.helpers import browser_for
from tests.request_forms import PDF
from tests.submissions.helpers import denied


def clerk_posts_message(app, submission, message, files=(), user="liestal-clerk"):
    browser = browser_for(app, user)
    browser.open(submission.absolute_url())
    token = browser.getForm(id="send-message").getControl(name="_authenticator").value
    return browser.testapp.post(
        f"{submission.absolute_url()}/@@case-message",
        params=[("message", message), ("_authenticator", token)],
        upload_files=[("files", name, data, mime) for name, data, mime in files],
        headers={"Authorization": basic_auth(user)},
        expect_errors=True,
    )


def citizen_posts_message(url, message, files=(), app=None):
    browser = browser_for(app)
    browser.open(url)
    token = browser.getForm(id="message-form").getControl(name="_authenticator").value
    return browser.testapp.post(
        url,
        params=[("kind", "message"), ("message", message), ("_authenticator", token)],
        upload_files=[("files", name, data, mime) for name, data, mime in files],
        expect_errors=True,
    )


def test_whole_thread_with_files_mails_and_no_state_change(app, delivered, functional):
    submission = delivered.submission
    response = clerk_posts_message(
        app, submission, "Bitte prüfen Sie den Anhang.", [("merkblatt.pdf", PDF, "application/pdf")]
    )
    assert response.status_int == 303, response.text[:500]
    transaction.begin()
    assert api.content.get_state(submission) == "submitted"  # a message changes no state
    (message,) = submission.messages
    assert message["sender"] == "office" and message["actor"] == "liestal-clerk"
    assert message["files"][0].filename == "merkblatt.pdf"
    assert [entry["action"] for entry in submission.log][-1] == "message"
    # the citizen gets a short notice with a fresh link, not the message itself
    *_receipt, notice = [m for m in mails(functional) if "To: anna@example.ch" in m]
    assert "Das Amt hat Ihnen eine Nachricht" in notice  # in the request's language
    assert "Bitte prüfen" not in notice
    link = re.search(r"(http://\S+/@@anliegen/[A-Za-z0-9_-]+)", notice).group(1)
    # the clerk is told in plain words what happened
    page = browser_for(app, "liestal-clerk")
    page.open(submission.absolute_url())
    assert "Bitte prüfen Sie den Anhang." in page.contents
    # the citizen reads it on the status page, downloads the file, and answers with a file
    citizen = browser_for(app)
    citizen.open(link)
    assert "Bitte prüfen Sie den Anhang." in text(citizen)
    citizen.open(f"{link}/message-1-1")
    assert citizen.contents.startswith("%PDF") if isinstance(citizen.contents, str) else True
    response = citizen_posts_message(
        link, "Anbei mein Ausweis.", [("ausweis.pdf", PDF, "application/pdf")], app=app
    )
    assert response.status_int == 303
    transaction.begin()
    assert api.content.get_state(submission) == "submitted"
    assert [m["sender"] for m in submission.messages] == ["office", "citizen"]
    assert submission.messages[1]["actor"] == ""
    to_office = [m for m in mails(functional) if "To: ed@liestal.example.ch" in m]
    assert any(submission.reference in m and "Anbei" not in m for m in to_office)
    # the clerk sees the citizen's message and file; the history of the citizen has both
    page.open(submission.absolute_url())
    assert "Anbei mein Ausweis." in page.contents
    page.open(f"{submission.absolute_url()}/@@message-file/2-1")
    assert page.headers["status"].startswith("200")
    citizen.open(link)
    assert text(citizen).count("Anbei mein Ausweis.") >= 1


def test_message_appears_in_the_office_pdf(app, delivered):
    clerk_posts_message(app, delivered.submission, "Nachricht fürs PDF")
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{delivered.submission.absolute_url()}/@@request.pdf")
    assert browser.headers["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    contents = browser.contents
    data = contents if isinstance(contents, bytes) else contents.encode("latin-1")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Nachricht fürs PDF" in pdf_text


@pytest.mark.parametrize("user", ["liestal-bau-clerk", "allschwil-clerk", "liestal-editor"])
def test_others_cannot_write_or_read(app, bau, allschwil_clerk, delivered, user):
    submission = delivered.submission
    clerk_posts_message(app, submission, "Erste Nachricht")
    browser = browser_for(app, user)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.open(submission.absolute_url())
    assert denied(browser) or "Erste Nachricht" not in browser.contents
    browser.open(f"{submission.absolute_url()}/@@message-file/1-1")
    assert int(browser.headers["status"].split()[0]) in (401, 403, 404) or denied(browser)
    response = browser.testapp.post(
        f"{submission.absolute_url()}/@@case-message",
        params=[("message", "Fremd")],
        headers={"Authorization": basic_auth(user)},
        expect_errors=True,
    )
    assert response.status_int in (302, 401, 403)
    transaction.begin()
    assert [m["text"] for m in submission.messages] == ["Erste Nachricht"]


def test_anonymous_without_the_token_cannot_write(app, delivered):
    submission = delivered.submission
    browser = browser_for(app)
    response = browser.testapp.post(
        f"{submission.absolute_url()}/@@case-message",
        params=[("message", "Anonym")],
        expect_errors=True,
    )
    assert response.status_int in (302, 401, 403)
    response = browser.testapp.post(
        status_url("x" * 40),
        params=[("kind", "message"), ("message", "Anonym")],
        expect_errors=True,
    )
    assert response.status_int == 404
    transaction.begin()
    assert list(submission.messages) == []


def test_forbidden_file_is_refused_and_the_text_kept(app, delivered):
    submission = delivered.submission
    response = clerk_posts_message(
        app,
        submission,
        "Mein Text bleibt",
        [("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
    )
    assert response.status_int == 400
    assert "Mein Text bleibt" in response.text
    assert 'id="submission-errors"' in response.text
    response = citizen_posts_message(
        status_url(delivered.token),
        "Auch meiner",
        [("x.pdf", b"MZ\x90 no", "application/pdf")],
        app=app,
    )
    assert response.status_int == 400
    assert "Auch meiner" in response.text and 'id="message-error"' in response.text
    transaction.begin()
    assert list(submission.messages) == []


def test_oversize_file_is_refused(app, delivered):
    api.portal.set_registry_record("digitalgemeinde.upload_max_mb", 1)
    transaction.commit()
    big = PDF + b"0" * (1024 * 1024 + 10)
    response = clerk_posts_message(
        app, delivered.submission, "Gross", [("gross.pdf", big, "application/pdf")]
    )
    assert response.status_int == 400
    assert "Gross" in response.text
    transaction.begin()
    assert list(delivered.submission.messages) == []


def test_empty_message_is_refused(app, delivered):
    response = clerk_posts_message(app, delivered.submission, "   ")
    assert response.status_int == 400
    transaction.begin()
    assert list(delivered.submission.messages) == []


def test_asking_back_still_changes_the_state(app, delivered, functional):
    submission = delivered.submission
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    form = browser.getForm(id="transition-ask")
    form.getControl(name="comment").value = "Wo ist der Impfausweis?"
    form.submit()
    transaction.begin()
    assert api.content.get_state(submission) == "waiting"
    assert "Anna Muster was informed by email." in browser.contents
    post_answer(browser_for(app), status_url(delivered.token), "Hier.")
    transaction.begin()
    assert api.content.get_state(submission) == "in_progress"
