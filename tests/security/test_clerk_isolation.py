"""Security model (2): a clerk of one office cannot read or change another office's requests,
neither in their own tenant (Liestal's Bauverwaltung) nor in another (Allschwil), over HTTP;
each clerk works their own.

Also proven in-process: the other offices' inboxes, pages, files and search
(tests/submissions/test_inbox.py, test_submission_page.py), REST ``@inbox``
(tests/services/test_inbox_api.py)."""

import pytest
import transaction
from plone import api

from tests.security.helpers import CITIZEN
from tests.security.helpers import PDF
from tests.security.helpers import Client
from tests.security.helpers import assert_reads_nothing
from tests.security.helpers import denied
from tests.security.helpers import file_value
from tests.security.helpers import serve_world
from tests.security.helpers import state_of
from tests.security.helpers import submit
from tests.submissions.helpers import move_to

OFFICE = "liestal/einwohnerdienste"
OTHERS = ["liestal-bau-clerk", "allschwil-clerk"]


@pytest.fixture
def served(acceptance):
    """Request ``a`` in Liestal's Einwohnerdienste, request ``b`` in its Bauverwaltung."""
    world = serve_world(acceptance, bau=True, allschwil_clerk=True)
    a = submit(acceptance, document=file_value())["reference"]
    b = submit(acceptance, name="Bruno Bau", email="bruno@example.ch", dog="Rex")["reference"]
    transaction.begin()
    move_to(world["liestal-office"][b], world["bau"])
    transaction.commit()
    return {"world": world, "a": a, "b": b, "request": f"{OFFICE}/{a}"}


def unchanged(world, reference):
    """Request ``reference`` is still new, in its office, without notes and steps."""
    transaction.begin()
    submission = world["liestal-office"][reference]
    assert api.content.get_state(submission) == "submitted"
    assert [entry["action"] for entry in submission.log] == ["submitted"]
    assert list(submission.notes) == []


class TestClerkIsolation:
    @pytest.mark.parametrize("user", OTHERS)
    def test_other_clerk_reads_nothing_of_the_request(self, acceptance, served, user):
        request, reference = served["request"], served["a"]
        other = Client(acceptance, user)
        pages = (
            request,
            f"{request}/@@view",
            f"{request}/@@file/document",
            f"{OFFICE}/@@inbox",
            f"{OFFICE}/@@inbox-export?format=csv",
            f"{OFFICE}/@@inbox-export?format=xlsx",
            "liestal/@@inbox-export?format=csv",
        )
        rest_paths = (request, f"{request}/@history", f"{request}/@workflow", f"{OFFICE}/@inbox")
        assert_reads_nothing(other, pages, rest_paths)
        for query in (
            f"SearchableText={CITIZEN['dog']}&metadata_fields=_all",
            "portal_type=Submission&fullobjects=1",
        ):
            items = str(other.rest("GET", f"@search?{query}").json()["items"])
            assert reference not in items, query
            assert [value for value in CITIZEN.values() if value in items] == [], query

    def test_each_clerk_reads_their_own_requests_only(self, acceptance, served):
        clerk = Client(acceptance, "liestal-clerk")
        assert clerk.get(f"{served['request']}/@@file/document").content == PDF
        found = clerk.rest("GET", "@search?portal_type=Submission&metadata_fields=_all").json()
        assert [item["reference"] for item in found["items"]] == [served["a"]]
        bau = Client(acceptance, "liestal-bau-clerk")
        export = bau.get("liestal/bauverwaltung/@@inbox-export?format=csv")
        assert "Bruno Bau" in export.content.decode("utf-8-sig")
        assert CITIZEN["name"] not in export.content.decode("utf-8-sig")
        found = bau.rest("GET", "@search?portal_type=Submission&metadata_fields=_all").json()
        assert [item["reference"] for item in found["items"]] == [served["b"]]
        allschwil = Client(acceptance, "allschwil-clerk")
        assert allschwil.rest("GET", "allschwil/einwohnerdienste/@inbox").status_code == 200

    @pytest.mark.parametrize("user", OTHERS)
    def test_other_clerk_changes_nothing(self, acceptance, served, user):
        world, request = served["world"], served["request"]
        other = Client(acceptance, user)
        token = other.form_token()  # a valid one of their own: CSRF is not what stops them
        bau_uid = world["bau"].UID()
        attempts = [
            other.rest("POST", f"{request}/@workflow/accept", {"comment": "fremd"}),
            other.rest("PATCH", request, {"title": "fremd", "description": "fremd"}),
            other.rest("DELETE", request),
            other.post(
                f"{request}/content_status_modify",
                data={"workflow_action": "accept", "_authenticator": token},
            ),
        ]
        for data in (
            {"action": "transition", "transition": "reject", "comment": "fremd"},
            {"action": "note", "note": "fremd"},
            {"action": "forward", "office": bau_uid, "reason": "fremd"},
        ):
            attempts.append(other.post(f"{request}/@@view", data={**data, "_authenticator": token}))
        for response in attempts:
            assert denied(response), (response.request.method, response.url, response.status_code)
        unchanged(world, served["a"])

    def test_each_clerk_works_their_own_request(self, acceptance, served):
        world = served["world"]
        clerk = Client(acceptance, "liestal-clerk")
        response = clerk.rest("POST", f"{served['request']}/@workflow/accept", {"comment": "ok"})
        assert response.status_code == 200, response.text
        assert state_of(world["liestal-office"][served["a"]]) == "in_progress"
        bau = Client(acceptance, "liestal-bau-clerk")
        page = f"liestal/bauverwaltung/{served['b']}"
        token = bau.form_token()
        response = bau.post(
            f"{page}/@@view", data={"action": "note", "note": "Rückruf", "_authenticator": token}
        )
        assert response.status_code == 303
        transaction.begin()
        assert [note["text"] for note in world["bau"][served["b"]].notes] == ["Rückruf"]
