"""GET and POST @submission-status/<token>: the citizen's status of a request over REST, by
the rules of the status page: the token is the key, the same 404 for every wrong one, no
personal values and no internal notes, answers only to a question, uploads checked."""

import base64
import json

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.submissions.forwarding import forward
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import PDF

PERSONAL = ("Anna Muster", "anna@example.ch", "Bello")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40


def status_url(token) -> str:
    return f"{api.portal.get().absolute_url()}/@submission-status/{token}"


def transition(submission, name, comment=""):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, transition=name, comment=comment)
    transaction.commit()


def asked(delivered, question="Bitte senden Sie den Impfausweis."):
    transition(delivered.submission, "accept")
    transition(delivered.submission, "ask", question)
    return delivered


def file(data: bytes, filename: str = "impf.pdf", **extra) -> dict:
    return {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": filename,
        "content-type": "application/pdf",
        **extra,
    }


def answers_of(submission) -> list:
    transaction.begin()
    return list(getattr(submission, "answers", []))


# Reading the status


def test_status_of_a_new_request(app, delivered):
    client = RestClient(app)
    status, body = client.get(status_url(delivered.token))
    assert status == 200, body
    assert body["reference"] == delivered.reference
    assert body["review_state"] == "submitted"
    assert body["state_title"] == "Received: your request has arrived."
    assert body["service_title"] == "Hund anmelden"
    assert body["office_title"] == "Einwohnerdienste"
    assert body["submitted"].startswith(str(delivered.submission.submitted.year))
    assert body["answer_awaited"] is False
    assert body["result"] is None
    assert body["payment"] is None  # nothing paid online (issue 20)
    assert body["status_page"].endswith(f"/@@anliegen/{delivered.token}")
    assert body["@id"].endswith(f"/@submission-status/{delivered.token}")
    assert [entry["action"] for entry in body["history"]] == ["submitted"]
    assert body["history"][0]["action_title"] == "Request received"
    assert set(body) == {
        "@id",
        "status_page",
        "reference",
        "review_state",
        "state_title",
        "service_title",
        "office_title",
        "submitted",
        "answer_awaited",
        "history",
        "messages",
        "payment",
        "result",
    }
    assert body["messages"] == []


def test_status_keeps_the_address_out_of_caches_and_referrers(app, delivered):
    response = RestClient(app).testapp.get(
        status_url(delivered.token), headers={"Accept": "application/json"}
    )
    assert response.status_int == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_status_holds_no_personal_values_nor_internal_notes(app, delivered, bau):
    submission = delivered.submission
    with api.env.adopt_roles(["Manager"]):
        submission.notes.append({"time": submission.submitted, "actor": "x", "text": "Notiz X"})
    transaction.commit()
    transition(submission, "accept", "Intern: Halter prüfen")
    transaction.begin()
    forward(submission, bau, "Grund Y: falsch zugeteilt")
    transaction.commit()
    status, body = RestClient(app).get(status_url(delivered.token))
    assert status == 200, body
    text = json.dumps(body, ensure_ascii=False)
    for value in (*PERSONAL, "Notiz X", "Intern: Halter prüfen", "Grund Y", "liestal-clerk"):
        assert value not in text
    assert [entry["action"] for entry in body["history"]] == ["submitted", "forward"]
    assert body["history"][1]["to_office"] == "Bauverwaltung"
    assert body["history"][1]["comment"] == ""
    assert body["office_title"] == "Bauverwaltung"


def test_question_is_shown_and_an_answer_awaited(app, delivered):
    asked(delivered)
    status, body = RestClient(app).get(status_url(delivered.token))
    assert body["review_state"] == "waiting"
    assert body["answer_awaited"] is True
    (question,) = [entry for entry in body["history"] if entry["action"] == "ask"]
    assert question["comment"] == "Bitte senden Sie den Impfausweis."
    assert question["action_title"] == "Question from the office"


@pytest.mark.parametrize(
    "token", ["x" * 32, "short", "A" * 40 + "!", "B" * 31, "C" * 65, "%3Cscript%3E" * 4]
)
def test_wrong_or_malformed_token_is_the_same_404(app, delivered, token):
    client = RestClient(app)
    status, body = client.get(status_url(token))
    assert status == 404
    assert delivered.reference not in json.dumps(body)
    reference_status, reference_body = client.get(status_url("y" * 40))
    assert (
        body
        == reference_body
        == {
            "type": "NotFound",
            "message": "There is no request at this address.",
        }
    )


