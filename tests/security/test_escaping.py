"""Security model (5): markup typed by a citizen, a clerk or an editor stays text on every page
(the citizen's status page, the inbox, the request's page, the members page), in the PDF
receipt and in the mails, over HTTP.

Also proven in-process: values, notes and questions on the request's page
(tests/submissions/test_submission_page.py), the inbox and its filters
(tests/submissions/test_inbox.py)."""

import io
import re

import pytest
import transaction
from plone import api
from pypdf import PdfReader

from tests.security.helpers import Client
from tests.security.helpers import file_value
from tests.security.helpers import mails
from tests.security.helpers import serve_world
from tests.security.helpers import submit

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"
# Tries to close the PDF's text string and add an action of its own.
PDF_BREAKOUT = ") Tj ET /OpenAction << /S /JavaScript /JS (app.alert(1)) >> BT ("


@pytest.fixture
def served(acceptance):
    """A request whose values, file name, service and office title, question, answer and note
    all carry markup."""
    world = serve_world(acceptance)
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].title = f"Hund {SCRIPT}"
        world["liestal-service"].reindexObject()
        world["liestal-office"].title = f"Amt {IMG}"
        world["liestal-office"].reindexObject()
    transaction.commit()
    answer = submit(
        acceptance,
        name=SCRIPT,
        dog=f"{IMG} {PDF_BREAKOUT}",
        document=file_value(filename=f"{IMG}.pdf"),
    )
    request = f"liestal/einwohnerdienste/{answer['reference']}"
    clerk = Client(acceptance, "liestal-clerk")
    token = clerk.form_token()
    for data in (
        {"action": "note", "note": IMG},
        {"action": "transition", "transition": "accept", "comment": ""},
        {"action": "transition", "transition": "ask", "comment": SCRIPT},
    ):
        response = clerk.post(f"{request}/@@view", data={**data, "_authenticator": token})
        assert response.status_code == 303, response.text[:500]
    status_token = answer["status_url"].rsplit("/", 1)[1]
    response = Client(acceptance).rest(
        "POST", f"@submission-status/{status_token}", {"text": f"Antwort {IMG}"}
    )
    assert response.status_code == 200, response.text
    return {"world": world, "request": request, **answer}


def assert_text_only(page: str, *escaped: str) -> None:
    """No markup of ours is in ``page``, and each of ``escaped`` is (the value was shown)."""
    assert SCRIPT not in page and IMG not in page
    assert "onerror=alert" not in page.replace(ESCAPED_IMG, "")
    for text in escaped:
        assert text in page, text


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as a reader extracts it (the receipt embeds a Unicode font, so its
    content streams hold glyph numbers, never the typed characters)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


class TestEscaping:
    def test_markup_is_text_on_every_page(self, acceptance, served):
        clerk = Client(acceptance, "liestal-clerk")
        page = clerk.get(served["request"]).text
        assert_text_only(page, ESCAPED_SCRIPT, ESCAPED_IMG, f"Antwort {ESCAPED_IMG}")
        page = clerk.get("liestal/einwohnerdienste/@@inbox").text
        assert_text_only(page, f"Hund {ESCAPED_SCRIPT}", served["reference"])
        page = Client(acceptance, "liestal-admin").get("liestal/@@inbox").text
        assert_text_only(page, f"Amt {ESCAPED_IMG}", served["reference"])
        page = Client(acceptance).get(served["status_url"]).text
        assert_text_only(page, ESCAPED_SCRIPT, f"Hund {ESCAPED_SCRIPT}", f"Amt {ESCAPED_IMG}")
        assert f"Antwort {ESCAPED_IMG}" in page

    def test_markup_in_a_name_is_text_on_the_members_page(self, acceptance, served):
        api.user.create(
            email="mallory@example.ch",
            username="mallory",
            password="secret-password-1",
            properties={"fullname": f"Mallory {SCRIPT}"},
        )
        api.group.add_user(groupname="liestal-editors", username="mallory")
        transaction.commit()
        page = Client(acceptance, "liestal-admin").get("liestal/@@tenant-members").text
        assert_text_only(page, f"Mallory {ESCAPED_SCRIPT}")

    def test_the_pdf_receipt_holds_the_values_as_text_and_no_action(self, acceptance, served):
        response = Client(acceptance).get(f"{served['status_url']}/receipt.pdf")
        assert response.headers["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF")
        for name in (b"/JavaScript", b"/JS", b"/AA", b"/Launch"):
            assert name not in pdf, name
        # fpdf's own: open at the first page, fit to width (a destination, no action)
        assert re.findall(rb"/OpenAction ([^\n]*)", pdf) == [b"[3 0 R /FitH null]"]
        content = pdf_text(pdf)
        # the values are shown as they were typed: text in the page, never PDF syntax
        assert "<script>alert(1)</script>" in content
        assert "/JavaScript /JS (app.alert(1))" in content

    def test_mails_are_plain_text_with_the_markup_as_typed(self, acceptance, served):
        sent = mails(acceptance)
        assert len(sent) >= 3  # notice, receipt, the question; and the answer's notice
        for message in sent:
            assert [part.get_content_type() for part in message.walk()] == ["text/plain"]
        receipt = next(m for m in sent if "anna.geheimnis@example.ch" in str(m["To"]))
        body = receipt.get_body(("plain",)).get_content()
        assert SCRIPT in body  # as typed: plain text never runs
        assert f"Hund {SCRIPT}" in str(receipt["Subject"])
