"""Security model (3): an editor of the tenant who is not the office's staff cannot read,
change or step requests, nor grant themselves the right to, over HTTP; they still edit the
office and its services.

Also proven in-process: the editor is refused the inbox, the request's pages, files, export and
steps (tests/submissions/test_inbox.py, test_submission_page.py, test_export.py) and REST ``@inbox``
(tests/services/test_inbox_api.py)."""

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from tests.security.helpers import Client
from tests.security.helpers import assert_reads_nothing
from tests.security.helpers import denied
from tests.security.helpers import file_value
from tests.security.helpers import mail_text
from tests.security.helpers import mails
from tests.security.helpers import serve_world
from tests.security.helpers import submit

OFFICE = "liestal/einwohnerdienste"
EDITOR = "liestal-editor"
OWN = "ed@liestal.example.ch"  # the office's address (tests.helpers.build_world)


@pytest.fixture
def served(acceptance):
    world = serve_world(acceptance)
    reference = submit(acceptance, document=file_value())["reference"]
    return {"world": world, "reference": reference, "request": f"{OFFICE}/{reference}"}


def recipients_of(acceptance, text: str) -> set[str]:
    """The addresses of the mails that carry ``text`` (a value the citizen entered)."""
    return {str(message["To"]) for message in mails(acceptance) if text in mail_text(message)}


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
        pages = (
            request,
            f"{request}/@@file/document",
            f"{OFFICE}/@@inbox",
            f"{OFFICE}/@@inbox-export?format=xlsx",
            "liestal/@@inbox",
        )
        rest_paths = (request, f"{request}/@history", f"{request}/@sharing", f"{OFFICE}/@inbox")
        assert_reads_nothing(editor, pages, rest_paths)
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

    def test_editor_cannot_redirect_new_requests_to_themselves(self, acceptance, served):
        """The office's notice carries every new request's values to its address, and its
        specialist application gets the whole request: only the tenant's admins set them."""
        configure_languages("de")  # as a new site has them: German, French by the browser
        transaction.commit()
        editor = Client(acceptance, EDITOR)
        german = {"Accept-Language": "de"}
        for name, value in (
            ("email", "editor.privat@example.org"),
            ("interface_url", "https://editor-privat.example.org/anliegen"),
            ("interface_secret", "x" * 40),
        ):
            change = {"description": "Neu", name: value}
            response = editor.rest("PATCH", OFFICE, change, headers=german)
            assert response.status_code == 403, response.text
            message = response.json()["message"]
            assert f"({name})" in message and "Nur die Administratoren" in message, message
        assert denied(editor.rest("PATCH", f"{OFFICE}/@routing", {"email": "e@example.org"}))
        reference = submit(acceptance, name="Nora Neu", email="nora@example.ch")["reference"]
        transaction.begin()
        office = served["world"]["liestal-office"]
        assert (office.email, office.interface_url, office.interface_secret) == (OWN, None, None)
        assert office.description != "Neu"  # nothing of the refused PATCH was saved
        assert getattr(office[reference], "delivery_job", None) is None
        assert recipients_of(acceptance, "Nora Neu") == {OWN, "nora@example.ch"}

    def test_the_tenant_admin_routes_the_requests(self, acceptance, served, caplog):
        admin = Client(acceptance, "liestal-admin")
        assert denied(admin.rest("PATCH", OFFICE, {"description": "x"}))  # not an editor
        new = "einwohnerdienste.neu@liestal.example.ch"
        response = admin.rest("PATCH", f"{OFFICE}/@routing", {"email": new})
        assert response.status_code == 204, response.text
        submit(acceptance, name="Otto Ort", email="otto@example.ch")
        assert recipients_of(acceptance, "Otto Ort") == {new, "otto@example.ch"}
        assert (
            f"Request routing of office /plone/{OFFICE} changed by liestal-admin: email "
            f"'ed@liestal.example.ch' -> '{new}'"
        ) in caplog.text
