"""No name gives an office or tenant a group that belongs to another object.

Staff groups are named ``<tenant>-<office>-staff``: with the tenants ``reinach`` and
``reinach-ag``, an office ``ag-einwohnerdienste`` of Reinach would get the staff group of
Reinach AG's Einwohnerdienste, and with it Reinach AG's inbox. Each group records the object it
was made for (tenancy.owners); adding, renaming or moving an office or tenant whose group another
object owns is refused on every route with a message naming the name, the group and its owner;
deleting an object deletes only the groups it owns. Sites from before owners were recorded keep
working: their groups are claimed by the office or tenant they were set up for.
"""

import lxml.html
import pytest
import transaction
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

from digitalgemeinde.security import group_names
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.tenancy import groups
from digitalgemeinde.tenancy.owners import OWNERS_KEY
from digitalgemeinde.tenancy.owners import GroupTaken
from digitalgemeinde.tenancy.owners import group_owners
from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import create_user
from tests.security.helpers import Client
from tests.submissions.helpers import add_office

GROUP = "reinach-ag-einwohnerdienste-staff"
ASK = "Bitte wählen Sie eine andere Kennung."
TAKEN_DE = (
    "Die Kennung «ag-einwohnerdienste» ergibt die Gruppe «reinach-ag-einwohnerdienste-staff», "
    "die bereits dem Amt «Einwohnerdienste» von Reinach (AG) gehört. Bitte wählen Sie eine "
    "andere Kennung."
)
TAKEN_FR = (
    "L'identifiant « ag-einwohnerdienste » donne le groupe « reinach-ag-einwohnerdienste-staff "
    "», qui appartient déjà à l'office « Einwohnerdienste » de Reinach (AG). Veuillez choisir un "
    "autre identifiant."
)


def municipality(portal, tenant_id, title, bfs, canton, code):
    return add_municipality(
        portal, tenant_id, canton, publish=True, title=title, bfs_number=bfs, postal_codes=[code]
    )


def two_reinachs(portal, commit: bool = True) -> dict:
    """Reinach (BL) with its office Einwohneramt (clerk ``reinach-clerk``), Reinach (AG) with
    its Einwohnerdienste (clerk ``ag-clerk``); Reinach's editor and admin; German first."""
    configure_languages("de")
    with api.env.adopt_roles(["Manager"]):
        add_canton(portal)
        add_canton(portal, "ag", "Aargau", "AG", canton_number=19)
        reinach = municipality(portal, "reinach", "Reinach", 2773, "BL", "4153")
        reinach_ag = municipality(portal, "reinach-ag", "Reinach (AG)", 4141, "AG", "5734")
    world = {"reinach": reinach, "reinach-ag": reinach_ag}
    world["office"] = add_office(reinach, "einwohneramt", "Einwohneramt", "reinach-clerk")
    world["ag-office"] = add_office(reinach_ag, "einwohnerdienste", "Einwohnerdienste", "ag-clerk")
    create_user("reinach-editor", ["reinach-editors"])
    create_user("reinach-admin", ["reinach-admins"])
    if commit:
        transaction.commit()
    return world


def members(group_id: str, fresh: bool = True) -> set[str]:
    if fresh:
        transaction.begin()  # see what the server committed
    return {user.getId() for user in api.user.get_users(groupname=group_id)}


def ids(container) -> set[str]:
    transaction.begin()
    return set(container.objectIds())


def form_fields(page: str, button: str, **values) -> list[tuple]:
    """What a browser sends with the form of ``page`` that has ``button``, with ``values``
    (field name -> value) typed in."""
    for form in lxml.html.fromstring(page).forms:
        if form.xpath(f'.//*[@name="{button}"]'):
            sent = [(k, v) for k, v in form.form_values() if k not in values]
            return [*sent, *values.items(), (button, "1")]
    raise AssertionError(f"no form with {button}")


def post_form(client: Client, path: str, button: str, **values):
    page = client.get(path, headers={"Accept-Language": "de"})
    assert page.status_code == 200, page.status_code
    fields = form_fields(page.text, button, **values)
    return client.post(path, data=fields, headers={"Accept-Language": "de"})


@pytest.fixture
def reinach(acceptance):
    return two_reinachs(acceptance["portal"])


# The site owner adds and renames here: the refusal is no question of permission (Reinach's
# editor is refused the same, test_tenant_boundaries.py); and the owner may set the office's
# address, which who routes requests sets (security.routing).
EMAIL = "amt@reinach.example.ch"


