"""Due dates: the service's processing days give each request its due date in working days;
the inbox shows it, sorts by it, marks and counts the overdue ones, and finds "42"."""

import re
from datetime import UTC
from datetime import datetime

import pytest
import transaction
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.due_dates import add_working_days
from digitalgemeinde.submissions.due_dates import overdue_count
from tests.helpers import browser_for
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import make_submission
from tests.submissions.helpers import rows


@pytest.mark.parametrize(
    "start,days,due",
    [
        ("2026-03-02 09:00", 1, "2026-03-03 09:00"),  # Monday + 1 = Tuesday
        ("2026-03-06 09:00", 1, "2026-03-09 09:00"),  # Friday + 1 = Monday
        ("2026-03-06 09:00", 5, "2026-03-13 09:00"),  # a week
        ("2026-03-07 09:00", 1, "2026-03-09 09:00"),  # Saturday + 1 = Monday
        ("2026-03-27 09:00", 3, "2026-04-01 09:00"),  # over the change to summer time
    ],
)
def test_working_days_skip_weekends_in_zurich(start, days, due):
    from digitalgemeinde.submissions.values import TIMEZONE

    moment = datetime.fromisoformat(start).replace(tzinfo=TIMEZONE).astimezone(UTC)
    result = add_working_days(moment, days).astimezone(TIMEZONE)
    assert result.strftime("%Y-%m-%d %H:%M") == due


@pytest.fixture
def timed(world, form):
    """The service "Hund anmelden" takes 3 working days."""
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].processing_days = 3
    transaction.commit()
    return form


def set_due(submission, moment):
    with api.env.adopt_roles(["Manager"]):
        submission.set_due(moment)
        submission.reindexObject()


def test_delivery_sets_the_due_date_from_the_service(timed, request_):
    submission = make_submission(timed, request_)
    assert submission.due == add_working_days(submission.submitted, 3)


def test_no_processing_days_no_due_date(form, request_):
    submission = make_submission(form, request_)
    assert submission.due is None


def test_overdue_is_marked_counted_and_filtered(app, world, timed, request_):
    late = make_submission(timed, request_, name="Lena Spät")
    done = make_submission(timed, request_, name="Erika Erledigt")
    fresh = make_submission(timed, request_, name="Fritz Frisch")
    undated = make_submission(timed, request_, name="Otto Ohne")
    past = datetime(2026, 1, 5, 9, tzinfo=UTC)
    set_due(late, past)
    set_due(done, past)
    set_due(undated, None)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(done, "accept")
        api.content.transition(done, "complete")
    transaction.commit()
    office = world["liestal-office"]
    assert overdue_count([office]) == 1
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(office))
    assert re.search(r'id="count-overdue".*?>1</span>', browser.contents, re.S)
    row = re.search(rf"{late.reference}.*?</tr>", browser.contents, re.S).group(0)
    assert "überfällig" in row and "05.01.2026" in row
    fresh_row = re.search(rf"{fresh.reference}.*?</tr>", browser.contents, re.S).group(0)
    assert "überfällig" not in fresh_row
    browser.open(inbox_url(office, "overdue=1"))
    assert rows(browser) == [late.reference]
    # open ones by due day, then open ones without a due date, then the closed ones
    browser.open(inbox_url(office, "sort=due"))
    assert rows(browser) == [late.reference, fresh.reference, undated.reference, done.reference]


def test_a_request_is_overdue_from_the_day_after_its_due_day(world, timed, request_):
    """Due at 07:00 today is not overdue at noon: the inbox shows days, and so does the count."""
    from datetime import timedelta

    from digitalgemeinde.submissions.due_dates import is_overdue
    from digitalgemeinde.submissions.values import TIMEZONE

    today = datetime.now(TIMEZONE).replace(hour=7, minute=0, second=0, microsecond=0)
    due_today = make_submission(timed, request_, name="Heute Fällig")
    due_yesterday = make_submission(timed, request_, name="Gestern Fällig")
    set_due(due_today, today.astimezone(UTC))
    set_due(due_yesterday, (today - timedelta(days=1)).replace(hour=23).astimezone(UTC))
    transaction.commit()
    assert not is_overdue(due_today.due, "submitted")
    assert is_overdue(due_yesterday.due, "submitted")
    assert not is_overdue(due_yesterday.due, "completed")
    assert overdue_count([world["liestal-office"]]) == 1


def test_closing_a_request_takes_it_out_of_the_overdue_ones(world, timed, request_):
    late = make_submission(timed, request_, name="Lena Spät")
    set_due(late, datetime(2026, 1, 5, 9, tzinfo=UTC))
    transaction.commit()
    office = world["liestal-office"]
    assert overdue_count([office]) == 1
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(late, "reject", comment="Keine Hundesteuer in Liestal.")
    transaction.commit()
    assert overdue_count([office]) == 0


def test_every_page_by_due_date_agrees_with_the_catalog(world, timed, request_):
    """Each page by due date equals the catalog's sort over all matches, also in the second
    half, where the catalog would sort backwards and turn the requests of one day round."""
    from datetime import timedelta

    from digitalgemeinde.submissions.inbox import InboxFilters
    from digitalgemeinde.submissions.inbox import search_inbox

    made = [make_submission(timed, request_, name=f"Person {n}") for n in range(24)]
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with api.env.adopt_roles(["Manager"]):
        for n, submission in enumerate(made):
            # three requests a day, every fourth one without a due date
            submission.set_due(None if n % 4 == 3 else start + timedelta(days=(n * 7) % 8))
            submission.reindexObject()
        for submission in made[:14]:  # most of them closed: 14 on one key
            api.content.transition(submission, "accept")
            api.content.transition(submission, "complete")
    transaction.commit()
    catalog = api.portal.get_tool("portal_catalog")
    office = world["liestal-office"]
    everything = catalog.unrestrictedSearchResults(
        path="/".join(office.getPhysicalPath()), portal_type="Submission", sort_on="due_day"
    )
    expected = [brain.getId for brain in everything]
    assert len(expected) == 24
    with api.env.adopt_user("liestal-clerk"):
        for b_start in range(0, 24, 3):
            page, error = search_inbox(office, InboxFilters(sort="due"), b_start, b_size=3)
            assert error is None and page.actual_result_count == 24
            assert [brain.getId for brain in page] == expected[b_start : b_start + 3], b_start
        page, error = search_inbox(office, InboxFilters(sort="due"), 22, b_size=3)
        assert [brain.getId for brain in page] == expected[22:]
    by_id = {submission.getId(): submission for submission in made}
    ten_open = [by_id[uid] for uid in expected[:10]]
    assert all(api.content.get_state(item) == "submitted" for item in ten_open)
    dated = [item.due for item in ten_open if item.due is not None]
    assert dated == sorted(dated) and ten_open[-1].due is None
