"""GET @inbox: the inbox of an office or a tenant over REST: who gets it, what it lists,
filters, pages, and bad filters refused naming the parameter."""

import json
from urllib.parse import urlsplit

import pytest
import transaction
from DateTime import DateTime
from plone import api

from tests.helpers import RestClient
from tests.submissions.helpers import a_minute_apart
from tests.submissions.helpers import make_submission
from tests.submissions.helpers import move_to


def inbox(obj, query: str = "") -> str:
    return f"{obj.absolute_url()}/@inbox" + (f"?{query}" if query else "")


def get(app, url, user="liestal-clerk"):
    return RestClient(app, user).get(url)


def path(url: str) -> str:
    """An address without scheme and host (the test server adds a port to some)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def references(body) -> list[str]:
    return [item["reference"] for item in body["items"]]


# Who gets the inbox


def test_clerk_gets_the_inbox_of_their_office(app, world, submission):
    status, body = get(app, inbox(world["liestal-office"]))
    assert status == 200, body
    assert path(body["@id"]) == path(inbox(world["liestal-office"]))
    assert body["items_total"] == 1
    (item,) = body["items"]
    assert path(item["@id"]) == path(submission.absolute_url())
    assert path(item["office"]["@id"]) == path(world["liestal-office"].absolute_url())
    assert item == {
        "@id": item["@id"],
        "reference": submission.reference,
        "review_state": "submitted",
        "state_title": "New",
        "created": item["created"],
        "service_title": "Hund anmelden",
        "submitter_email": "anna@example.ch",
        "office": {"@id": item["office"]["@id"], "title": "Einwohnerdienste"},
        "assignee": None,
        "assignee_name": None,
        "due": None,
        "overdue": False,
    }
    assert DateTime(item["created"]).isPast()
    assert body["counts"] == {
        "submitted": 1,
        "in_progress": 0,
        "waiting": 0,
        "completed": 0,
        "rejected": 0,
    }
    assert "batching" not in body


def test_the_inbox_holds_no_values_of_the_request(app, world, submission):
    """Like the page: reference, service, email and state; not what the citizen typed."""
    status, body = get(app, inbox(world["liestal-office"]))
    assert status == 200
    assert "Anna Muster" not in json.dumps(body)
    assert "Bello" not in json.dumps(body)


@pytest.mark.parametrize(
    "user", ["liestal-bau-clerk", "liestal-editor", "allschwil-editor", "allschwil-clerk", None]
)
def test_others_are_refused_the_office_inbox(app, world, bau, allschwil_clerk, submission, user):
    status, body = get(app, inbox(world["liestal-office"]), user)
    assert status in (401, 403)
    assert submission.reference not in json.dumps(body)
    assert "anna@example.ch" not in json.dumps(body)


@pytest.mark.parametrize("user", ["liestal-clerk", "liestal-editor", "allschwil-editor", None])
def test_only_tenant_admins_get_the_tenant_inbox(app, world, submission, user):
    status, body = get(app, inbox(world["liestal"]), user)
    assert status in (401, 403)
    assert submission.reference not in json.dumps(body)


def test_tenant_admin_is_refused_the_inbox_of_another_tenant(app, world, submission):
    status, _ = get(app, inbox(world["allschwil"]), "liestal-admin")
    assert status in (401, 403)
    status, _ = get(app, inbox(world["allschwil-office"]), "liestal-admin")
    assert status in (401, 403)


def test_tenant_admin_gets_the_requests_of_all_offices(app, world, bau, form, request_):
    first = make_submission(form, request_, name="Erste Person")
    second = move_to(make_submission(form, request_, name="Zweite Person"), bau)
    transaction.commit()
    status, body = get(app, inbox(world["liestal"]), "liestal-admin")
    assert status == 200, body
    offices = {item["reference"]: item["office"]["title"] for item in body["items"]}
    assert offices == {first.reference: "Einwohnerdienste", second.reference: "Bauverwaltung"}
    assert body["counts"]["submitted"] == 2
    # each office's clerk gets their own request only, even on the tenant's listing
    status, body = get(app, inbox(bau), "liestal-bau-clerk")
    assert status == 200
    assert references(body) == [second.reference]
    assert body["counts"]["submitted"] == 1
    status, body = get(app, inbox(world["liestal-office"]))
    assert references(body) == [first.reference]


def test_a_request_of_another_tenant_is_never_listed(app, world, allschwil_clerk, submission):
    """Allschwil's clerk has an inbox of their own: Liestal's request is not in it."""
    status, body = get(app, inbox(world["allschwil-office"]), "allschwil-clerk")
    assert status == 200
    assert body["items_total"] == 0
    assert submission.reference not in json.dumps(body)


# Filters, search, pages


@pytest.mark.parametrize(
    "query,found",
    [
        ("state=in_progress", ["busy"]),
        ("state=submitted", ["old", "new"]),
        ("from=2025-01-01&to=2025-01-31", ["old"]),
        ("from=16.01.2025", ["busy", "new"]),
        ("to=2025-01-14", []),
        ("q=Nina", ["new"]),
        ("q=berta@example.ch", ["busy"]),
        ("state=submitted&q=Nina", ["new"]),
        ("state=in_progress&q=Nina", []),
        ("", ["old", "busy", "new"]),
    ],
)
def test_filters(app, world, three, query, found):
    status, body = get(app, inbox(world["liestal-office"], query))
    assert status == 200, body
    assert sorted(references(body)) == sorted(three[key].reference for key in found)
    assert body["items_total"] == len(found)


def test_filter_by_service(app, world, three):
    uid = world["bl-service"].UID()
    status, body = get(app, inbox(world["liestal-office"], f"service={uid}"))
    assert status == 200
    assert references(body) == [three["old"].reference]


def test_search_by_reference(app, world, three):
    reference = three["busy"].reference
    status, body = get(app, inbox(world["liestal-office"], f"q={reference}"))
    assert references(body) == [reference]
    assert body["items"][0]["review_state"] == "in_progress"
    assert body["items"][0]["state_title"] == "In progress"


@pytest.mark.parametrize(
    "query,fields",
    [
        ("state=lost", ["state"]),
        ("state=submitted&state=completed", ["state"]),
        ("from=31.02.2025", ["from"]),
        ("to=gestern", ["to"]),
        ("from=0001-01-01", ["from"]),
        ("to=9999-12-31", ["to"]),
        ("service=nonexistent", ["service"]),
        ("from=2026-02-01&to=2026-01-01", ["from", "to"]),
        ("q=%22%28", ["q"]),
        ("b_start=-1", ["b_start"]),
        ("b_start=x", ["b_start"]),
        ("b_size=0", ["b_size"]),
        ("b_size=101", ["b_size"]),
        ("state=lost&to=gestern", ["state", "to"]),
    ],
)
def test_bad_filter_is_refused_naming_the_parameter(app, world, three, query, fields):
    status, body = get(app, inbox(world["liestal-office"], query))
    assert status == 400, body
    assert body["type"] == "BadRequest"
    assert [error["field"] for error in body["errors"]] == fields
    assert body["message"] == body["errors"][0]["message"]
    assert "items" not in body


def test_a_service_of_another_canton_or_tenant_is_no_filter(app, world, three):
    """The service filter takes the services of the tenant and its canton only."""
    uid = world["allschwil-service"].UID()
    status, body = get(app, inbox(world["liestal-office"], f"service={uid}"))
    assert status == 400
    assert body["errors"][0]["field"] == "service"


def test_state_titles_are_in_the_language_of_the_site(app, world, submission):
    api.portal.set_registry_record("plone.available_languages", ["de", "fr"])
    api.portal.set_registry_record("plone.default_language", "de")
    transaction.commit()
    status, body = get(app, inbox(world["liestal-office"]))
    assert status == 200
    assert body["items"][0]["state_title"] == "Neu"


def test_pages_of_twenty_newest_first(app, world, form, request_):
    made = a_minute_apart(form, request_, 25)
    newest_first = [item.reference for item in reversed(made)]
    status, body = get(app, inbox(world["liestal-office"]))
    assert status == 200
    assert body["items_total"] == 25
    assert references(body) == newest_first[:20]
    assert "b_start=20" in body["batching"]["next"]
    status, body = get(app, body["batching"]["next"])
    assert references(body) == newest_first[20:]
    assert body["items_total"] == 25
    status, body = get(app, inbox(world["liestal-office"], "b_size=10&b_start=10"))
    assert references(body) == newest_first[10:20]


def test_page_links_keep_the_filters(app, world, form, request_):
    for n in range(23):
        make_submission(form, request_, name=f"Person {n}")
    make_submission(form, request_, name="Other")
    transaction.commit()
    status, body = get(app, inbox(world["liestal-office"], "q=Person&state=submitted"))
    assert body["items_total"] == 23
    assert len(body["items"]) == 20
    status, body = get(app, body["batching"]["next"])
    assert status == 200
    assert len(body["items"]) == 3
    assert body["items_total"] == 23
