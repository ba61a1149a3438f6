"""Delivery to the office's specialist application: nothing is lost, nothing arrives twice."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction
from plone import api

from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from tests.outbox.receiver import Receiver
from tests.submissions.helpers import make_submission


def later(minutes: float) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def submit(form, request, count: int = 1) -> list:
    made = [make_submission(form, request, name=f"Person {n}") for n in range(count)]
    transaction.commit()
    return made


def test_job_is_stored_with_the_submission(connected, form, request_):
    [submission] = submit(form, request_)
    job = job_of(submission)
    assert job.state == PENDING
    assert job.url == connected.url
    assert len(job.key) == 32
    catalog = api.portal.get_tool("portal_catalog")
    assert [b.getPath() for b in catalog.unrestrictedSearchResults(delivery_state=PENDING)] == [
        "/".join(submission.getPhysicalPath())
    ]


def test_no_job_when_the_office_has_no_application(world, form, request_):
    [submission] = submit(form, request_)
    assert job_of(submission) is None


def test_refused_first_then_accepted_arrives_exactly_once(connected, form, request_):
    connected.refuse = 4
    connected.start()
    submissions = submit(form, request_, 3)
    moment = datetime.now(UTC)
    for _round in range(6):
        run_once(now=moment)
        moment += timedelta(hours=1)  # past any backoff
    assert connected.refused == 4
    assert sorted(connected.accepted) == sorted(job_of(s).key for s in submissions)
    assert connected.repeats == []
    assert connected.references() == sorted(s.reference for s in submissions)
    for submission in submissions:
        job = job_of(submission)
        assert job.state == DELIVERED
        assert job.attempts[-1]["status"] == 202
    statuses = sorted(a["status"] for s in submissions for a in job_of(s).attempts)
    assert statuses.count(503) == 4


def test_backoff_waits_before_the_next_try(connected, form, request_):
    connected.refuse = 100
    connected.start()
    [submission] = submit(form, request_)
    start = datetime.now(UTC)
    run_once(now=start)
    job = job_of(submission)
    assert len(job.attempts) == 1
    assert job.next_try == start + timedelta(seconds=30)
    run_once(now=start + timedelta(seconds=10))  # not due yet
    assert len(job_of(submission).attempts) == 1
    run_once(now=start + timedelta(seconds=31))
    job = job_of(submission)
    assert len(job.attempts) == 2
    assert job.next_try == start + timedelta(seconds=31) + timedelta(seconds=60)


def test_receiver_down_while_50_requests_are_made_then_all_arrive(connected, form, request_):
    submissions = submit(form, request_, 50)  # the receiver is not running
    first = run_once(now=datetime.now(UTC), limit=100)
    assert first.retried == 50 and first.delivered == 0
    assert all(job_of(s).state == PENDING for s in submissions)
    assert all(job_of(s).attempts[0]["status"] is None for s in submissions)
    connected.start()
    second = run_once(now=later(5), limit=100)
    assert second.delivered == 50
    assert len(connected.accepted) == 50
    assert connected.references() == sorted(s.reference for s in submissions)
    assert run_once(now=later(120), limit=100).delivered == 0  # nothing left, nothing twice
    assert connected.repeats == []


def test_a_job_that_keeps_failing_is_flagged(connected, form, request_):
    api.portal.set_registry_record("digitalgemeinde.delivery_max_attempts", 3)
    transaction.commit()
    connected.refuse = 100
    connected.start()
    [submission] = submit(form, request_)
    moment = datetime.now(UTC)
    for _round in range(5):
        run_once(now=moment)
        moment += timedelta(hours=2)
    job = job_of(submission)
    assert job.state == FAILED
    assert len(job.attempts) == 3
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog.unrestrictedSearchResults(delivery_state=FAILED)) == 1


def test_gives_up_after_the_configured_hours(connected, form, request_):
    [submission] = submit(form, request_)  # receiver down
    run_once(now=later(0))
    run_once(now=later(73 * 60))
    assert job_of(submission).state == FAILED


def test_receiver_rejects_a_wrong_signature(world, connected, form, request_):
    impostor = Receiver("another-secret-that-is-long-enough-000000", port=connected.port)
    impostor.start()
    try:
        [submission] = submit(form, request_)
        run_once(now=later(0))
        assert impostor.bad_signatures == 1
        assert impostor.accepted == {}
        assert job_of(submission).attempts[0]["status"] == 401
        assert job_of(submission).state == PENDING
    finally:
        impostor.stop()


def test_xml_envelope_carries_the_service_identifier(world, connected, form, request_):
    world["liestal-office"].interface_format = "xml"
    world["liestal-service"].ech0070_id = "00401.01"
    transaction.commit()
    connected.start()
    [submission] = submit(form, request_)
    run_once(now=later(0))
    [body] = connected.accepted.values()
    assert connected.content_types == ["application/xml; charset=utf-8"]
    assert b"<ech0070ServiceId>00401.01</ech0070ServiceId>" in body
    assert submission.reference.encode() in body
    assert b'label="Name des Hundes">Bello</value>' in body


def test_forwarded_before_delivery_goes_to_the_new_office(world, connected, form, request_):
    from digitalgemeinde.submissions.forwarding import forward
    from tests.submissions.helpers import add_office

    other = add_office(world["liestal"], "bau", "Bauverwaltung", "bau-clerk")
    [submission] = submit(form, request_)
    moved = forward(submission, other, "Falsches Amt")
    transaction.commit()
    assert job_of(moved) is None  # the Bauverwaltung has no specialist application
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog.unrestrictedSearchResults(delivery_state=PENDING)) == 0


def test_clerk_sees_the_delivery_log_and_the_inbox_flags_a_failure(
    functional, world, connected, form, request_
):
    from tests.helpers import browser_for

    api.portal.set_registry_record("digitalgemeinde.delivery_max_attempts", 2)
    transaction.commit()
    [submission] = submit(form, request_)
    run_once(now=later(0))
    browser = browser_for(functional["app"], "liestal-clerk")
    browser.open(submission.absolute_url())
    assert 'id="delivery"' in browser.contents
    assert "Connection refused" in browser.contents
    browser.open(f"{world['liestal-office'].absolute_url()}/@@inbox")
    assert "inbox-undelivered" not in browser.contents
    run_once(now=later(60))
    browser.open(f"{world['liestal-office'].absolute_url()}/@@inbox")
    assert "inbox-undelivered" in browser.contents
    anonymous = browser_for(functional["app"])
    anonymous.open(f"{world['liestal-office'].absolute_url()}/@@inbox")
    assert "inbox-undelivered" not in anonymous.contents


def test_the_server_workers_round_delivers_from_its_own_connection(
    functional, connected, form, request_
):
    """What the worker thread of make start does every few seconds: its own connection, every
    Plone site of the database, as the system user."""
    from digitalgemeinde.outbox.worker import run_database

    connected.start()
    [submission] = submit(form, request_)
    run_database(functional["app"]._p_jar.db())
    assert len(connected.accepted) == 1
    transaction.begin()
    assert job_of(submission).state == DELIVERED