def test_missing_token_or_more_path_is_the_same_404(app, delivered):
    client = RestClient(app)
    for url in (
        f"{api.portal.get().absolute_url()}/@submission-status",
        f"{status_url(delivered.token)}/result",
        f"{status_url(delivered.token)}/receipt.pdf",
    ):
        status, body = client.get(url)
        assert status == 404, url
        assert body["type"] == "NotFound"
        assert delivered.reference not in json.dumps(body)


def test_expired_token_is_the_same_404(app, delivered):
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(delivered.submission)
    transaction.commit()
    status, body = RestClient(app).get(status_url(delivered.token))
    assert status == 404
    assert body["message"] == "There is no request at this address."


def test_the_token_is_needed_even_for_staff(app, delivered):
    """Being logged in opens nothing: the clerk, too, needs the token."""
    status, body = RestClient(app, "liestal-clerk").get(status_url("z" * 40))
    assert status == 404
    assert delivered.reference not in json.dumps(body)


def test_result_is_linked_once_completed(app, delivered):
    submission = delivered.submission
    with api.env.adopt_roles(["Manager"]):
        submission.result = NamedBlobFile(
            PDF, contentType="application/pdf", filename="bestaetigung.pdf"
        )
    transaction.commit()
    transition(submission, "accept")
    status, body = RestClient(app).get(status_url(delivered.token))
    assert body["result"] is None  # not before the request is completed
    transition(submission, "complete", "Ihre Bestätigung liegt bereit.")
    status, body = RestClient(app).get(status_url(delivered.token))
    assert body["review_state"] == "completed"
    assert body["result"] == {
        "@id": body["status_page"] + "/result",
        "filename": "bestaetigung.pdf",
        "content-type": "application/pdf",
        "size": len(PDF),
    }
    assert body["history"][-1]["comment"] == "Ihre Bestätigung liegt bereit."
    browser = browser_for(app)
    browser.open(body["result"]["@id"])
    contents = browser.contents
    assert (contents if isinstance(contents, bytes) else contents.encode("latin-1")) == PDF


# Answering


def test_citizen_answers_with_a_file(app, delivered):
    asked(delivered)
    client = RestClient(app)
    status, body = client.post(
        status_url(delivered.token), {"text": "  Hier ist er.  ", "files": [file(PDF)]}
    )
    assert status == 200, body
    assert body["review_state"] == "in_progress"
    assert body["answer_awaited"] is False
    assert body["history"][-1]["action"] == "answer"
    assert body["history"][-1]["comment"] == "Hier ist er."
    (answer,) = answers_of(delivered.submission)
    assert answer["text"] == "Hier ist er."
    (stored,) = answer["files"]
    assert stored.filename == "impf.pdf"
    assert stored.data == PDF
    assert stored.contentType == "application/pdf"
    assert api.content.get_state(delivered.submission) == "in_progress"


def test_answer_without_files_and_base64_with_line_breaks(app, delivered):
    asked(delivered)
    encoded = base64.encodebytes(PNG * 10).decode()  # MIME style, with line breaks
    assert "\n" in encoded
    status, body = RestClient(app).post(
        status_url(delivered.token),
        {"text": "Foto", "files": [{"data": encoded, "filename": "foto.png"}]},
    )
    assert status == 200, body
    (answer,) = answers_of(delivered.submission)
    assert answer["files"][0].data == PNG * 10


def test_answer_when_nothing_is_asked_is_a_conflict(app, delivered):
    status, body = RestClient(app).post(status_url(delivered.token), {"text": "Hallo"})
    assert status == 409
    assert body["type"] == "Conflict"
    assert body["message"] == "Your request is not waiting for an answer from you."
    assert answers_of(delivered.submission) == []
    assert api.content.get_state(delivered.submission) == "submitted"


