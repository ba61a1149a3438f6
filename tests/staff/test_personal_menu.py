"""The personal menu links each person's workplaces."""

import transaction
from plone import api

from tests.helpers import browser_for
from tests.helpers import create_user


def menu(html: str) -> str:
    """The personal menu: the toolbar's (staff) or the header's member tools (citizens)."""
    for marker in ('id="collapse-personaltools"', 'id="portal-membertools"'):
        if marker in html:
            return html.split(marker, 1)[1].split("</ul>", 1)[0]
    return ""


def test_clerk_editor_and_admin_menus(app, world):
    portal_url = api.portal.get().absolute_url()
    liestal = world["liestal"].absolute_url()
    office = world["liestal-office"].absolute_url()
    expected = {
        "liestal-clerk": [f"{office}/@@inbox", f"{portal_url}/@@meine-anliegen"],
        "liestal-editor": [f"{liestal}/@@tenant-dashboard"],
        "liestal-admin": [f"{liestal}/@@tenant-dashboard", f"{liestal}/@@tenant-members"],
    }
    for user, links in expected.items():
        browser = browser_for(app, user)
        browser.open(world["liestal-page"].absolute_url())
        found = menu(browser.contents)
        assert found, user
        for link in links:
            assert link in found, (user, link)
        assert "@@tenant-members" not in found or user == "liestal-admin"
        assert found.count("@@meine-anliegen") == 1


def test_citizen_menu_has_meine_anliegen_and_log_out_only(app, world):
    create_user("buerger")
    transaction.commit()
    browser = browser_for(app, "buerger")
    browser.open(world["liestal-page"].absolute_url())
    found = menu(browser.contents)
    assert "@@meine-anliegen" in found
    assert "logout" in found
    for staff in ("@@inbox", "@@tenant-dashboard", "@@tenant-members", "plone_control_panel"):
        assert staff not in found
    assert "/dashboard" not in found  # Plone's dashboard of portlets
    assert found.count("@@meine-anliegen") == 1
