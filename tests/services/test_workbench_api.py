"""The clerk's workbench over REST: @assign, @inbox with the new filters and fields,
@inbox-bulk."""

import transaction
from plone import api

from tests.helpers import RestClient


def test_clerk_assigns_over_rest_and_the_inbox_filters(app, world, three):
    client = RestClient(app, "liestal-clerk")
    url = three["new"].absolute_url() + "/@assign"
    status, body = client.post(url, {"assignee": "liestal-clerk"})
    assert status == 200, body
    assert body["assignee"] == "liestal-clerk" and body["changed"] is True
    assert body["assignee_name"] == "Liestal Clerk"
    inbox = world["liestal-office"].absolute_url() + "/@inbox"
    status, body = client.get(inbox + "?assigned=me")
    assert status == 200, body
    assert [item["reference"] for item in body["items"]] == [three["new"].reference]
    assert body["items"][0]["assignee"] == "liestal-clerk"
    status, body = client.get(inbox + "?assigned=none")
    assert {item["reference"] for item in body["items"]} == {
        three["old"].reference,
        three["busy"].reference,
    }
    status, body = client.post(url, {"assignee": None})
    assert status == 200 and body["assignee"] is None
    transaction.begin()
    assert three["new"].assignee is None


def test_assigning_to_someone_not_on_the_staff_is_refused(app, world, submission, bau):
    client = RestClient(app, "liestal-clerk")
    status, body = client.post(
        submission.absolute_url() + "/@assign", {"assignee": "liestal-bau-clerk"}
    )
    assert status == 400
    assert body["errors"][0]["field"] == "assignee"
    assert "is not on the staff of Einwohnerdienste" in body["message"]
    status, body = client.post(submission.absolute_url() + "/@assign", {"assignee": 7})
    assert status == 400
    transaction.begin()
    assert submission.assignee is None


def test_others_cannot_assign_over_rest(app, world, submission, bau, allschwil_clerk):
    for user in ("liestal-editor", "liestal-bau-clerk", "allschwil-clerk"):
        status, _body = RestClient(app, user).post(
            submission.absolute_url() + "/@assign", {"assignee": user}
        )
        assert status in (401, 403), user
    transaction.begin()
    assert submission.assignee is None


def test_bad_workbench_filters_are_refused(app, world, three):
    client = RestClient(app, "liestal-clerk")
    inbox = world["liestal-office"].absolute_url() + "/@inbox"
    for query, field in (
        ("assigned=liestal-editor", "assigned"),
        ("overdue=yes", "overdue"),
        ("sort=oldest", "sort"),
    ):
        status, body = client.get(f"{inbox}?{query}")
        assert status == 400, query
        assert body["errors"][0]["field"] == field
    status, body = client.get(f"{inbox}?sort=due&overdue=0")
    assert status == 200 and body["items_total"] == 3
    assert body["overdue"] == 0


def test_bulk_accept_and_assign_over_rest(app, world, three):
    client = RestClient(app, "liestal-clerk")
    url = world["liestal-office"].absolute_url() + "/@inbox-bulk"
    uids = [three[key].UID() for key in ("new", "old", "busy")]
    status, body = client.post(url, {"action": "accept", "uids": uids})
    assert status == 200, body
    assert sorted(body["done"]) == sorted([three["new"].reference, three["old"].reference])
    assert [item["reference"] for item in body["refused"]] == [three["busy"].reference]
    assert "In progress" in body["refused"][0]["message"]
    status, body = client.post(
        url, {"action": "assign", "uids": uids[:2], "assignee": "liestal-clerk"}
    )
    assert status == 200 and len(body["done"]) == 2
    assert body["messages"][0] == "2 requests assigned to you."
    status, body = client.post(url, {"action": "delete", "uids": uids})
    assert status == 400 and body["errors"][0]["field"] == "action"
    status, body = client.post(url, {"action": "accept", "uids": []})
    assert status == 400 and body["errors"][0]["field"] == "uids"


def test_bulk_of_another_tenant_touches_nothing(app, world, three, allschwil_clerk):
    client = RestClient(app, "allschwil-clerk")
    url = world["allschwil-office"].absolute_url() + "/@inbox-bulk"
    status, body = client.post(url, {"action": "accept", "uids": [three["new"].UID()]})
    assert status == 200
    assert body["done"] == [] and body["not_found"] == [three["new"].UID()]
    transaction.begin()
    assert api.content.get_state(three["new"]) == "submitted"
    with api.env.adopt_user(username="allschwil-clerk"):
        assert not api.user.has_permission("digitalgemeinde: Process submission", obj=three["new"])
