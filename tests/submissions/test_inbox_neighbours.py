"""Previous and next request on the request's page, within the inbox's filter and sort."""

import re

import transaction
from plone import api

from digitalgemeinde.submissions.assignment import assign
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.neighbours import neighbours
from tests.helpers import browser_for
from tests.submissions.helpers import a_minute_apart
from tests.submissions.helpers import inbox_url


def links(browser) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]*>\s*(\d+-\d{4}-\d{6})</a></td>', browser.contents)


def test_next_and_previous_follow_the_filter(app, world, form, request_):
    made = a_minute_apart(form, request_, 6)  # made[5] is the newest
    with api.env.adopt_user(username="liestal-clerk"):
        for submission in made[::2]:  # 0, 2, 4 assigned to the clerk
            assign(submission, "liestal-clerk")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"], "assigned=me"))
    listed = re.findall(r'href="([^"]+)"\s*>(\d+-\d{4}-\d{6})</a>', browser.contents)
    assert [reference for _url, reference in listed] == [
        made[4].reference,
        made[2].reference,
        made[0].reference,
    ]
    browser.open(listed[1][0].replace("&amp;", "&"))  # the middle one
    assert "Request 2 of 3 in the inbox" in browser.contents
    browser.getLink(id="case-next").click()
    assert f"Request {made[0].reference}" in browser.contents
    assert "Request 3 of 3 in the inbox" in browser.contents
    assert 'id="case-next"' not in browser.contents  # the last one
    browser.getLink(id="case-previous").click()
    browser.getLink(id="case-previous").click()
    assert f"Request {made[4].reference}" in browser.contents
    assert 'id="case-previous"' not in browser.contents
    assert "assigned=me" in browser.getLink(id="case-next").url


def test_the_neighbours_are_found_when_the_list_moved(world, form, request_):
    made = a_minute_apart(form, request_, 5)
    office = world["liestal-office"]
    with api.env.adopt_user(username="liestal-clerk"):
        found = neighbours(office, InboxFilters(), made[2], position=0)  # really at 2
    assert made[3].UID() == found.previous.UID and made[1].UID() == found.next.UID
    assert (found.position, found.total) == (2, 5)


def test_without_position_no_neighbours(app, world, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert 'id="case-neighbours"' not in browser.contents
