"""Assigning a request: the clerk to themself and to a colleague of the office; not an editor,
a clerk of another office or tenant, nor to someone who is not on the office's staff."""

import re

import pytest
import transaction
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.assignment import AssignmentRefused
from digitalgemeinde.submissions.assignment import assign
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import rows


@pytest.fixture
def colleague(world):
    create_user("liestal-clerk-2", ["liestal-einwohnerdienste-staff"])
    transaction.commit()
    return "liestal-clerk-2"


def page(app, user, submission, query=""):
    browser = browser_for(app, user)
    browser.open(submission.absolute_url() + (f"?{query}" if query else ""))
    return browser


def press(browser, action, assignee=None):
    form = browser.getForm(id="case-assign")
    if assignee is not None:
        form.getControl(name="assignee").value = [assignee]
    button = [c for c in form.controls if getattr(c, "name", "") == "action" and c.value == action]
    button[0].click()
    return browser


def test_clerk_assigns_to_self_then_to_a_colleague_then_to_nobody(
    app, world, submission, colleague
):
    browser = page(app, "liestal-clerk", submission)
    assert "Nobody" in browser.contents
    press(browser, "assign_me")
    assert "The request is assigned to you." in browser.contents
    transaction.begin()
    assert submission.assignee == "liestal-clerk"
    assert submission.log[-1]["action"] == "assigned"
    assert submission.log[-1]["actor"] == "liestal-clerk"
    press(browser, "assign", "liestal-clerk-2")
    assert "The request is assigned to Liestal Clerk 2." in browser.contents
    transaction.begin()
    assert submission.assignee == "liestal-clerk-2"
    assert "Assigned" in browser.contents  # the case log
    press(browser, "unassign")
    assert "no longer assigned" in browser.contents
    transaction.begin()
    assert submission.assignee is None
    assert [entry["action"] for entry in submission.log][-3:] == [
        "assigned",
        "assigned",
        "unassigned",
    ]


def test_assigning_to_someone_not_on_the_staff_is_refused(app, world, submission, bau):
    browser = page(app, "liestal-clerk", submission)
    form = browser.getForm(id="case-assign")
    token = form.getControl(name="_authenticator").value
    browser.post(
        submission.absolute_url() + "/@@case-assign",
        f"action=assign&assignee=liestal-bau-clerk&_authenticator={token}",
    )
    assert "is not on the staff of Einwohnerdienste" in browser.contents
    transaction.begin()
    assert submission.assignee is None
    assert not [entry for entry in submission.log if entry["action"] == "assigned"]


@pytest.mark.parametrize("user", ["liestal-editor", "liestal-bau-clerk", "allschwil-clerk"])
def test_others_cannot_assign(app, world, submission, bau, allschwil_clerk, user):
    browser = browser_for(app, user)
    browser.open(submission.absolute_url() + "/@@case-assign")
    status = int(browser.headers["status"].split()[0])
    assert status in (401, 403) or "require_login" in browser.url or "login" in browser.url
    with api.env.adopt_user(username=user), pytest.raises(AssignmentRefused) as refused:
        assign(submission, user)
    assert refused.value.status == 403
    transaction.abort()
    assert submission.assignee is None


def test_the_inbox_filters_by_assignee_and_shows_the_name(app, world, three, colleague):
    with api.env.adopt_user(username="liestal-clerk"):
        assign(three["new"], "liestal-clerk")
        assign(three["busy"], "liestal-clerk-2")
    transaction.commit()
    office = world["liestal-office"]
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(office, "assigned=me"))
    assert rows(browser) == [three["new"].reference]
    browser.open(inbox_url(office, "assigned=none"))
    assert rows(browser) == [three["old"].reference]
    browser.open(inbox_url(office, "assigned=liestal-clerk-2"))
    assert rows(browser) == [three["busy"].reference]
    assert 'class="inbox-assignee">Liestal Clerk 2</td>' in browser.contents
    browser.open(inbox_url(office, "assigned=liestal-editor"))
    assert "Unknown staff member: the assignment filter is ignored." in browser.contents
    assert len(rows(browser)) == 3


def test_german_labels(app, world, submission):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = page(app, "liestal-clerk", submission)
    assert "Mir zuweisen" in browser.contents
    assert "Zuweisen an" in browser.contents
    browser.open(inbox_url(world["liestal-office"]))
    assert re.search(r"Mir zugewiesen", browser.contents)
    assert "Nicht zugewiesen" in browser.contents
