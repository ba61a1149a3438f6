"""Security model (3): an editor of the tenant who is not the office's staff cannot read,
change or step requests, nor grant themselves the right to, over HTTP; they still edit the
office and its services.

Also proven in-process: the editor is refused the inbox, the request's pages, files, export and
steps (tests/forms/test_inbox.py, test_submission_page.py, test_export.py) and REST ``@inbox``
(tests/services/test_inbox_api.py)."""

import pytest
import transaction
from plone import api

from tests.security.helpers import Client
from tests.security.helpers import denied
from tests.security.helpers import file_value
from tests.security.helpers import mail_text
from tests.security.helpers import mails
from tests.security.helpers import serve_world
from tests.security.helpers import shows_personal_data
from tests.security.helpers import submit

OFFICE = "liestal/einwohnerdienste"
EDITOR = "liestal-editor"


@pytest.fixture
def served(acceptance):
    world = serve_world(acceptance)
    reference = submit(acceptance, document=file_value())["reference"]
    return {"world": world, "reference": reference, "request": f"{OFFICE}/{reference}"}


def untouched(served):
    transaction.begin()
    submission = served["world"]["liestal-office"][served["reference"]]
    assert api.content.get_state(submission) == "submitted"
    assert [entry["action"] for entry in submission.log] == ["submitted"]
    assert list(submission.notes) == []
    assert EDITOR not in dict(submission.get_local_roles())


class TestEditorIsNotStaff:
    def test_editor_reads_nothing_of_the_requests(self, acceptance, served):
        request = served["request"]
        editor = Client(acceptance, EDITOR)
        for path in (
            request,
            f"{request}/@@file/document",
            f"{OFFICE}/@@inbox",
            f"{OFFICE}/@@inbox-export?format=xlsx",
            "liestal/@@inbox",
        ):
            response = editor.get(path)
            assert denied(response), (path, response.status_code)
            assert shows_personal_data(response) == [], path
        for path in (request, f"{request}/@history", f"{request}/@sharing", f"{OFFICE}/@inbox"):
            response = editor.rest("GET", path)
            assert response.status_code in (401, 403), (path, response.status_code)
            assert shows_personal_data(response) == [], path
        found = editor.rest("GET", "@search?portal_type=Submission&metadata_fields=_all").json()
        assert found["items_total"] == 0
        listing = editor.rest("GET", f"{OFFICE}?fullobjects=1").json()
        assert listing["items_total"] == 0

    def test_editor_changes_and_steps_nothing(self, acceptance, served):
        request = served["request"]
        editor = Client(acceptance, EDITOR)
        token = editor.form_token()
        attempts = [
            editor.rest("POST", f"{request}/@workflow/accept", {"comment": "x"}),
            editor.rest("PATCH", request, {"description": "x"}),
            editor.rest("DELETE", request),
            editor.post(
                f"{request}/content_status_modify",
                data={"workflow_action": "reject", "_authenticator": token},
            ),
        ]
        for data in (
            {"action": "transition", "transition": "accept"},
            {"action": "note", "note": "x"},
        ):
            data["_authenticator"] = token
            attempts.append(editor.post(f"{request}/@@view", data=data))
        for response in attempts:
            assert denied(response), (response.request.method, response.url, response.status_code)
        untouched(served)

    def test_editor_cannot_share_the_requests_with_themselves(self, acceptance, served):
        editor = Client(acceptance, EDITOR)
        user_id = api.user.get(username=EDITOR).getId()
        grant = {"entries": [{"id": user_id, "type": "user", "roles": {"OfficeStaff": True}}]}
        editor.rest("POST", f"{OFFICE}/@sharing", grant)
        editor.rest("POST", f"{served['request']}/@sharing", grant)
        editor.post(
            f"{OFFICE}/@@sharing",
            data={
                "entries.id:records": user_id,
                "entries.type:records": "user",
                "entries.role_OfficeStaff:records": "True",
                "form.button.Save": "Save",
                "_authenticator": editor.form_token(),
            },
        )
        transaction.begin()
        office = served["world"]["liestal-office"]
        assert "OfficeStaff" not in dict(office.get_local_roles()).get(user_id, ())
        assert denied(editor.get(served["request"]))
        untouched(served)

    def test_editor_edits_the_office_and_the_clerk_works_the_request(self, acceptance, served):
        editor = Client(acceptance, EDITOR)
        response = editor.rest("PATCH", OFFICE, {"description": "Schalter im Erdgeschoss"})
        assert response.status_code == 204, response.text
        transaction.begin()
        assert served["world"]["liestal-office"].description == "Schalter im Erdgeschoss"
        clerk = Client(acceptance, "liestal-clerk")
        response = clerk.rest("POST", f"{served['request']}/@workflow/accept", {"comment": "ok"})
        assert response.status_code == 200

    @pytest.mark.xfail(
        strict=True,
        reason="issue 13: a tenant editor may set the office's email address (and its "
        "specialist application's address), and the notice of every new request carries the "
        "citizen's values there",
    )
    def test_editor_cannot_redirect_new_requests_to_themselves(self, acceptance, served):
        editor = Client(acceptance, EDITOR)
        editor.rest("PATCH", OFFICE, {"email": "editor.privat@example.org"})
        submit(acceptance, name="Nora Neu", email="nora@example.ch")
        to_editor = [
            mail_text(message)
            for message in mails(acceptance)
            if "editor.privat@example.org" in str(message["To"])
        ]
        assert not any("Nora Neu" in text for text in to_editor), to_editor
