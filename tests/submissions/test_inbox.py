"""The inbox of an office and of a tenant: who sees it, counts, filters, search, pages."""

import re

import pytest
import transaction
from Acquisition import aq_base
from DateTime import DateTime
from plone import api

from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.submissions.helpers import XSS_IMG
from tests.submissions.helpers import XSS_SCRIPT
from tests.submissions.helpers import a_minute_apart
from tests.submissions.helpers import denied
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import make_submission
from tests.submissions.helpers import move_to
from tests.submissions.helpers import rows

# Who sees the inbox


def test_clerk_sees_the_inbox_with_counts_and_the_request(app, world, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    assert browser.headers["status"].startswith("200")
    assert "Inbox of Einwohnerdienste" in browser.contents
    assert rows(browser) == [submission.reference]
    assert 'id="count-submitted"' in browser.contents
    counts = dict(
        re.findall(
            r'id="count-(\w+)".*?<span class="badge[^"]*">(\d+)</span>', browser.contents, re.S
        )
    )
    assert counts == {
        "submitted": "1",
        "in_progress": "0",
        "waiting": "0",
        "completed": "0",
        "rejected": "0",
        "overdue": "0",
    }
    assert "anna@example.ch" in browser.contents
    assert "Hund anmelden" in browser.contents


def test_clerk_finds_the_inbox_action_on_the_office(app, world, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(world["liestal-office"].absolute_url())
    browser.getLink(url="einwohnerdienste/@@inbox").click()
    assert "Inbox of Einwohnerdienste" in browser.contents
    assert rows(browser) == [submission.reference]


def test_tenant_admin_finds_the_inbox_action_on_the_tenant(app, world, submission):
    browser = browser_for(app, "liestal-admin")
    browser.open(world["liestal"].absolute_url())
    browser.getLink(url="liestal/@@inbox").click()
    assert "Inbox of Liestal" in browser.contents


def test_editor_gets_no_inbox_action(app, world, submission):
    browser = browser_for(app, "liestal-editor")
    browser.open(world["liestal-office"].absolute_url())
    assert "@@inbox" not in browser.contents


@pytest.mark.parametrize(
    "user", ["liestal-bau-clerk", "liestal-editor", "allschwil-editor", "allschwil-clerk", None]
)
def test_others_are_refused_the_inbox(app, world, bau, allschwil_clerk, submission, user):
    browser = browser_for(app, user)
    browser.open(inbox_url(world["liestal-office"]))
    assert denied(browser)
    assert submission.reference not in browser.contents


@pytest.mark.parametrize("user", ["liestal-clerk", "liestal-editor", "allschwil-editor", None])
def test_only_tenant_admins_open_the_tenant_inbox(app, world, submission, user):
    browser = browser_for(app, user)
    browser.open(inbox_url(world["liestal"]))
    assert denied(browser)
    assert submission.reference not in browser.contents


def test_clerk_is_refused_the_inbox_of_another_tenant(app, world, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["allschwil-office"]))
    assert denied(browser)


@pytest.mark.parametrize(
    "user", ["liestal-bau-clerk", "liestal-editor", "allschwil-editor", "allschwil-clerk", None]
)
def test_others_find_nothing_in_search(app, world, bau, allschwil_clerk, submission, user):
    browser = browser_for(app, user)
    for term in ("Anna", submission.reference, "anna@example.ch"):
        browser.open(f"{api.portal.get().absolute_url()}/@@search?SearchableText={term}")
        assert submission.absolute_url() not in browser.contents
        assert "Anna Muster" not in browser.contents
    client = RestClient(app, user)
    status, body = client.get(f"{api.portal.get().absolute_url()}/@search?SearchableText=Anna")
    assert status == 200
    assert body["items_total"] == 0
    status, body = client.get(f"{api.portal.get().absolute_url()}/@search?portal_type=Submission")
    assert status == 200
    assert body["items_total"] == 0


def test_clerk_finds_the_request_in_search(app, submission):
    client = RestClient(app, "liestal-clerk")
    status, body = client.get(f"{api.portal.get().absolute_url()}/@search?SearchableText=Anna")
    assert status == 200
    assert [item["title"] for item in body["items"]] == [submission.reference]


def test_tenant_admin_sees_the_requests_of_all_offices(app, world, bau, form, request_):
    first = make_submission(form, request_, name="Erste Person")
    second = move_to(make_submission(form, request_, name="Zweite Person"), bau)
    transaction.commit()
    browser = browser_for(app, "liestal-admin")
    browser.open(inbox_url(world["liestal"]))
    assert browser.headers["status"].startswith("200")
    assert sorted(rows(browser)) == sorted([first.reference, second.reference])
    assert '<th scope="col">Office</th>' in browser.contents
    assert "<td>Bauverwaltung</td>" in browser.contents
    assert "<td>Einwohnerdienste</td>" in browser.contents
    assert re.search(r'id="count-submitted".*?>2</span>', browser.contents, re.S)
    # the clerk of each office sees their own request only
    browser = browser_for(app, "liestal-bau-clerk")
    browser.open(inbox_url(bau))
    assert rows(browser) == [second.reference]
    assert re.search(r'id="count-submitted".*?>1</span>', browser.contents, re.S)


def test_tenant_admin_opens_each_office_inbox(app, world, submission):
    browser = browser_for(app, "liestal-admin")
    browser.open(inbox_url(world["liestal-office"]))
    assert rows(browser) == [submission.reference]


# Filters, search, pages


def open_inbox(app, world, query: str = "", user: str = "liestal-clerk"):
    browser = browser_for(app, user)
    browser.open(inbox_url(world["liestal-office"], query))
    assert browser.headers["status"].startswith("200")
    return browser


def test_filter_by_state(app, world, three):
    browser = open_inbox(app, world, "state=in_progress")
    assert rows(browser) == [three["busy"].reference]
    browser = open_inbox(app, world, "state=submitted")
    assert sorted(rows(browser)) == sorted([three["old"].reference, three["new"].reference])


def test_counts_link_to_the_state_filter(app, world, three):
    browser = open_inbox(app, world)
    browser.getLink(id="count-in_progress").click()
    assert rows(browser) == [three["busy"].reference]
    assert re.search(r'id="count-in_progress".*?>1</span>', browser.contents, re.S)


def test_filter_by_service(app, world, three):
    """The list names the office's services; another service of the canton, chosen by its
    address, is listed while it is chosen."""
    browser = open_inbox(app, world)
    assert browser.getControl(name="service").displayOptions == ["All", "Hund anmelden"]
    browser = open_inbox(app, world, f"service={world['bl-service'].UID()}")
    options = browser.getControl(name="service").displayOptions
    assert "Hund anmelden" in options and "Steuererklärung einreichen" in options
    assert rows(browser) == [three["old"].reference]
    browser.getControl(name="service").displayValue = ["Steuererklärung einreichen"]
    browser.getForm(id="inbox-filters").submit()
    assert rows(browser) == [three["old"].reference]
    assert not re.search(r"_authenticator=\w", browser.url)  # no CSRF token in addresses


def test_filter_by_date(app, world, three):
    browser = open_inbox(app, world, "from=2025-01-01&to=2025-01-31")
    assert rows(browser) == [three["old"].reference]
    browser = open_inbox(app, world, "from=16.01.2025")
    assert sorted(rows(browser)) == sorted([three["busy"].reference, three["new"].reference])
    browser = open_inbox(app, world, "to=2025-01-15")
    assert rows(browser) == [three["old"].reference]
    browser = open_inbox(app, world, "to=2025-01-14")
    assert rows(browser) == []
    assert "No requests." in browser.contents


@pytest.mark.parametrize(
    "query,found",
    [
        ("Nina", ["new"]),
        ("berta@example.ch", ["busy"]),
        ("Otto Alt", ["old"]),
        ("Muster", []),
    ],
)
def test_search_by_name_or_email(app, world, three, query, found):
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    browser.getControl(name="q").value = query
    browser.getForm(id="inbox-filters").submit()
    assert sorted(rows(browser)) == sorted(three[key].reference for key in found)


def test_search_by_reference(app, world, three):
    reference = three["busy"].reference
    browser = open_inbox(app, world, f"q={reference}")
    assert rows(browser) == [reference]


def test_filters_combine(app, world, three):
    browser = open_inbox(app, world, "state=submitted&q=Nina")
    assert rows(browser) == [three["new"].reference]
    browser = open_inbox(app, world, "state=in_progress&q=Nina")
    assert rows(browser) == []


@pytest.mark.parametrize(
    "query,message",
    [
        ("state=lost", "There is no state lost: the state filter is ignored."),
        ("from=31.02.2025", "31.02.2025 is not a date"),
        ("to=gestern", "gestern is not a date"),
        ("from=0001-01-01", "0001-01-01 is not a date"),
        ("to=9999-12-31", "9999-12-31 is not a date"),
        ("service=nonexistent", "Unknown service: the service filter is ignored."),
        ("from=2026-02-01&to=2026-01-01", "The start date is after the end date"),
        ("q=%22%28", "The search text could not be understood"),
    ],
)
def test_bad_filter_is_named_and_ignored(app, world, three, query, message):
    browser = open_inbox(app, world, query)
    assert message in browser.contents
    assert 'role="alert"' in browser.contents
    assert len(rows(browser)) == 3


def test_bad_filter_leaves_the_good_ones_working(app, world, three):
    browser = open_inbox(app, world, "state=lost&q=Berta")
    assert "There is no state lost" in browser.contents
    assert rows(browser) == [three["busy"].reference]


def test_pages_of_twenty_newest_first(app, world, form, request_):
    made = a_minute_apart(form, request_, 25)
    newest_first = [item.reference for item in reversed(made)]
    browser = open_inbox(app, world)
    assert "Requests found: 25" in browser.contents
    assert rows(browser) == newest_first[:20]
    browser.open(inbox_url(world["liestal-office"], "b_start=20"))
    assert rows(browser) == newest_first[20:]


def test_page_links_keep_the_filters(app, world, form, request_):
    for n in range(23):
        make_submission(form, request_, name=f"Person {n}")
    make_submission(form, request_, name="Other")
    transaction.commit()
    browser = open_inbox(app, world, "q=Person&state=submitted")
    assert "Requests found: 23" in browser.contents
    assert len(rows(browser)) == 20
    links = re.findall(r'href="([^"]*b_start:int=20[^"]*)"', browser.contents)
    assert links, "no link to the second page"
    browser.open(links[0].replace("&amp;", "&"))
    assert len(rows(browser)) == 3


def test_only_the_page_is_loaded(world, form, request_, functional):
    """The catalog sorts and cuts: the inbox gets the brains of its page, not the inbox."""
    for n in range(25):
        make_submission(form, request_, name=f"Person {n}")
    transaction.commit()
    from digitalgemeinde.submissions.inbox import InboxFilters
    from digitalgemeinde.submissions.inbox import search_inbox

    transaction.begin()
    with api.env.adopt_user("liestal-clerk"):
        results, error = search_inbox(
            world["liestal-office"], InboxFilters(), b_start=20, b_size=20
        )
    assert error is None
    assert results.actual_result_count == 25
    assert len(results) == 5  # the catalog hands out the page only


@pytest.fixture
def spread(world, form, request_, monkeypatch):
    """40 requests over two years (two in one minute); large inboxes start at 10."""
    from digitalgemeinde.submissions import inbox_order

    monkeypatch.setattr(inbox_order, "WINDOW_FROM", 10)
    # Ages count back from today's noon, not from now: a fraction of a day from now crosses
    # midnight in the small hours, and the date filters below would count one more request.
    now = DateTime(f"{DateTime().Date()} 12:00")
    ages = [0.01, 0.01, 0.2, 0.5, 3, 5, 6, 9, 12, 30, 60, 61, 100, 200, 300, 400, 500, 600, 700]
    ages += [age + 0.3 for age in range(21)]
    made = [make_submission(form, request_, name=f"Person {n}") for n in range(len(ages))]
    with api.env.adopt_roles(["Manager"]):
        for age, submission in zip(ages, made, strict=True):
            submission.creation_date = now - age
            submission.reindexObject()
    transaction.commit()
    assert len(made) == 40
    return made


def test_large_inbox_sorts_only_the_newest_days_and_agrees_with_the_catalog(
    world, spread, monkeypatch
):
    """Every page, also with a date filter, equals the catalog's full newest-first sort."""
    from digitalgemeinde.submissions import inbox

    catalog = api.portal.get_tool("portal_catalog")
    windows = []
    search = type(aq_base(catalog)).searchResults

    def counting(self, *args, **query):
        if "b_start" in query and "created" in query:
            windows.append(query["created"])
        return search(self, *args, **query)

    monkeypatch.setattr(type(aq_base(catalog)), "searchResults", counting)
    office = world["liestal-office"]
    transaction.begin()
    with api.env.adopt_user("liestal-clerk"):
        for filters in (inbox.InboxFilters(), inbox.InboxFilters(date_to=date_of(-20))):
            query = filters.catalog_query()
            everything = search(
                catalog,
                **query,
                path="/".join(office.getPhysicalPath()),
                portal_type="Submission",
                sort_on=("created", "getId"),
                sort_order="reverse",
            )
            expected = [brain.getId for brain in everything]
            assert len(expected) == (40 if not query else 11)
            for b_start in (0, 2, 5):
                results, error = inbox.search_inbox(office, filters, b_start=b_start, b_size=2)
                assert error is None
                assert results.actual_result_count == len(expected)
                page = [results[index].getId for index in range(len(results))]
                assert page == expected[b_start : b_start + 2], (filters, b_start)
    assert windows, "the window was never used"
    assert any(window["range"] == "min:max" for window in windows), "date filter not kept"


def date_of(days: int):
    """The calendar day ``days`` from today (negative: in the past)."""
    from datetime import date
    from datetime import timedelta

    return date.today() + timedelta(days)


def test_large_inbox_page_through_the_browser(app, world, spread):
    browser = open_inbox(app, world)
    assert "Requests found: 40" in browser.contents
    newest = sorted(spread, key=lambda item: item.creation_date, reverse=True)
    # the two of one minute: the catalog orders them by id, newest id first
    listed = rows(browser)
    assert len(listed) == 20
    assert set(listed[:2]) == {newest[0].reference, newest[1].reference}
    assert listed[2:] == [item.reference for item in newest[2:20]]
    browser.open(inbox_url(world["liestal-office"], "b_start=20"))
    assert rows(browser) == [item.reference for item in newest[20:]]


# Markup typed by citizens stays text


def test_markup_in_the_inbox_is_shown_as_text(app, world, form, request_):
    submission = make_submission(form, request_, name=XSS_SCRIPT, email=f"{XSS_SCRIPT}@example.ch")
    transaction.commit()
    browser = open_inbox(app, world)
    assert XSS_SCRIPT not in browser.contents
    assert submission.reference in browser.contents
    # an address with markup is no email address: it is not kept as the submitter's
    assert submission.submitter_email == ""


def test_markup_in_the_filters_is_shown_as_text(app, world, submission):
    browser = open_inbox(app, world, f"q={XSS_IMG}&state={XSS_SCRIPT}&from={XSS_IMG}")
    assert XSS_SCRIPT not in browser.contents
    assert XSS_IMG not in browser.contents
    assert "There is no state &lt;script&gt;" in browser.contents
    assert "&lt;img src=x onerror=alert(1)&gt; is not a date" in browser.contents
    assert 'value="&lt;img src=x onerror=alert(1)&gt;"' in browser.contents
