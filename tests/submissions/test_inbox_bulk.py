"""Bulk actions in the inbox: the chosen requests assigned, accepted, exported; those where it
is not possible named; a POST with the CSRF token only."""

import re

import transaction
from plone import api

from digitalgemeinde import sitesetup
from tests.helpers import browser_for
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import move_to


def choose(browser, *submissions):
    form = browser.getForm(id="inbox-bulk")
    for submission in submissions:
        form.getControl(name="uids:list", index=0)  # the checkboxes are there
        control = browser.getControl(name="uids:list")
        control.value = [*control.value, submission.UID()]
    return form


def press(browser, value):
    form = browser.getForm(id="inbox-bulk")
    buttons = [c for c in form.controls if getattr(c, "name", "") == "action" and c.value == value]
    buttons[0].click()


def test_assign_two_to_me(app, world, three):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"], "state=submitted"))
    choose(browser, three["new"], three["old"])
    press(browser, "assign_me")
    assert "2 Anliegen Ihnen zugewiesen." in browser.contents
    assert "state=submitted" in browser.url  # back to the same filter
    transaction.begin()
    assert three["new"].assignee == three["old"].assignee == "liestal-clerk"
    assert three["busy"].assignee is None


def test_bulk_accept_names_those_not_possible(app, world, three):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    choose(browser, three["new"], three["old"], three["busy"])
    press(browser, "accept")
    assert "2 angenommen." in browser.contents
    busy = three["busy"].reference
    assert re.search(rf"{busy}: im Status «In Bearbeitung» nicht möglich", browser.contents)
    transaction.begin()
    states = {key: api.content.get_state(obj) for key, obj in three.items()}
    assert states == {"new": "in_progress", "old": "in_progress", "busy": "in_progress"}


def test_bulk_export_exports_the_chosen(app, world, three):
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    choose(browser, three["new"])
    press(browser, "export_csv")
    assert browser.headers["Content-Type"].startswith("text/csv")
    body = browser.contents
    assert three["new"].reference in body
    assert three["old"].reference not in body and three["busy"].reference not in body


def test_without_the_token_nothing_changes(app, world, three):
    browser = browser_for(app, "liestal-clerk")
    browser.post(
        world["liestal-office"].absolute_url() + "/@@inbox-bulk",
        f"action=accept&uids:list={three['new'].UID()}",
    )
    assert int(browser.headers["status"].split()[0]) == 403
    transaction.begin()
    assert api.content.get_state(three["new"]) == "submitted"


def test_another_inbox_request_is_not_touched(app, world, three, bau):
    moved = move_to(three["old"], bau)
    transaction.commit()
    browser = browser_for(app, "liestal-bau-clerk")
    browser.open(inbox_url(bau))
    token = browser.getForm(id="inbox-bulk").getControl(name="_authenticator").value
    browser.post(
        bau.absolute_url() + "/@@inbox-bulk",
        f"action=accept&uids:list={three['new'].UID()}&uids:list={moved.UID()}"
        f"&_authenticator={token}",
    )
    assert "1 accepted." in browser.contents
    assert "1 chosen requests are not in this inbox" in browser.contents
    transaction.begin()
    assert api.content.get_state(three["new"]) == "submitted"
    assert api.content.get_state(moved) == "in_progress"
