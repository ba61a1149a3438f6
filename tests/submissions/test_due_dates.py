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
    browser.open(inbox_url(office, "sort=due"))
    assert rows(browser) == [late.reference, done.reference, fresh.reference, undated.reference]


def test_sort_by_due_is_in_the_form_in_german(app, world, submission):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    assert "Fälligkeit" in browser.contents
    browser.getControl(name="sort").value = ["due"]
    browser.getForm(id="inbox-filters").submit()
    assert "sort=due" in browser.url
    assert rows(browser) == [submission.reference]


@pytest.mark.parametrize("typed", ["{n}", "{n:06d}", "{reference}"])
def test_the_running_number_finds_the_request(app, world, three, typed):
    busy = three["busy"]
    number = int(busy.reference.rsplit("-", 1)[1])
    text = typed.format(n=number, reference=busy.reference)
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"], f"q={text}"))
    assert rows(browser) == [busy.reference]


def test_the_service_filter_lists_only_the_office_services(app, world, three, bau):
    """Liestal's Einwohnerdienste is responsible for "Hund anmelden" only; a request of another
    service can still be filtered by its address."""
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    assert browser.getControl(name="service").displayOptions == ["All", "Hund anmelden"]
    browser = browser_for(app, "liestal-bau-clerk")
    browser.open(inbox_url(bau))
    assert browser.getControl(name="service").displayOptions == ["All"]


def test_an_adopted_service_inherits_the_processing_days_of_its_standard(
    functional, world, form, request_
):
    """A standard service passes its processing days on: the adopted service without its own
    gives its requests the standard's due date; its own number wins."""
    from digitalgemeinde.association.adoption import follow
    from tests.association.helpers import build_association
    from tests.association.helpers import make_standard
    from tests.association.helpers import release

    build_association(functional["portal"], world)
    standard = make_standard(world["catalog"], id_="hund", processing_days=4)
    release(standard)
    service = world["liestal-service"]
    with api.env.adopt_roles(["Manager"]):
        follow(service, standard, standard.latest_release())
    assert standard.latest_release()["fields"]["processing_days"] == 4
    submission = make_submission(form, request_)
    assert submission.due == add_working_days(submission.submitted, 4)
    with api.env.adopt_roles(["Manager"]):
        service.processing_days = 1
    submission = make_submission(form, request_, name="Zweite Person")
    assert submission.due == add_working_days(submission.submitted, 1)
