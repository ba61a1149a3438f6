"""The citizen's side: receipt, status by capability link, answering, result, mails."""

import re

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import browser_for
from tests.request_forms import PDF
from tests.request_forms import VALUES


def status_url(token):
    return f"{api.portal.get().absolute_url()}/@@anliegen/{token}"


def mails(functional):
    """Each mail as its headers and decoded body (quoted-printable wraps long lines)."""
    import email

    decoded = []
    for raw_mail in functional["portal"].MailHost.messages:
        message = email.message_from_bytes(
            raw_mail if isinstance(raw_mail, bytes) else raw_mail.encode()
        )
        body = message.get_payload(decode=True).decode()
        decoded.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body}")
    return decoded


def text(browser) -> str:
    contents = browser.contents
    return contents.decode("utf-8", "replace") if isinstance(contents, bytes) else contents


def raw(browser) -> bytes:
    contents = browser.contents
    return contents if isinstance(contents, bytes) else contents.encode("latin-1")


def post_answer(browser, url, answer, files=()):
    """Send the answer form as a browser would (several files under one name)."""
    browser.open(url)
    token = browser.getForm(id="answer-form").getControl(name="_authenticator").value
    response = browser.testapp.post(
        url,
        params=[("answer", answer), ("_authenticator", token)],
        upload_files=[("files", name, data, mime) for name, data, mime in files],
        expect_errors=True,
    )
    return response


def transition(submission, name, comment=""):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, transition=name, comment=comment)
    transaction.commit()


def test_submitting_leads_to_the_receipt(form, functional):
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    for name, value in VALUES.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    browser.getControl(name="form.buttons.submit").click()
    assert "/@@anliegen/" in browser.url and "receipt=1" in browser.url
    transaction.begin()
    (submission,) = form.aq_parent["einwohnerdienste"].objectValues()
    assert submission.reference in browser.contents
    assert 'id="receipt-thanks"' in browser.contents
    assert 'id="receipt-pdf"' in browser.contents
    assert "Bello" in browser.contents  # the printable summary of what was sent


def test_status_page_shows_state_and_facts(delivered, functional):
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token))
    assert browser.headers["status"].startswith("200")
    assert delivered.reference in browser.contents
    assert 'data-state="submitted"' in browser.contents
    assert 'id="receipt-thanks"' not in browser.contents
    assert "no-store" in browser.headers["Cache-Control"]
    assert browser.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in browser.headers["X-Robots-Tag"]


@pytest.mark.parametrize("token", ["x" * 32, "short", "../../etc/passwd", "A" * 40 + "!", ""])
def test_wrong_or_malformed_token_is_a_plain_404(delivered, functional, token):
    browser = browser_for(functional["app"])
    browser.open(status_url(token))
    assert browser.headers["status"].startswith("404")
    assert delivered.reference not in text(browser)


def test_expired_token_is_the_same_404(delivered, functional):
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(delivered.submission)
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token))
    assert browser.headers["status"].startswith("404")


def test_citizen_answers_a_question_with_a_file(delivered, functional):
    submission = delivered.submission
    transition(submission, "accept")
    transition(submission, "ask", "Bitte senden Sie den Impfausweis.")
    question_mail = [m for m in mails(functional) if "Impfausweis" in m and "anna@" in m]
    assert question_mail, "the citizen is told about the question"
    new_token = re.search(r"@@anliegen/([A-Za-z0-9_-]+)", question_mail[-1]).group(1)
    browser = browser_for(functional["app"])
    browser.open(status_url(new_token))
    assert "Bitte senden Sie den Impfausweis." in browser.contents
    response = post_answer(
        browser, status_url(new_token), "Hier ist er.", [("impf.pdf", PDF, "application/pdf")]
    )
    assert response.status_int == 303
    transaction.begin()
    assert api.content.get_state(submission) == "in_progress"
    (answer,) = submission.answers
    assert answer["text"] == "Hier ist er."
    assert answer["files"][0].filename == "impf.pdf"
    assert [e["action"] for e in submission.log][-2:] == ["answer", "resume"]
    to_office = [m for m in mails(functional) if "To: ed@liestal.example.ch" in m]
    assert any("answered" in m or "beantwortet" in m for m in to_office)


def test_answer_after_the_office_moved_on_is_refused_and_kept(delivered, functional):
    submission = delivered.submission
    transition(submission, "ask", "Noch eine Frage?")
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token))
    browser.getControl(name="answer").value = "Meine Antwort"
    transition(submission, "resume")  # the office went on meanwhile
    browser.getForm(id="answer-form").submit()
    assert browser.headers["status"].startswith("400")
    assert "not waiting for an answer" in text(browser)
    assert "Meine Antwort" in text(browser)
    transaction.begin()
    assert not getattr(submission, "answers", [])


