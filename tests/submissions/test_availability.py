"""Issue 19, opening and closing: a request form opens and closes at given dates and may cap
its requests (places in a course). A form not open says so on its page (no fields), on the
service's page and over REST ``@submit`` (409, the same message); an open form submits. At the
cap, simultaneous submissions to a real WSGI server never let one too many through."""

import json
import threading
import urllib.request
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from urllib.error import HTTPError

import pytest
import transaction
from zope.interface import Invalid

from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import availability
from digitalgemeinde.submissions.delivery import DeliveryError
from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import make_request_form

NOW = datetime(2027, 2, 20, 12, 0, tzinfo=UTC)
OPENS = datetime(2027, 3, 1, 8, 0)  # Swiss wall-clock time, as the settings' widget stores it


def valid(**extra) -> dict:
    return {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello", **extra}


def inbox(world) -> list:
    transaction.begin()
    office = world["liestal-office"]
    return [obj for obj in office.objectValues() if obj.portal_type == "Submission"]


def configure(form, **settings):
    for name, value in settings.items():
        setattr(form, name, value)
    transaction.commit()


def later(days: int) -> datetime:
    """A Swiss wall-clock time ``days`` from now (negative: in the past)."""
    return (datetime.now(UTC) + timedelta(days=days)).replace(tzinfo=None)


# The domain: the state at a moment, and its message in each language


def test_the_state_at_a_moment(functional, form):
    assert availability.state(form, NOW).is_open
    form.open_from = OPENS
    state = availability.state(form, NOW)
    assert (state.kind, state.when) == (availability.NOT_YET_OPEN, OPENS)
    assert availability.state(form, datetime(2027, 3, 1, 7, 0, tzinfo=UTC)).is_open  # 08:00 CET
    form.open_until = datetime(2027, 3, 31, 18, 0)
    assert availability.state(form, datetime(2027, 3, 31, 15, 59, tzinfo=UTC)).is_open
    assert availability.state(form, datetime(2027, 3, 31, 16, 0, tzinfo=UTC)).kind == "closed"


def test_dates_in_swiss_format_in_each_language():
    assert availability.long_date(OPENS, "de") == "1. März 2027, 08:00"
    assert availability.long_date(OPENS, "fr") == "1 mars 2027, 08:00"
    assert availability.long_date(OPENS, "it") == "1 marzo 2027, 08:00"
    # a stored UTC time is shown in Swiss time (summer: +2)
    assert availability.long_date(datetime(2027, 7, 1, 6, 30, tzinfo=UTC), "de") == (
        "1. Juli 2027, 08:30"
    )


def test_closing_before_opening_is_refused_with_a_message():
    class Data:
        open_from = OPENS
        open_until = OPENS - timedelta(hours=1)

    with pytest.raises(Invalid) as refused:
        IRequestForm.validateInvariants(Data())
    assert "Open until" in str(refused.value.args[0].default)
    Data.open_until = OPENS + timedelta(days=1)
    IRequestForm.validateInvariants(Data())  # the legitimate order passes


def test_the_settings_form_refuses_closing_before_opening(functional, form):
    browser = browser_for(functional["app"], "admin")
    browser.open(f"{form.absolute_url()}/edit")
    browser.getControl(name="form.widgets.IRequestForm.open_from").value = "2027-03-01T08:00"
    browser.getControl(name="form.widgets.IRequestForm.open_until").value = "2027-02-01T08:00"
    browser.getControl(name="form.buttons.save").click()
    assert "must be later than" in browser.contents
    browser.getControl(name="form.widgets.IRequestForm.open_until").value = "2027-03-31T18:00"
    browser.getControl(name="form.widgets.IRequestForm.max_requests").value = "12"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    settings = IRequestForm(form)
    assert settings.open_from == OPENS
    assert settings.open_until == datetime(2027, 3, 31, 18, 0)
    assert settings.max_requests == 12


# The form's page, the service's page and REST, for each state


@pytest.fixture
def german(functional):
    configure_languages("de")
    transaction.commit()


def form_page(functional, form, language="de"):
    browser = browser_for(functional["app"])
    browser.addHeader("Accept-Language", language)
    browser.open(form.absolute_url())
    return browser


def service_page(functional, world, language="de"):
    browser = browser_for(functional["app"])
    browser.addHeader("Accept-Language", language)
    browser.open(world["liestal-service"].absolute_url())
    assert browser.headers["status"].startswith("200")
    return browser


def submit(functional, form, language="de"):
    client = RestClient(functional["app"])
    client.headers["Accept-Language"] = language
    return client.post(f"{form.absolute_url()}/@submit", valid())


def test_a_form_not_yet_open(german, functional, world, form):
    configure(form, open_from=later(10))
    date = availability.long_date(form.open_from, "de")
    page = form_page(functional, form)
    assert page.headers["status"].startswith("200")
    assert f"Dieses Formular ist ab {date} offen." in page.contents
    assert 'id="form-unavailable"' in page.contents
    assert "form.widgets.name" not in page.contents  # no fields
    assert f"Online ab {date}" in service_page(functional, world).contents
    status, body = submit(functional, form)
    assert status == 409
    assert f"Dieses Formular ist ab {date} offen." in body["message"]
    french = submit(functional, form, "fr")[1]["message"]
    assert f"Ce formulaire ouvre le {availability.long_date(form.open_from, 'fr')}" in french
    assert inbox(world) == []
    # once the opening date has passed, the same form takes the request
    configure(form, open_from=later(-1))
    assert "Online ab" not in service_page(functional, world).contents
    assert "form.widgets.name" in form_page(functional, form).contents
    assert submit(functional, form)[0] == 201
    assert len(inbox(world)) == 1


def test_a_closed_form(german, functional, world, form):
    configure(form, open_until=later(-1))
    page = form_page(functional, form)
    assert page.headers["status"].startswith("200")
    assert "Dieses Formular ist seit " in page.contents
    assert "Es nimmt keine Anliegen mehr an." in page.contents
    assert "form.widgets.name" not in page.contents
    assert "Anmeldeschluss vorbei" in service_page(functional, world).contents
    assert (
        "Termine d&#x27;iscrizione scaduto" in service_page(functional, world, "it").contents
        or "Termine d'iscrizione scaduto" in service_page(functional, world, "it").contents
    )
    status, body = submit(functional, form)
    assert (status, inbox(world)) == (409, [])
    assert "Dieses Formular ist seit " in body["message"]
    configure(form, open_until=later(1))  # extended: open again
    assert "Anmeldeschluss vorbei" not in service_page(functional, world).contents
    assert submit(functional, form)[0] == 201


def test_a_post_to_a_closed_form_is_refused_and_stores_nothing(german, functional, world, form):
    browser = form_page(functional, form)  # open: the citizen fills it in
    for name, value in valid().items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    configure(form, open_until=later(-1))  # meanwhile the form closed
    browser.getControl(name="form.buttons.submit").click()
    assert browser.headers["status"].startswith("409")
    assert "Es nimmt keine Anliegen mehr an." in browser.contents
    assert inbox(world) == []


def test_a_full_form(german, functional, world, form):
    configure(form, max_requests=2)
    assert submit(functional, form)[0] == 201
    assert "Ausgebucht" not in service_page(functional, world).contents
    assert "form.widgets.name" in form_page(functional, form).contents
    client = RestClient(functional["app"])
    status, _body = client.post(f"{form.absolute_url()}/@submit", valid(name="Beat Beispiel"))
    assert status == 201  # the last place
    page = form_page(functional, form)
    assert "Dieses Formular ist ausgebucht: Alle Plätze sind vergeben." in page.contents
    assert "form.widgets.name" not in page.contents
    assert "Ausgebucht" in service_page(functional, world).contents
    status, body = client.post(f"{form.absolute_url()}/@submit", valid(name="Cora Test"))
    assert status == 409
    assert "ausgebucht" in body["message"]
    assert len(inbox(world)) == 2
    # a program retrying a request that got a place gets that request, not "full"
    assert submit(functional, form)[0] == 200
    configure(form, max_requests=3)  # one more place
    assert client.post(f"{form.absolute_url()}/@submit", valid(name="Cora Test"))[0] == 201


def test_an_editor_still_sees_a_form_not_yet_open(german, functional, form):
    configure(form, open_from=later(10))
    browser = browser_for(functional["app"], "admin")
    browser.open(form.absolute_url())
    assert "form.widgets.name" in browser.contents


def test_delivery_checks_the_cap_in_its_turn(functional, world, form):
    """Whatever the page or @submit checked before, ``deliver`` refuses in its turn."""
    configure(form, max_requests=1)
    request = functional["request"]
    deliver(form, valid(), request)
    transaction.commit()
    with pytest.raises(DeliveryError) as refused:
        deliver(form, valid(name="Beat Beispiel"), request)
    assert refused.value.args[0] == "form_full"
    transaction.abort()
    assert availability.request_count(form) == 1


def test_a_form_without_a_cap_keeps_no_count(functional, world, form):
    """No counter is written where nothing is capped: simultaneous requests of a form must not
    conflict on it (where the turn to store is not shared by the instances)."""
    from zope.annotation.interfaces import IAnnotations

    deliver(form, valid(), functional["request"])
    transaction.commit()
    assert availability.KEY not in IAnnotations(form)
    configure(form, max_requests=5)  # a cap set later counts from then on
    deliver(form, valid(name="Beat Beispiel"), functional["request"])
    transaction.commit()
    assert availability.request_count(form) == 1


# At the cap, simultaneous submissions to a real WSGI server


class TestSimultaneousSubmissionsAtTheCap:
    def test_exactly_the_cap_is_stored(self, acceptance):
        from tests.helpers import build_world

        portal = acceptance["portal"]
        world = build_world(portal)
        form = make_request_form(world, max_requests=3)
        transaction.commit()
        url = form.absolute_url().replace(
            portal.aq_parent.absolute_url(), f"http://localhost:{acceptance['port']}"
        )
        start = threading.Barrier(8)
        answers = {}

        def citizen(n: int) -> None:
            body = json.dumps(valid(name=f"Person {n}", email=f"p{n}@example.ch")).encode()
            request = urllib.request.Request(
                f"{url}/@submit",
                data=body,
                method="POST",
                headers={"Accept": "application/json", "Content-Type": "application/json"},
            )
            start.wait(10)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answers[n] = (response.status, json.loads(response.read()))
            except HTTPError as error:
                answers[n] = (error.code, json.loads(error.read()))

        threads = [threading.Thread(target=citizen, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        statuses = sorted(status for status, _body in answers.values())
        assert statuses == [201] * 3 + [409] * 5, answers
        refused = [body for status, body in answers.values() if status == 409]
        assert all("fully booked" in body["message"] for body in refused)
        transaction.begin()
        assert len(inbox(world)) == 3
        assert availability.request_count(form) == 3


def test_without_the_turn_two_requests_counting_at_once_conflict():
    """The counter's guarantee when no turn is had: two transactions that count from the same
    number conflict (the retried one then counts from the other's and finds the form full)."""
    import ZODB
    from ZODB.MappingStorage import MappingStorage
    from ZODB.POSException import ConflictError

    db = ZODB.DB(MappingStorage())
    with db.transaction() as connection:
        connection.root()["count"] = availability.RequestCount()
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    one.root()["count"].value += 1
    two.root()["count"].value += 1
    first.commit()
    with pytest.raises(ConflictError):
        second.commit()
    second.abort()
    with db.transaction() as connection:
        assert connection.root()["count"].value == 1
    db.close()
