"""After logging in, each role lands where it works; a page asked for comes first."""

import transaction
from plone import api

from digitalgemeinde.tenancy.landing import landing_url
from digitalgemeinde.tenancy.landing import workplaces
from tests.helpers import create_user
from tests.staff.helpers import log_in
from tests.submissions.helpers import add_office


def test_clerk_lands_in_the_inbox_of_their_office(app, world):
    portal = api.portal.get()
    browser = log_in(app, portal, "liestal-clerk")
    assert browser.url == f"{world['liestal-office'].absolute_url()}/@@inbox"
    assert "Einwohnerdienste" in browser.contents


def test_clerk_of_two_offices_lands_on_the_list_of_their_inboxes(app, world):
    portal = api.portal.get()
    bau = add_office(world["liestal"], "bauverwaltung", "Bauverwaltung", "bau-clerk")
    api.group.add_user(groupname="liestal-einwohnerdienste-staff", username="bau-clerk")
    transaction.commit()
    browser = log_in(app, portal, "bau-clerk")
    assert browser.url == f"{portal.absolute_url()}/@@workplaces"
    assert f"{bau.absolute_url()}/@@inbox" in browser.contents
    assert f"{world['liestal-office'].absolute_url()}/@@inbox" in browser.contents


def test_editor_lands_on_the_tenants_dashboard(app, world):
    browser = log_in(app, api.portal.get(), "liestal-editor")
    assert browser.url == f"{world['liestal'].absolute_url()}/@@tenant-dashboard"
    assert browser.headers["status"].startswith("200")


def test_reviewer_lands_on_the_tenants_dashboard(app, world):
    browser = log_in(app, api.portal.get(), "liestal-reviewer")
    assert browser.url == f"{world['liestal'].absolute_url()}/@@tenant-dashboard"


def test_tenant_admin_lands_on_the_members(app, world):
    browser = log_in(app, api.portal.get(), "liestal-admin")
    assert browser.url == f"{world['liestal'].absolute_url()}/@@tenant-members"
    assert browser.headers["status"].startswith("200")


def test_association_editor_lands_on_the_association(app, world):
    portal = api.portal.get()
    with api.env.adopt_roles(["Manager"]):
        association = api.content.create(portal, "Association", id="verband", title="Verband")
    create_user("verband-editor", ["association-editors"])
    create_user("innovator", ["public-innovators"])
    transaction.commit()
    assert log_in(app, portal, "verband-editor").url == association.absolute_url()
    assert log_in(app, portal, "innovator").url == association.absolute_url()


def test_citizen_lands_on_meine_anliegen(app, world):
    portal = api.portal.get()
    create_user("buerger")
    transaction.commit()
    browser = log_in(app, portal, "buerger")
    assert browser.url == f"{portal.absolute_url()}/@@meine-anliegen"


def test_manager_keeps_plones_default(app, world):
    portal = api.portal.get()
    create_user("site-manager")
    api.user.grant_roles(username="site-manager", roles=["Manager"])
    transaction.commit()
    browser = log_in(app, portal, "site-manager")
    assert browser.url.rstrip("/") == portal.absolute_url()
    assert landing_url(api.user.get(username="site-manager")) is None


def test_a_page_asked_for_wins_over_the_landing(app, world):
    portal = api.portal.get()
    page = world["liestal-page"]
    browser = log_in(app, portal, "liestal-clerk", came_from=page.absolute_url())
    assert browser.url == page.absolute_url()


def test_the_portals_home_is_no_page_asked_for(app, world):
    portal = api.portal.get()
    browser = log_in(app, portal, "liestal-editor", came_from=portal.absolute_url())
    assert browser.url == f"{world['liestal'].absolute_url()}/@@tenant-dashboard"


def test_another_site_is_never_a_landing(app, world):
    browser = log_in(app, api.portal.get(), "liestal-editor", came_from="https://evil.example/x")
    assert browser.url == f"{world['liestal'].absolute_url()}/@@tenant-dashboard"


def test_workplaces_of_an_admin_list_dashboard_and_members(world):
    user = api.user.get(username="liestal-admin")
    kinds = [place.kind for place in workplaces(user)]
    assert kinds == ["dashboard", "members", "requests"]


def test_the_workplaces_page_is_for_people_logged_in_only(app, world):
    from tests.helpers import browser_for

    browser = browser_for(app)
    browser.open(f"{api.portal.get().absolute_url()}/@@workplaces")
    assert "__ac_password" in browser.contents or browser.headers["status"].startswith("401")
