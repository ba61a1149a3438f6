"""The tenant's dashboard ("Gemeinde verwalten"): for its staff, refused to others."""

from datetime import UTC
from datetime import datetime

import transaction
from plone import api

from digitalgemeinde.tenancy.dashboard import dashboard
from tests.helpers import add_service
from tests.helpers import browser_for
from tests.helpers import create_user


def test_dashboard_shows_services_forms_and_offices(app, form, world, submission):
    with api.env.adopt_roles(["Manager"]):
        add_service(world["liestal"], "baugesuch", "Baugesuch einreichen", ["building"])
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{world['liestal'].absolute_url()}/@@tenant-dashboard")
    assert browser.headers["status"].startswith("200")
    html = browser.contents
    assert "Manage Liestal" in html
    assert "Baugesuch einreichen" in html  # a draft
    assert 'id="dg-count-drafts">1<' in html
    assert 'id="dg-count-published">1<' in html
    assert 'id="dg-count-without-form">1<' in html  # Baugesuch has no form
    assert 'id="dg-count-forms-published">1<' in html
    assert f"{world['liestal-office'].absolute_url()}/@@inbox" in html
    board = dashboard(world["liestal"])
    assert [office.open for office in board.offices] == [1]
    assert "Hund anmelden" in [item.title for item in board.published]
    # the way to the standard services
    assert f"{world['liestal'].absolute_url()}/@@standards" in html


def test_dashboard_for_reviewers_admins_and_managers(app, world):
    url = f"{world['liestal'].absolute_url()}/@@tenant-dashboard"
    for user in ("liestal-reviewer", "liestal-admin", "admin"):
        browser = browser_for(app, user)
        browser.open(url)
        assert browser.headers["status"].startswith("200"), user


def test_dashboard_refused_to_clerks_other_tenants_citizens_and_anonymous(app, world):
    create_user("buerger")
    transaction.commit()
    url = f"{world['liestal'].absolute_url()}/@@tenant-dashboard"
    for user in ("liestal-clerk", "allschwil-editor", "buerger"):
        browser = browser_for(app, user)
        browser.open(url)
        assert browser.headers["status"].startswith("403"), user
        assert "You may not open this page" in browser.contents
        assert "Open requests" not in browser.contents
    anonymous = browser_for(app)
    anonymous.open(url)
    html = anonymous.contents
    html = html.decode() if isinstance(html, bytes) else html
    # the login form, or the challenge to log in
    assert "__ac_password" in html or anonymous.headers["status"].startswith("401")
    assert "Open requests" not in html


def test_the_tenants_page_links_its_dashboard_for_its_staff(app, world):
    for user, shown in (("liestal-editor", True), ("allschwil-editor", False), (None, False)):
        browser = browser_for(app, user)
        browser.open(world["liestal"].absolute_url())
        assert ('id="dg-tenant-dashboard-link"' in browser.contents) is shown, user


def test_dashboard_counts_overdue_requests_of_each_office(app, world, submission):
    office_inbox = f"{world['liestal-office'].absolute_url()}/@@inbox?overdue=1"
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{world['liestal'].absolute_url()}/@@tenant-dashboard")
    assert office_inbox not in browser.contents  # due in the future or none: nothing overdue
    assert [office.overdue for office in dashboard(world["liestal"]).offices] == [0]

    with api.env.adopt_roles(["Manager"]):
        submission.set_due(datetime(2020, 1, 6, 8, tzinfo=UTC))
        submission.reindexObject()
    transaction.commit()
    assert [office.overdue for office in dashboard(world["liestal"]).offices] == [1]
    browser.open(f"{world['liestal'].absolute_url()}/@@tenant-dashboard")
    assert office_inbox in browser.contents  # the count links the inbox's overdue filter

    with api.env.adopt_roles(["Manager"]):  # a closed request is never overdue
        api.content.transition(submission, "accept")
        api.content.transition(submission, "complete")
    transaction.commit()
    assert [office.overdue for office in dashboard(world["liestal"]).offices] == [0]
