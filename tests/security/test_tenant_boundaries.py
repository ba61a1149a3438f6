"""Security model (4): a tenant's editor or admin cannot change roles, groups, workflow or
content of another tenant, nor make themselves Manager, over HTTP; in their own tenant they
keep working.

Also proven in-process: editing, sharing, adding, deleting, moving and workflow in another
tenant (tests/tenancy/test_isolation.py), the members page refusing foreign groups, the
members control panels and other tenants (tests/tenancy/test_tenant_admin.py)."""

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import create_user
from tests.security.helpers import Client
from tests.security.helpers import denied
from tests.security.helpers import serve_world
from tests.submissions.helpers import add_office

USERS = ["liestal-admin", "liestal-editor"]
ALLSCHWIL = "allschwil/hund-anmelden"


@pytest.fixture
def world(acceptance):
    return serve_world(acceptance)


def roles_and_groups(username) -> tuple:
    """Site roles, groups, and local roles on the site and both tenants of ``username``."""
    transaction.begin()
    user = api.user.get(username=username)
    portal = api.portal.get()
    local = [
        dict(obj.get_local_roles()).get(user.getId(), ())
        for obj in (portal, portal["liestal"], portal["allschwil"])
    ]
    groups = sorted(group.getId() for group in api.group.get_groups(username=username))
    return sorted(user.getRoles()), groups, local


def workflow_settings() -> tuple:
    """The workflows of the site and of requests, and who may view Liestal."""
    transaction.begin()
    tool = api.portal.get_tool("portal_workflow")
    viewers = api.portal.get()["liestal"].permission_settings("View")
    return tool.getDefaultChain(), tool.getChainForPortalType("Submission"), viewers


def rest_attempts(user_id: str) -> list[tuple]:
    """REST calls that would give ``user_id`` more roles, groups or another tenant."""
    manager = {"Manager": True, "Site Administrator": True}
    return [
        ("PATCH", f"@users/{user_id}", {"roles": ["Manager"]}),
        ("PATCH", "@groups/Administrators", {"users": {user_id: True}}),
        ("PATCH", "@groups/allschwil-editors", {"users": {user_id: True}}),
        ("PATCH", "@groups/liestal-editors", {"roles": ["Manager"]}),
        ("POST", "@groups", {"groupname": "mine", "roles": ["Manager"], "users": [user_id]}),
        (
            "POST",
            "liestal/@sharing",
            {"entries": [{"id": user_id, "type": "user", "roles": manager}]},
        ),
        (
            "POST",
            "allschwil/@sharing",
            {"entries": [{"id": user_id, "type": "user", "roles": {"Editor": True}}]},
        ),
    ]


def form_attempts(user_id: str, user: str) -> list[tuple]:
    """Form posts (Zope's, Plone's control panels, ours) to the same end, or to change the
    workflow; sent with the user's own CSRF token."""
    return [
        (
            "acl_users/portal_role_manager/manage_assignRoleToPrincipals",
            {"role_id": "Manager", "principal_ids:list": user_id},
        ),
        (
            "acl_users/source_groups/manage_addPrincipalsToGroup",
            {"group_id": "Administrators", "principal_ids:list": user_id},
        ),
        (
            "portal_groups/addPrincipalToGroup",
            {"group_id": "Administrators", "principal_id": user_id},
        ),
        ("liestal/manage_setLocalRoles", {"userid": user_id, "roles:list": "Manager"}),
        ("allschwil/manage_addLocalRoles", {"userid": user_id, "roles:list": "Editor"}),
        (
            "@@usergroup-groupmembership",
            {"groupname": "Administrators", "add:list": user_id, "form.submitted": "1"},
        ),
        (
            "@@usergroup-userprefs",
            {
                "users.id:records": user_id,
                "users.roles:list:records": "Manager",
                "form.button.Modify": "1",
                "form.submitted": "1",
            },
        ),
        (
            "liestal/@@sharing",
            {
                "entries.id:records": user_id,
                "entries.type:records": "user",
                "entries.role_Manager:records": "True",
                "form.button.Save": "Save",
            },
        ),
        (
            "allschwil/@@tenant-members",
            {"action": "add", "group": "allschwil-editors", "user": user},
        ),
        ("portal_workflow/manage_changeWorkflows", {"default_chain": "one_state_workflow"}),
        (
            "@@content-controlpanel",
            {
                "type_id": "Submission",
                "new_workflow": "one_state_workflow",
                "form.button.Save": "Save",
            },
        ),
        (
            "liestal/manage_permission",
            {"permission_to_manage": "View", "roles:list": "Anonymous"},
        ),
    ]


