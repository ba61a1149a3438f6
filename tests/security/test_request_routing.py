"""Where an office's requests go (its notice address, its specialist application's address and
secret) is set by the tenant's admins and site administrators only, on every route, over HTTP
against a real server; the tenant's editors keep editing the office's other fields.

The attack itself (an editor's PATCH, then a request's notice) and the admin's REST route are in
test_editor_is_not_staff.py; the checks of the application's address in
test_outgoing_addresses.py."""

import lxml.html
import pytest
import transaction

from digitalgemeinde.sitesetup import configure_languages
from tests.security.helpers import Client
from tests.security.helpers import denied
from tests.security.helpers import serve_world

OFFICE = "liestal/einwohnerdienste"
OWN = "ed@liestal.example.ch"  # the office's address (tests.helpers.build_world)
EVIL = "editor.privat@example.org"
SECRET = "0123456789abcdef0123456789abcdef-geheim"


@pytest.fixture
def world(acceptance):
    world = serve_world(acceptance)
    configure_languages("de")
    transaction.commit()
    return world


def office_of(world):
    transaction.begin()
    return world["liestal-office"]


def form_values(client: Client, path: str, form_id: str) -> dict:
    """What a browser sends with the form ``form_id`` of the page ``path``, unchanged."""
    page = lxml.html.fromstring(client.get(path).text)
    [form] = page.xpath(f'//form[@id="{form_id}"]')
    return dict(form.form_values())


def save(client: Client, path: str, values: dict):
    return client.post(path, data={**values, "form.buttons.save": "Speichern"})


class TestRequestRouting:
    def test_editors_edit_form_leaves_routing_out_and_saves_the_rest(self, acceptance, world):
        editor = Client(acceptance, "liestal-editor")
        values = form_values(editor, f"{OFFICE}/edit", "form")
        assert "form.widgets.phone" in values and "form.widgets.interface_format:list" in values
        for name in ("email", "interface_url", "interface_secret"):
            assert f"form.widgets.{name}" not in values, name
        values.update({"form.widgets.phone": "+41 61 927 52 99", "form.widgets.email": EVIL})
        values["form.widgets.interface_url"] = "https://editor-privat.example.org/"
        response = save(editor, f"{OFFICE}/edit", values)
        assert response.status_code == 302, response.text[:500]
        office = office_of(world)
        assert (office.phone, office.email, office.interface_url) == ("+41 61 927 52 99", OWN, None)
        assert "office-routing" not in editor.get(OFFICE).text
        assert denied(editor.get(f"{OFFICE}/@@routing"))

    def test_tenant_admin_changes_routing_on_the_routing_form(self, acceptance, world, caplog):
        admin = Client(acceptance, "liestal-admin")
        page = admin.get(OFFICE).text
        assert "Wohin die Anliegen dieses Amts gehen" in page and OWN in page
        assert f"{OFFICE}/@@routing" in page
        values = form_values(admin, f"{OFFICE}/@@routing", "form")
        assert sorted(name for name in values if name.startswith("form.widgets.")) == [
            "form.widgets.email",
            "form.widgets.interface_secret",
            "form.widgets.interface_url",
        ]
        new = "anliegen@liestal.example.ch"
        values.update({"form.widgets.email": new, "form.widgets.interface_secret": SECRET})
        response = save(admin, f"{OFFICE}/@@routing", values)
        assert response.status_code == 200 and "Änderungen gespeichert" in response.text
        office = office_of(world)
        assert (office.email, office.interface_secret) == (new, SECRET)
        logged = f"Request routing of office /plone/{OFFICE} changed by liestal-admin:"
        assert f"{logged} email '{OWN}' -> '{new}'" in caplog.text
        assert f"{logged} interface_secret (empty) -> (set)" in caplog.text
        assert SECRET not in caplog.text

    def test_routing_endpoint_takes_routing_only(self, acceptance, world):
        admin = Client(acceptance, "liestal-admin")
        routing = f"{OFFICE}/@routing"
        response = admin.rest("PATCH", routing, {"title": "Anderes Amt", "email": EVIL})
        assert response.status_code == 400, response.text
        assert [error["field"] for error in response.json()["errors"]] == ["title"]
        response = admin.rest("PATCH", routing, {"interface_secret": "zu kurz"})
        assert response.status_code == 400 and "interface_secret" in response.text
        office = office_of(world)
        assert (office.title, office.email, office.interface_secret) == (
            "Einwohnerdienste",
            OWN,
            None,
        )
        response = admin.rest("PATCH", routing, {"interface_url": "\u0080"})  # schemathesis
        assert response.status_code == 400, response.text
        assert "interface_url" in response.text
        response = admin.rest("PATCH", routing, {"interface_secret": SECRET})
        assert response.status_code == 204, response.text
        assert office_of(world).interface_secret == SECRET

    def test_editor_adds_an_office_whose_routing_the_admin_sets(self, acceptance, world):
        editor = Client(acceptance, "liestal-editor")
        french = {"Accept-Language": "fr"}
        office = {"@type": "Office", "id": "archiv", "title": "Archiv"}
        response = editor.rest("POST", "liestal", {**office, "email": EVIL}, headers=french)
        assert response.status_code == 403, response.text
        message = response.json()["message"]
        assert "Seuls les administrateurs" in message and "E-mail (email)" in message, message
        transaction.begin()
        assert "archiv" not in world["liestal"].objectIds()
        response = editor.rest("POST", "liestal", office)
        assert response.status_code == 201, response.text
        admin = Client(acceptance, "liestal-admin")
        response = admin.rest("PATCH", "liestal/archiv/@routing", {"email": "archiv@liestal.ch"})
        assert response.status_code == 204, response.text
        transaction.begin()
        assert world["liestal"]["archiv"].email == "archiv@liestal.ch"

    def test_editor_sends_back_what_they_read(self, acceptance, world):
        editor = Client(acceptance, "liestal-editor")
        read = editor.rest("GET", OFFICE).json()
        assert read["email"] == OWN and "interface_secret" not in read
        change = {name: read[name] for name in ("email", "interface_url", "interface_format")}
        response = editor.rest("PATCH", OFFICE, {**change, "phone": "+41 61 927 52 98"})
        assert response.status_code == 204, response.text
        assert office_of(world).phone == "+41 61 927 52 98"

    def test_site_manager_sets_routing_on_the_office_itself(self, acceptance, world):
        manager = Client(acceptance, "admin")
        new = "zentrale@liestal.example.ch"
        response = manager.rest("PATCH", OFFICE, {"email": new, "phone": "+41 61 927 52 97"})
        assert response.status_code == 204, response.text
        office = office_of(world)
        assert (office.email, office.phone) == (new, "+41 61 927 52 97")
