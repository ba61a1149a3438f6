"""Times on Plone's pages (byline, history) in the site's time zone, Europe/Zurich."""

import transaction
from DateTime import DateTime
from plone import api

from tests.helpers import browser_for

WINTER = DateTime("2026/01/15 07:15:00 UTC")  # 08:15 in Liestal
SUMMER = DateTime("2026/07/15 07:15:00 UTC")  # 09:15 in Liestal
LATE = DateTime("2026/01/15 23:30:00 UTC")  # 00:30 of the next day in Liestal


def site_in_zurich():
    """As sitesetup makes every site (the test layer's site keeps Plone's UTC)."""
    api.portal.set_registry_record("plone.portal_timezone", "Europe/Zurich")


def test_to_localized_time_is_in_zurich(integration):
    portal = integration["portal"]
    site_in_zurich()
    view = portal.restrictedTraverse("@@plone")
    assert view.toLocalizedTime(WINTER, long_format=True).startswith("Jan 15, 2026 08:15")
    assert "09:15" in view.toLocalizedTime(SUMMER, long_format=True)
    assert "09:15" in view.toLocalizedTime(SUMMER.ISO8601(), long_format=True)


def test_byline_and_history_show_zurich_time(app, world):
    page = world["liestal-page"]
    site_in_zurich()
    with api.env.adopt_roles(["Manager"]):
        page.modification_date = LATE
        history = page.workflow_history
        for entries in history.values():
            for entry in entries:
                entry["time"] = WINTER
        history._p_changed = True
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(page.absolute_url())
    byline = browser.contents.split('id="section-byline"', 1)[1].split("</section>", 1)[0]
    assert "Jan 16, 2026" in byline  # the next day in Liestal
    assert "Jan 15, 2026" not in byline
    browser.open(f"{page.absolute_url()}/@@historyview")
    assert "08:15" in browser.contents
    assert "07:15" not in browser.contents


def test_toolbar_shows_the_last_change_in_zurich_time(app, world):
    page = world["liestal-page"]
    site_in_zurich()
    with api.env.adopt_roles(["Manager"]):
        page.modification_date = WINTER
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(page.absolute_url())
    assert 'datetime="2026-01-15T08:15:00"' in browser.contents
    assert "07:15" not in browser.contents.split('id="edit-zone"', 1)[1].split("</section>")[0]