class TestOverHTTP:
    def test_rest_refuses_an_office_id_that_gives_another_tenants_group(self, acceptance, reinach):
        owner = Client(acceptance, "admin")
        office = {"@type": "Office", "id": "ag-einwohnerdienste", "title": "Amt", "email": EMAIL}
        response = owner.rest("POST", "reinach", office, headers={"Accept-Language": "de"})
        assert response.status_code == 400, response.text
        assert response.json()["message"] == TAKEN_DE
        assert response.json()["group"] == GROUP
        response = owner.rest("POST", "reinach", office, headers={"Accept-Language": "fr"})
        assert response.status_code == 400
        assert response.json()["message"] == TAKEN_FR
        # named from its title, the same name is refused the same way
        by_title = {"@type": "Office", "title": "AG Einwohnerdienste", "email": EMAIL}
        response = owner.rest("POST", "reinach", by_title, headers={"Accept-Language": "de"})
        assert response.status_code == 400, response.text
        assert response.json()["message"] == TAKEN_DE
        assert ids(reinach["reinach"]) == {"einwohneramt"}
        assert members(GROUP) == {"ag-clerk"}
        # another name is an office of Reinach with a group of its own
        office["id"] = "ag-dienste"
        assert owner.rest("POST", "reinach", office).status_code == 201
        assert members("reinach-ag-dienste-staff") == set()
        assert group_owners()["reinach-ag-dienste-staff"] == reinach["reinach"]["ag-dienste"].UID()

    def test_classic_add_form_refuses_it_and_keeps_what_was_typed(self, acceptance, reinach):
        owner = Client(acceptance, "admin")
        add = "reinach/++add++Office"
        title, name = "form.widgets.IBasic.title", "form.widgets.IShortName.id"
        email = {"form.widgets.email": EMAIL}
        answer = post_form(
            owner, add, "form.buttons.save", **{title: "Amt", name: "ag-einwohnerdienste"}, **email
        )
        assert answer.status_code == 200
        assert TAKEN_DE in answer.text
        # named from its title: the form shows it too, with the title still there
        answer = post_form(
            owner, add, "form.buttons.save", **{title: "AG Einwohnerdienste"}, **email
        )
        assert answer.status_code == 200
        assert TAKEN_DE in answer.text
        assert 'value="AG Einwohnerdienste"' in answer.text
        assert ids(reinach["reinach"]) == {"einwohneramt"}
        assert members(GROUP) == {"ag-clerk"}
        answer = post_form(
            owner, add, "form.buttons.save", **{title: "Bauamt", name: "bauamt"}, **email
        )
        assert answer.status_code == 302
        assert ids(reinach["reinach"]) == {"einwohneramt", "bauamt"}

    def test_renaming_an_office_to_that_name_is_refused_on_every_route(self, acceptance, reinach):
        admin = Client(acceptance, "admin")
        office = "reinach/einwohneramt"
        response = admin.rest(
            "PATCH", office, {"id": "ag-einwohnerdienste"}, headers={"Accept-Language": "de"}
        )
        assert response.status_code == 400, response.text
        assert response.json()["message"] == TAKEN_DE
        new_id = {"form.widgets.new_id": "ag-einwohnerdienste"}
        answer = post_form(admin, f"{office}/object_rename", "form.buttons.Rename", **new_id)
        assert answer.status_code == 200
        assert TAKEN_DE in answer.text
        assert ids(reinach["reinach"]) == {"einwohneramt"}
        assert members(GROUP) == {"ag-clerk"}
        # another name: renamed, its staff with it
        new_id = {"form.widgets.new_id": "bevoelkerungsamt"}
        answer = post_form(admin, f"{office}/object_rename", "form.buttons.Rename", **new_id)
        assert answer.status_code == 302
        assert ids(reinach["reinach"]) == {"bevoelkerungsamt"}
        assert members("reinach-bevoelkerungsamt-staff") == {"reinach-clerk"}
        # the short name of the edit form: an error at the field, nothing else changed
        office = "reinach/bevoelkerungsamt"
        fields = {"form.widgets.IShortName.id": "ag-einwohnerdienste"}
        fields["form.widgets.IBasic.title"] = "Gekapert"
        answer = post_form(admin, f"{office}/@@edit", "form.buttons.save", **fields)
        assert answer.status_code == 200
        assert TAKEN_DE in answer.text
        transaction.begin()
        assert reinach["reinach"]["bevoelkerungsamt"].title == "Einwohneramt"
        assert members(GROUP) == {"ag-clerk"}


def take_the_group_as_before(portal, monkeypatch) -> None:
    """A site from before owners were recorded, where the clash already happened: Reinach's
    office ``ag-einwohnerdienste`` was added after Reinach AG's and got its group."""
    with monkeypatch.context() as patched:
        patched.setattr(group_names, "check_free", lambda *args, **kwargs: None)
        patched.setattr(groups, "claim", lambda *args, **kwargs: None)
        with api.env.adopt_roles(["Manager"]):
            api.content.create(portal["reinach"], "Office", id="ag-einwohnerdienste", title="Amt")
    del IAnnotations(portal)[OWNERS_KEY]


