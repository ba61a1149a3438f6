"""Messages and the access log over REST: ``<request>/@messages``, ``@submission-messages/<token>``,
the messages in ``@submission-status`` and in the request's JSON, ``<tenant>/@access-log``."""

import base64

import transaction
from plone import api

from tests.citizens.test_status_page import mails
from tests.helpers import RestClient
from tests.helpers import create_user
from tests.request_forms import PDF


def pdf_file(name="brief.pdf", data=PDF) -> dict:
    return {"data": base64.b64encode(data).decode(), "encoding": "base64", "filename": name}


def portal_url() -> str:
    return api.portal.get().absolute_url()


def test_clerk_and_citizen_exchange_messages(app, delivered, functional):
    submission = delivered.submission
    url = f"{submission.absolute_url()}/@messages"
    status, body = RestClient(app, "liestal-clerk").post(
        url, {"text": "Bitte Brief lesen.", "files": [pdf_file()]}
    )
    assert status == 201, body
    assert body["sender"] == "office" and body["actor"] == "liestal-clerk"
    assert body["files"][0]["filename"] == "brief.pdf"
    assert body["files"][0]["download"].endswith("/@@message-file/1-1")
    assert any("To: anna@example.ch" in m for m in mails(functional))
    status, body = RestClient(app).get(f"{portal_url()}/@submission-status/{delivered.token}")
    assert status == 200
    (message,) = body["messages"]
    assert message["from_office"] and message["text"] == "Bitte Brief lesen."
    assert message["files"][0]["@id"].endswith("/message-1-1")
    assert "actor" not in message  # the citizen does not learn the clerk's account
    status, body = RestClient(app).post(
        f"{portal_url()}/@submission-messages/{delivered.token}",
        {"text": "Gelesen, danke.", "files": [pdf_file("antwort.pdf")]},
    )
    assert status == 201, body
    assert [m["text"] for m in body["messages"]] == ["Bitte Brief lesen.", "Gelesen, danke."]
    assert body["review_state"] == "submitted"  # no state change
    status, body = RestClient(app, "liestal-clerk").get(url)
    assert [m["sender"] for m in body["items"]] == ["office", "citizen"]
    status, body = RestClient(app, "liestal-clerk").get(submission.absolute_url())
    assert [m["text"] for m in body["messages"]] == ["Bitte Brief lesen.", "Gelesen, danke."]


def test_refusals_store_nothing(app, bau, allschwil_clerk, delivered):
    submission = delivered.submission
    url = f"{submission.absolute_url()}/@messages"
    for user in ("liestal-bau-clerk", "allschwil-clerk", "liestal-editor", None):
        status, _body = RestClient(app, user).post(url, {"text": "Fremd"})
        assert status in (401, 403), user
        status, _body = RestClient(app, user).get(url)
        assert status in (401, 403), user
    status, body = RestClient(app, "liestal-clerk").post(url, {"text": "  "})
    assert status == 400 and body["errors"][0]["field"] == "text"
    status, body = RestClient(app, "liestal-clerk").post(
        url, {"text": "Mit Virus", "files": [pdf_file("x.pdf", b"MZ\x90 not a pdf")]}
    )
    assert status == 400 and body["errors"][0]["field"] == "files[0]"
    status, _body = RestClient(app).post(
        f"{portal_url()}/@submission-messages/{'x' * 40}", {"text": "Hallo"}
    )
    assert status == 404
    transaction.begin()
    assert list(submission.messages) == []


def test_access_log_for_tenant_admins_only(app, world, delivered):
    create_user("allschwil-admin", ["allschwil-admins"])
    transaction.commit()
    submission = delivered.submission
    RestClient(app, "liestal-clerk").post(f"{submission.absolute_url()}/@messages", {"text": "x"})
    browser_url = submission.absolute_url()
    from tests.helpers import browser_for

    browser_for(app, "liestal-clerk").open(browser_url)
    url = f"{world['liestal'].absolute_url()}/@access-log"
    status, body = RestClient(app, "liestal-admin").get(f"{url}?request={submission.UID()}")
    assert status == 200, body
    assert [(i["action"], i["actor"]) for i in body["items"]] == [("open", "liestal-clerk")]
    assert set(body["items"][0]) == {"time", "request", "reference", "action", "actor"}
    status, body = RestClient(app, "liestal-admin").get(f"{url}?user=liestal-clerk")
    assert status == 200 and body["items_total"] == 1
    status, body = RestClient(app, "liestal-admin").get(url)
    assert status == 400
    for user in ("liestal-clerk", "allschwil-admin", None):
        status, _body = RestClient(app, user).get(f"{url}?request={submission.UID()}")
        assert status in (401, 403), user
