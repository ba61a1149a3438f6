"""Each tenant's and office's groups and grants follow the content through its life."""

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles

from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import add_residents_office
from tests.helpers import create_user


def group_ids() -> set[str]:
    return {group.getId() for group in api.group.get_groups()}


def grants(obj) -> dict[str, set[str]]:
    return {principal: set(roles) for principal, roles in obj.get_local_roles()}


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal


@pytest.fixture
def liestal(manager):
    add_canton(manager)
    tenant = add_municipality(manager, "liestal")
    add_residents_office(tenant)
    return tenant


def test_tenant_gets_its_three_groups_with_roles_on_its_subtree(liestal, manager):
    assert {"liestal-editors", "liestal-reviewers", "liestal-admins"} <= group_ids()
    local = grants(liestal)
    assert local["liestal-editors"] == {"Editor", "Contributor", "Reader"}
    assert local["liestal-reviewers"] == {"Reviewer", "Reader"}
    assert local["liestal-admins"] == {"TenantAdmin", "Reader"}
    # on the subtree only: nothing granted on the site
    assert not any(principal.startswith("liestal-") for principal, _ in manager.get_local_roles())


def test_group_titles_name_the_tenant(liestal):
    assert api.group.get(groupname="liestal-editors").getProperty("title") == ("Liestal: Redaktion")


def test_canton_gets_groups_too(liestal):
    assert {"bl-editors", "bl-reviewers", "bl-admins"} <= group_ids()


def test_office_gets_a_staff_group(liestal):
    office = liestal["einwohnerdienste"]
    assert "liestal-einwohnerdienste-staff" in group_ids()
    assert grants(office)["liestal-einwohnerdienste-staff"] == {"OfficeStaff", "Reader"}


def test_renaming_a_tenant_renames_its_groups_and_keeps_members(liestal, manager):
    create_user("anna", ["liestal-editors"])
    create_user("beat", ["liestal-einwohnerdienste-staff"])
    api.content.rename(liestal, new_id="stadt-liestal")
    tenant = manager["stadt-liestal"]
    assert "liestal-editors" not in group_ids()
    assert "liestal-einwohnerdienste-staff" not in group_ids()
    assert "anna" in [u.getId() for u in api.user.get_users(groupname="stadt-liestal-editors")]
    assert "beat" in [
        u.getId() for u in api.user.get_users(groupname="stadt-liestal-einwohnerdienste-staff")
    ]
    assert "stadt-liestal-editors" in grants(tenant)
    assert "liestal-editors" not in grants(tenant)
    assert "stadt-liestal-einwohnerdienste-staff" in grants(tenant["einwohnerdienste"])


def test_renaming_an_office_renames_its_staff_group(liestal):
    create_user("beat", ["liestal-einwohnerdienste-staff"])
    api.content.rename(liestal["einwohnerdienste"], new_id="einwohneramt")
    assert "liestal-einwohnerdienste-staff" not in group_ids()
    assert "beat" in [u.getId() for u in api.user.get_users(groupname="liestal-einwohneramt-staff")]
    assert set(grants(liestal["einwohneramt"])) >= {"liestal-einwohneramt-staff"}
    assert "liestal-einwohnerdienste-staff" not in grants(liestal["einwohneramt"])


def test_deleting_a_tenant_removes_all_its_groups(liestal, manager):
    api.content.delete(liestal, check_linkintegrity=False)
    assert not {g for g in group_ids() if g.startswith("liestal-")}
    assert "bl-editors" in group_ids()


def test_deleting_an_office_removes_its_staff_group(liestal):
    api.content.delete(liestal["einwohnerdienste"])
    assert "liestal-einwohnerdienste-staff" not in group_ids()
    assert "liestal-editors" in group_ids()


def test_copy_of_a_tenant_keeps_no_grant_of_the_original(liestal, manager):
    copy = api.content.copy(liestal, manager, safe_id=True)
    assert copy.getId() != "liestal"
    local = grants(copy)
    assert f"{copy.getId()}-editors" in local
    assert "liestal-editors" not in local
    office = copy["einwohnerdienste"]
    assert set(grants(office)) & {f"{copy.getId()}-einwohnerdienste-staff"}
    assert "liestal-einwohnerdienste-staff" not in grants(office)


def test_moving_an_office_to_another_tenant_moves_its_group(liestal, manager):
    allschwil = add_municipality(manager, "allschwil")
    create_user("beat", ["liestal-einwohnerdienste-staff"])
    api.content.move(liestal["einwohnerdienste"], allschwil)
    assert "liestal-einwohnerdienste-staff" not in group_ids()
    assert "beat" in [
        u.getId() for u in api.user.get_users(groupname="allschwil-einwohnerdienste-staff")
    ]


def test_grants_made_on_the_sharing_page_survive_a_rename(liestal, manager):
    create_user("carla")
    liestal.manage_setLocalRoles("carla", ["Reader"])
    api.content.rename(liestal, new_id="stadt-liestal")
    assert grants(manager["stadt-liestal"])["carla"] == {"Reader"}


def test_deleting_a_tenant_leaves_no_grant_elsewhere(liestal, manager):
    page = api.content.create(manager, "Document", id="projekt", title="Projekt")
    page.manage_setLocalRoles("liestal-editors", ["Reader"])
    page.reindexObjectSecurity()
    api.content.delete(liestal, check_linkintegrity=False)
    assert "liestal-editors" not in grants(page)
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(allowedRolesAndUsers="user:liestal-editors")


def test_renaming_a_tenant_moves_its_grants_elsewhere(liestal, manager):
    page = api.content.create(manager, "Document", id="projekt", title="Projekt")
    page.manage_setLocalRoles("liestal-editors", ["Editor"])
    page.reindexObjectSecurity()
    api.content.rename(liestal, new_id="stadt-liestal")
    assert grants(page).get("stadt-liestal-editors") == {"Editor"}
    assert "liestal-editors" not in grants(page)