class TestSitesFromBefore:
    def test_deleting_the_office_that_took_a_group_leaves_the_group(self, acceptance, monkeypatch):
        portal = acceptance["portal"]
        two_reinachs(portal, commit=False)
        take_the_group_as_before(portal, monkeypatch)
        transaction.commit()
        admin = Client(acceptance, "reinach-admin")
        page = admin.get("reinach/@@tenant-members").text
        assert "reinach-einwohneramt-staff" in page and GROUP not in page
        admin.post(
            "reinach/@@tenant-members",
            data={
                "action": "add",
                "group": GROUP,
                "user": "reinach-editor",
                "_authenticator": admin.form_token("reinach/@@tenant-members"),
            },
        )
        assert members(GROUP) == {"ag-clerk"}
        editor = Client(acceptance, "reinach-editor")
        assert editor.rest("DELETE", "reinach/ag-einwohnerdienste").status_code == 204
        assert members(GROUP) == {"ag-clerk"}
        inbox = "reinach-ag/einwohnerdienste/@@inbox"
        assert Client(acceptance, "ag-clerk").get(inbox).status_code == 200
        # Reinach's own office still loses its group with it
        assert editor.rest("DELETE", "reinach/einwohneramt").status_code == 204
        transaction.begin()
        assert api.group.get(groupname="reinach-einwohneramt-staff") is None


def test_groups_recorded_before_owners_follow_their_office(integration):
    portal = integration["portal"]
    world = two_reinachs(portal, commit=False)
    del IAnnotations(portal)[OWNERS_KEY]
    with api.env.adopt_roles(["Manager"]):
        office = api.content.rename(world["office"], new_id="bevoelkerungsamt")
        assert members("reinach-bevoelkerungsamt-staff", fresh=False) == {"reinach-clerk"}
        assert api.group.get(groupname="reinach-einwohneramt-staff") is None
        assert group_owners()["reinach-bevoelkerungsamt-staff"] == office.UID()
        api.content.delete(world["ag-office"])
    assert api.group.get(groupname=GROUP) is None
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(world["reinach"], check_linkintegrity=False)
    left = {group.getId() for group in api.group.get_groups() if group.getId().startswith("rein")}
    assert left == {"reinach-ag-editors", "reinach-ag-reviewers", "reinach-ag-admins"}


def test_a_tenant_renamed_so_that_an_office_group_clashes_is_refused(integration):
    portal = integration["portal"]
    world = two_reinachs(portal, commit=False)
    with api.env.adopt_roles(["Manager"]):
        oberwil = municipality(portal, "oberwil", "Oberwil", 2771, "BL", "4104")
        api.content.create(oberwil, "Office", id="ag-einwohnerdienste", title="Amt")
        api.content.delete(world["reinach"], check_linkintegrity=False)
        with pytest.raises(GroupTaken) as refused:
            api.content.rename(oberwil, new_id="reinach")
        message = translate(refused.value.message, target_language="de")
        assert message.startswith(f"Die Kennung «reinach» ergibt die Gruppe «{GROUP}», die ")
        assert "oberwil" in portal.objectIds() and "reinach" not in portal.objectIds()
        api.content.rename(oberwil, new_id="oberwil-bl")
    assert group_owners()["oberwil-bl-ag-einwohnerdienste-staff"]


def test_an_office_moved_where_its_group_is_taken_is_refused(integration):
    portal = integration["portal"]
    world = two_reinachs(portal, commit=False)
    with api.env.adopt_roles(["Manager"]):
        oberwil = municipality(portal, "oberwil", "Oberwil", 2771, "BL", "4104")
        office = api.content.create(oberwil, "Office", id="ag-einwohnerdienste", title="Amt")
        with pytest.raises(GroupTaken):
            api.content.move(office, world["reinach"])
        with pytest.raises(GroupTaken):
            api.content.copy(office, world["reinach"])
        assert "ag-einwohnerdienste" in oberwil.objectIds()
        assert set(world["reinach"].objectIds()) == {"einwohneramt"}
        api.content.move(world["office"], oberwil)
    assert members("oberwil-einwohneramt-staff", fresh=False) == {"reinach-clerk"}
    assert members(GROUP, fresh=False) == {"ag-clerk"}


def test_no_tenant_takes_the_associations_group(integration):
    portal = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            portal, "Canton", id="bl", title="Basel-Landschaft", abbreviation="BL", canton_number=13
        )
        api.content.create(portal, "Association", id="verband", title="Verband", canton="BL")
        with pytest.raises(GroupTaken) as refused:
            municipality(portal, "association", "Association", 2999, "BL", "4999")
        message = translate(refused.value.message, target_language="de")
        assert message.endswith("«association-editors», die bereits dem Verband gehört. " + ASK)
        # a second association shares the association's groups
        api.content.create(portal, "Association", id="verband-2", title="Verband 2", canton="BL")
    assert group_owners()["association-editors"] == "association"