def test_second_answer_is_a_conflict(app, delivered):
    asked(delivered)
    client = RestClient(app)
    status, _ = client.post(status_url(delivered.token), {"text": "Erste"})
    assert status == 200
    status, body = client.post(status_url(delivered.token), {"text": "Zweite"})
    assert status == 409
    assert [answer["text"] for answer in answers_of(delivered.submission)] == ["Erste"]


def test_answer_with_a_wrong_token_is_the_same_404(app, delivered):
    asked(delivered)
    status, body = RestClient(app).post(status_url("q" * 40), {"text": "Hallo"})
    assert status == 404
    assert body["message"] == "There is no request at this address."
    assert answers_of(delivered.submission) == []


@pytest.mark.parametrize(
    "data,fields",
    [
        ({}, ["text"]),
        ({"text": "   "}, ["text"]),
        ({"text": 42}, ["text"]),
        ({"text": "x" * 10_001}, ["text"]),
        ({"text": "Anbei", "files": "impf.pdf"}, ["files"]),
        ({"text": "Anbei", "files": [file(PDF, f"{n}.pdf") for n in range(6)]}, ["files"]),
        ({"text": "Anbei", "files": ["impf.pdf"]}, ["files[0]"]),
        ({"text": "Anbei", "files": [file(EXE, "impf.pdf")]}, ["files[0]"]),
        ({"text": "Anbei", "files": [file(PDF, "impf.exe")]}, ["files[0]"]),
        ({"text": "Anbei", "files": [file(PDF), file(EXE, "b.png")]}, ["files[1]"]),
        ({"text": "Anbei", "files": [file(PDF, "")]}, ["files[0].filename"]),
        ({"text": "Anbei", "files": [file(PDF, encoding="hex")]}, ["files[0].encoding"]),
        ({"text": "Anbei", "files": [{"data": "%%%", "filename": "a.pdf"}]}, ["files[0].data"]),
        ({"text": "Anbei", "files": [{"data": 12, "filename": "a.pdf"}]}, ["files[0].data"]),
        ({"text": "Anbei", "files": [{"data": "", "filename": "a.pdf"}]}, ["files[0].data"]),
        ({"text": "", "files": [file(EXE, "a.pdf")]}, ["text", "files[0]"]),
    ],
)
def test_bad_answer_is_refused_naming_the_field(app, delivered, data, fields):
    asked(delivered)
    status, body = RestClient(app).post(status_url(delivered.token), data)
    assert status == 400, body
    assert body["type"] == "BadRequest"
    assert [error["field"] for error in body["errors"]] == fields
    assert answers_of(delivered.submission) == []
    assert api.content.get_state(delivered.submission) == "waiting"


def test_file_over_the_limit_is_refused_before_it_is_decoded(app, delivered):
    api.portal.set_registry_record("digitalgemeinde.upload_max_mb", 1)
    transaction.commit()
    asked(delivered)
    big = PDF + b"\x00" * (1024 * 1024)
    status, body = RestClient(app).post(
        status_url(delivered.token), {"text": "Gross", "files": [file(big)]}
    )
    assert status == 400
    assert body["errors"] == [{"field": "files[0]", "message": "The file is larger than 1 MB."}]
    assert answers_of(delivered.submission) == []


def test_body_that_is_no_json_object_is_refused(app, delivered):
    asked(delivered)
    client = RestClient(app)
    response = client.testapp.post(
        status_url(delivered.token),
        "{not json",
        headers=client.headers,
        expect_errors=True,
    )
    assert response.status_int == 400
    assert response.json["type"] == "BadRequest"
    status, body = client.post(status_url(delivered.token), ["Hallo"])
    assert status == 400
    assert answers_of(delivered.submission) == []


def test_messages_are_in_the_language_of_the_site(app, delivered):
    api.portal.set_registry_record("plone.available_languages", ["de", "fr"])
    api.portal.set_registry_record("plone.default_language", "de")
    transaction.commit()
    asked(delivered)
    status, body = RestClient(app).post(status_url(delivered.token), {"text": ""})
    assert status == 400
    assert body["errors"] == [{"field": "text", "message": "Bitte schreiben Sie Ihre Antwort."}]
    status, body = RestClient(app).get(status_url(delivered.token))
    assert body["state_title"] == "Rückfrage: Das Amt braucht etwas von Ihnen."
