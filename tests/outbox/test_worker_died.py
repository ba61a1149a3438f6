"""A worker that dies while it delivers (killed, the machine gone): the job it leased is not
lost. Its lease runs out and the next worker sends it again, with the same idempotency key, so
the application gets the request at least once and can tell a repeat."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction

from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox import setting
from digitalgemeinde.outbox import signed_headers
from digitalgemeinde.outbox.payload import build
from digitalgemeinde.outbox.worker import lease
from digitalgemeinde.outbox.worker import run_once
from digitalgemeinde.outbox.worker import send
from tests.outbox.conftest import SECRET
from tests.outbox.test_worker import submit


def path_of(submission) -> str:
    return "/".join(submission.getPhysicalPath())


def lease_length() -> timedelta:
    return timedelta(seconds=setting("delivery_timeout_seconds") + 60)


def test_a_job_leased_by_a_dead_worker_is_sent_again_after_its_lease(connected, form, request_):
    connected.start()
    [submission] = submit(form, request_)
    start = datetime.now(UTC)
    leased, job = lease(path_of(submission), start)  # the worker dies right after its lease
    assert leased is not None
    transaction.abort()  # nothing of the dead worker's transaction survives but its lease

    during = run_once(now=start + timedelta(seconds=30))  # another worker, while it is leased
    assert (during.delivered, during.skipped) == (0, 1)
    assert connected.keys == []
    assert job_of(submission).state == PENDING

    after = run_once(now=start + lease_length() + timedelta(seconds=1))
    assert after.delivered == 1
    job = job_of(submission)
    assert job.state == DELIVERED
    assert connected.keys == [job.key]


def test_sent_by_a_worker_that_died_before_recording_it_arrives_again_with_its_key(
    connected, form, request_
):
    """The application got the delivery (and even answered), the worker died before its commit:
    the job is sent again, under the same key, and ends delivered."""
    connected.start()
    [submission] = submit(form, request_)
    start = datetime.now(UTC)
    leased, job = lease(path_of(submission), start)
    body, content_type = build(leased, job)
    status, _error = send(job.url, body, content_type, signed_headers(SECRET, body, job.key))
    assert status == 202
    transaction.abort()  # killed: the delivery is not recorded

    assert job_of(submission).state == PENDING
    assert run_once(now=start + lease_length() + timedelta(seconds=1)).delivered == 1
    job = job_of(submission)
    assert job.state == DELIVERED
    assert connected.keys == [job.key, job.key]  # at least once, one key
    assert connected.repeats == [job.key]
    assert len(connected.accepted) == 1
    assert [attempt["status"] for attempt in job.attempts] == [200]


def test_a_delivered_job_is_not_sent_again_when_its_lease_is_long_over(connected, form, request_):
    """The legitimate path next to it: a worker that lived to record its delivery is done;
    no later round sends it again."""
    connected.start()
    [submission] = submit(form, request_)
    start = datetime.now(UTC)
    assert run_once(now=start).delivered == 1
    assert run_once(now=start + lease_length() + timedelta(minutes=5)).delivered == 0
    assert connected.keys == [job_of(submission).key]