def test_answer_is_not_offered_when_nothing_is_asked(delivered, functional):
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token))
    assert 'id="answer-form"' not in text(browser)


def test_answer_without_the_form_token_is_refused(delivered, functional):
    transition(delivered.submission, "ask", "Frage")
    browser = browser_for(functional["app"])
    browser.post(status_url(delivered.token), "answer=Ohne+Token")
    assert browser.headers["status"].startswith("403")
    transaction.begin()
    assert not getattr(delivered.submission, "answers", [])


def test_answer_with_a_forbidden_file_is_refused(delivered, functional):
    submission = delivered.submission
    transition(submission, "ask", "Bitte Ausweis senden.")
    browser = browser_for(functional["app"])
    response = post_answer(
        browser,
        status_url(delivered.token),
        "Anbei",
        [("ausweis.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
    )
    assert response.status_int == 400
    assert 'id="answer-error"' in response.text
    assert "Anbei" in response.text  # nothing the citizen typed is lost
    transaction.begin()
    assert api.content.get_state(submission) == "waiting"
    assert not getattr(submission, "answers", [])


def test_result_is_downloadable_once_completed(delivered, functional):
    submission = delivered.submission
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token) + "/result")
    assert browser.headers["status"].startswith("404")
    with api.env.adopt_roles(["Manager"]):
        submission.result = NamedBlobFile(
            PDF, contentType="application/pdf", filename="bestaetigung.pdf"
        )
    transition(submission, "accept")
    transition(submission, "complete", "Ihre Bestätigung liegt bereit.")
    browser.open(status_url(delivered.token))
    assert 'id="download-result"' in browser.contents
    browser.open(status_url(delivered.token) + "/result")
    assert raw(browser) == PDF
    assert "attachment" in browser.headers["Content-Disposition"]


def test_receipt_pdf(delivered, functional):
    browser = browser_for(functional["app"])
    browser.open(status_url(delivered.token) + "/receipt.pdf")
    assert browser.headers["Content-Type"] == "application/pdf"
    assert raw(browser).startswith(b"%PDF")


def test_second_click_makes_no_second_request(form, functional):
    first = deliver(form, dict(VALUES), functional["request"])
    second = deliver(form, dict(VALUES), functional["request"])
    transaction.commit()
    assert second.repeated is True
    assert second.submission.reference == first.submission.reference
    assert len(form.aq_parent["einwohnerdienste"].objectIds()) == 1
    assert len([m for m in mails(functional) if "To: anna@example.ch" in m]) == 1


@pytest.mark.parametrize(
    "action,comment", [("reject", "Nicht zuständig."), ("complete", "Fertig.")]
)
def test_citizen_is_mailed_in_their_language(form, functional, action, comment):
    delivery = deliver(form, dict(VALUES), functional["request"])
    delivery.submission.language = "fr"
    transaction.commit()
    if action == "complete":
        transition(delivery.submission, "accept")
    transition(delivery.submission, action, comment)
    (mail,) = [m for m in mails(functional) if comment.split()[0] in m]
    assert "To: anna@example.ch" in mail
    assert "@@anliegen/" in mail


def test_clerk_downloads_the_file_the_citizen_answered_with(delivered, functional):
    submission = delivered.submission
    transition(submission, "ask", "Bitte Impfausweis senden.")
    post_answer(
        browser_for(functional["app"]),
        status_url(delivered.token),
        "Hier.",
        [("impf.pdf", PDF, "application/pdf")],
    )
    clerk = browser_for(functional["app"], "liestal-clerk")
    clerk.open(submission.absolute_url())
    assert 'id="answers"' in clerk.contents and "impf.pdf" in clerk.contents
    clerk.open(f"{submission.absolute_url()}/@@file/answer-1-1")
    assert raw(clerk) == PDF
    assert "attachment" in clerk.headers["Content-Disposition"]
    for wrong in ("answer-2-1", "answer-1-2", "answer-x-1"):
        clerk.open(f"{submission.absolute_url()}/@@file/{wrong}")
        assert clerk.headers["status"].startswith("404")
    editor = browser_for(functional["app"], "liestal-editor")
    editor.open(f"{submission.absolute_url()}/@@file/answer-1-1")
    assert "insufficient-privileges" in editor.url or "login" in editor.url