class TestTenantBoundaries:
    @pytest.mark.parametrize("user", USERS)
    def test_no_route_makes_them_manager_or_changes_groups(self, acceptance, world, user):
        before, workflows = roles_and_groups(user), workflow_settings()
        client = Client(acceptance, user)
        user_id = api.user.get(username=user).getId()
        token = client.form_token()
        for method, path, data in rest_attempts(user_id):
            client.rest(method, path, data)
        for path, data in form_attempts(user_id, user):
            response = client.post(path, data={**data, "_authenticator": token})
            assert response.status_code != 500, (path, response.text[:300])
        assert roles_and_groups(user) == before
        assert workflow_settings() == workflows
        for path in ("@@overview-controlpanel", "@@usergroup-userprefs", "allschwil/@@sharing"):
            assert denied(client.get(path)), path

    def test_registering_with_roles_is_refused(self, acceptance, world):
        anonymous = Client(acceptance)
        boss = {"username": "boss", "email": "boss@example.ch", "roles": ["Manager"]}
        response = anonymous.rest("POST", "@users", boss)
        assert response.status_code == 400, response.text
        transaction.begin()
        assert api.user.get(username="boss") is None
        response = anonymous.rest("POST", "@users", {"username": "anna", "email": "a@b.ch"})
        assert response.status_code == 201, response.text
        assert roles_and_groups("anna")[0] == ["Authenticated", "Member"]

    @pytest.mark.parametrize("user", USERS)
    def test_no_content_or_workflow_change_in_another_tenant(self, acceptance, world, user):
        client = Client(acceptance, user)
        attempts = [
            client.rest("PATCH", ALLSCHWIL, {"title": "Gekapert"}),
            client.rest("POST", "allschwil", {"@type": "Document", "id": "fremd", "title": "X"}),
            client.rest("POST", f"{ALLSCHWIL}/@workflow/retract", {}),
            client.rest("DELETE", "allschwil/willkommen"),
            client.rest("POST", "allschwil/@copy", {"source": [client.url("liestal/willkommen")]}),
            client.rest("POST", "liestal/@move", {"source": [client.url(ALLSCHWIL)]}),
        ]
        for response in attempts:
            assert response.status_code in (400, 401, 403), (response.url, response.status_code)
        transaction.begin()
        allschwil = world["allschwil"]
        assert sorted(allschwil.objectIds()) == ["einwohnerdienste", "hund-anmelden", "willkommen"]
        assert allschwil["hund-anmelden"].title == "Hund anmelden"
        assert api.content.get_state(allschwil["hund-anmelden"]) == "published"

    def test_they_keep_working_in_their_own_tenant(self, acceptance, world):
        editor = Client(acceptance, "liestal-editor")
        response = editor.rest("PATCH", "liestal/hund-anmelden", {"title": "Hund melden"})
        assert response.status_code == 204
        response = editor.rest(
            "POST", "liestal", {"@type": "Document", "id": "neu", "title": "Neu"}
        )
        assert response.status_code == 201
        create_user("anna")
        transaction.commit()
        admin = Client(acceptance, "liestal-admin")
        response = admin.post(
            "liestal/@@tenant-members",
            data={
                "action": "add",
                "group": "liestal-editors",
                "user": "anna",
                "_authenticator": admin.form_token("liestal/@@tenant-members"),
            },
        )
        assert response.status_code == 303
        assert "liestal-editors" in roles_and_groups("anna")[1]

    def test_an_office_name_cannot_take_the_staff_group_of_another_tenant(self, acceptance, world):
        """The staff group of an office is named <tenant>-<office>-staff: an office
        'ag-einwohnerdienste' of Reinach would get the group of Reinach AG's Einwohnerdienste
        (reinach-ag). It is refused; more in test_office_names_take_no_foreign_group.py."""
        portal = acceptance["portal"]
        with api.env.adopt_roles(["Manager"]):
            add_canton(portal, "ag", "Aargau", "AG", canton_number=19)
            add_municipality(portal, "reinach", "BL", publish=True)
            add_municipality(portal, "reinach-ag", "AG", publish=True)
        add_office(portal["reinach-ag"], "einwohnerdienste", "Einwohnerdienste", "ag-clerk")
        create_user("reinach-editor", ["reinach-editors"])
        create_user("reinach-admin", ["reinach-admins"])
        configure_languages("de")
        transaction.commit()
        inbox = "reinach-ag/einwohnerdienste/@@inbox"
        editor, admin = Client(acceptance, "reinach-editor"), Client(acceptance, "reinach-admin")
        # no email: where an office's requests go is the tenant admin's (security.routing)
        office = {"@type": "Office", "id": "ag-einwohnerdienste", "title": "Amt"}
        response = editor.rest("POST", "reinach", office, headers={"Accept-Language": "de"})
        assert response.status_code == 400, response.text
        assert response.json()["message"] == (
            "Die Kennung «ag-einwohnerdienste» ergibt die Gruppe "
            "«reinach-ag-einwohnerdienste-staff», die bereits dem Amt «Einwohnerdienste» von "
            "Reinach (AG) gehört. Bitte wählen Sie eine andere Kennung."
        )
        admin.post(
            "reinach/@@tenant-members",
            data={
                "action": "add",
                "group": "reinach-ag-einwohnerdienste-staff",
                "user": "reinach-editor",
                "_authenticator": admin.form_token("reinach/@@tenant-members"),
            },
        )
        assert denied(editor.get(inbox))
        assert "reinach-ag-einwohnerdienste-staff" not in roles_and_groups("reinach-editor")[1]
        assert editor.rest("DELETE", "reinach/ag-einwohnerdienste").status_code == 404
        assert Client(acceptance, "ag-clerk").get(inbox).status_code == 200
        # another name is Reinach's own office with a staff group of its own
        office["id"] = "einwohnerdienste"
        assert editor.rest("POST", "reinach", office).status_code == 201
        transaction.begin()
        assert api.group.get(groupname="reinach-einwohnerdienste-staff") is not None
