"""The specialist application reports status: signed, idempotent, the clerk's transitions."""

import json
import time

import transaction
from plone import api
from plone.testing.zope import Browser

from digitalgemeinde.outbox import signed_headers
from tests.outbox.conftest import SECRET
from tests.submissions.helpers import make_submission


def post(app, url, data, secret=SECRET, key="report-1", raw=None, stamp=None, headers=None):
    body = raw if raw is not None else json.dumps(data).encode()
    sent = {"Content-Type": "application/json", "Accept": "application/json"}
    sent.update(signed_headers(secret, body, key, now=stamp))
    if key is None:
        del sent["Idempotency-Key"]
    sent.update(headers or {})
    testapp = Browser(app).testapp
    response = testapp.post(f"{url}/@status-update", body, headers=sent, expect_errors=True)
    try:
        return response.status_int, response.json
    except ValueError:
        return response.status_int, response.text


def setup_request(form, request_):
    submission = make_submission(form, request_)
    transaction.commit()
    return submission


def state(submission) -> str:
    transaction.begin()
    return api.content.get_state(submission)


def test_signed_report_drives_the_workflow_and_tells_the_citizen(
    functional, connected, form, request_
):
    submission = setup_request(form, request_)
    mailhost = functional["portal"].MailHost
    before = len(mailhost.messages)
    url = submission.absolute_url()
    status, body = post(functional["app"], url, {"transition": "accept"}, key="a-1")
    assert status == 200, body
    assert body["review_state"] == "in_progress" and body["replayed"] is False
    status, body = post(
        functional["app"],
        url,
        {"transition": "ask", "comment": "Bitte Impfausweis nachreichen."},
        key="a-2",
    )
    assert status == 200, body
    assert state(submission) == "waiting"
    entry = submission.log[-1]
    assert entry["actor"] == "Fachapplikation" and entry["action"] == "ask"
    assert len(mailhost.messages) > before  # the citizen is told, as after a clerk's question
    assert b"Bitte Impfausweis nachreichen." in b"".join(
        m if isinstance(m, bytes) else m.encode() for m in mailhost.messages[before:]
    )


def test_replayed_report_changes_nothing(functional, connected, form, request_):
    submission = setup_request(form, request_)
    url = submission.absolute_url()
    first = post(functional["app"], url, {"transition": "accept"}, key="same")
    again = post(functional["app"], url, {"transition": "accept"}, key="same")
    assert first[0] == again[0] == 200
    assert again[1]["replayed"] is True
    assert again[1]["review_state"] == "in_progress"
    assert [e["action"] for e in submission.log].count("accept") == 1
    other_key = post(functional["app"], url, {"transition": "accept"}, key="other")
    assert other_key[0] == 409


def test_bad_signature_stale_timestamp_and_no_secret_are_401(
    functional, world, connected, form, request_
):
    submission = setup_request(form, request_)
    url = submission.absolute_url()
    app = functional["app"]
    wrong = post(app, url, {"transition": "accept"}, secret="x" * 40)
    stale = post(app, url, {"transition": "accept"}, stamp=time.time() - 3600)
    tampered = post(
        app,
        url,
        None,
        raw=b'{"transition": "reject", "comment": "x"}',
        headers={"X-Digitalgemeinde-Signature": "sha256=" + "0" * 64},
    )
    assert [wrong[0], stale[0], tampered[0]] == [401, 401, 401]
    assert wrong[1]["type"] == "Unauthorized"
    world["liestal-office"].interface_secret = None
    transaction.commit()
    assert post(app, url, {"transition": "accept"})[0] == 401
    assert state(submission) == "submitted"


def test_bad_input(functional, connected, form, request_):
    submission = setup_request(form, request_)
    url = submission.absolute_url()
    app = functional["app"]
    status, body = post(app, url, None, raw=b"{not json")
    assert status == 400 and "JSON" in body["message"]
    status, body = post(app, url, {"comment": "ohne Übergang"}, key="b-1")
    assert status == 400 and body["errors"][0]["field"] == "transition"
    status, body = post(app, url, {"transition": "reject"}, key="b-2")
    assert status == 400 and body["errors"][0]["field"] == "comment"
    status, body = post(app, url, {"transition": "complete"}, key="b-3")
    assert status == 409
    assert "accept" in body["message"]
    status, body = post(app, url, {"transition": "accept"}, key=None)
    assert status == 400 and body["errors"][0]["field"] == "Idempotency-Key"
    assert state(submission) == "submitted"


def test_unknown_submission_is_404(functional, connected, form, world):
    url = f"{world['liestal-office'].absolute_url()}/2829-2026-999999"
    assert post(functional["app"], url, {"transition": "accept"})[0] == 404
