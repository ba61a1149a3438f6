"""Issue 17, faults: PostgreSQL restarted while citizens submit, and the outbox worker killed
while it delivers (`make cluster`: Varnish → HAProxy → two Zope instances on RelStorage, the
worker a process of its own).

- PostgreSQL stopped for a few seconds in the middle of 30 submissions, several at a time:
  each citizen gets a receipt or a clear 503 in their language (never a traceback); nothing is
  half stored (each request has one office mail, one receipt, one delivery job, and no mail
  goes out for a request that does not exist); after the restart both instances take
  submissions again.
- The worker SIGKILLed while a slow specialist application holds a delivery unanswered: the
  worker is started again; every request arrives at least once, all deliveries of one request
  under one idempotency key, and each job ends delivered.

Runs before test_load.py (modules run in name order) and leaves the cluster as it found it:
PostgreSQL, the worker and both instances running, its mail set aside."""

import os
import signal
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.cluster.conftest import Endpoint
from tests.cluster.test_load import SECRET
from tests.cluster.test_load import stored
from tests.cluster.test_load import submit_all
from tests.operation.test_outage import MESSAGES
from tests.operation.test_outage import shows_internals
from tests.outbox.receiver import Receiver
from tests.submissions.test_concurrency import OFFICE_EMAIL
from tests.submissions.test_concurrency import OFFICE_PATH
from tests.submissions.test_concurrency import REFERENCE
from tests.submissions.test_concurrency import form_fields
from tests.submissions.test_concurrency import mails
from tests.submissions.test_concurrency import request
from tests.submissions.test_concurrency import rest
from tests.submissions.test_concurrency import submission_body

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test

FIRST = 2000  # citizens 2000-2029 (none of test_load's or the failover's)
CITIZENS = 30
AT_ONCE = 5
SPACING = 0.6  # seconds between two citizens' starts: the burst spans the outage
STOP_AT = 3  # seconds into the burst
DOWN_SECONDS = 8  # longer than HAProxy's three failed checks: it takes both instances out
LANGUAGES = ("de", "fr", "it")
WORKER_FIRST = 2100  # citizens 2100-2104
WORKER_CITIZENS = 5
HOLD = 4  # seconds the slow application keeps each delivery unanswered


def language_of(number: int) -> str:
    return LANGUAGES[number % len(LANGUAGES)]


def wait_until(condition, seconds: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


@pytest.fixture(scope="module", autouse=True)
def set_aside(cluster, public):
    """Afterwards, this module's mail goes from the Maildir's ``new`` to ``faults``, and
    HAProxy's log so far to ``haproxy-faults.log`` (both kept for a look): later modules take
    the mail in ``new`` and the lines of HAProxy's log for theirs (the 503s of the outage)."""
    new = public.var / "mail" / "new"
    before = set(new.iterdir()) if new.is_dir() else set()
    yield
    aside = public.var / "mail" / "faults"
    aside.mkdir(exist_ok=True)
    for path in set(new.iterdir()) - before if new.is_dir() else ():
        path.rename(aside / path.name)
    log = cluster.logs / "haproxy.log"
    if log.exists():  # HAProxy appends to it (O_APPEND): emptied, it writes from the start
        (cluster.logs / "haproxy-faults.log").write_bytes(log.read_bytes())
        os.truncate(log, 0)


@pytest.fixture(scope="module")
def application(cluster, public):
    """Liestal's Einwohnerdienste deliver to a specialist application on loopback (made slow
    for the worker's test)."""
    receiver = Receiver(SECRET).start()
    allowed = {"digitalgemeinde.outgoing_allowed_hosts": [f"127.0.0.1:{receiver.port}"]}
    assert rest(public, "PATCH", "/Plone/@registry", allowed)[0] in (200, 204)
    office = {"interface_url": receiver.url, "interface_format": "json"}
    status, _ = rest(public, "PATCH", OFFICE_PATH, {**office, "interface_secret": SECRET})
    assert status == 204
    yield receiver
    receiver.stop()


def submit_through_an_outage(public, cluster, numbers) -> tuple[dict, list]:
    """POSTs of the form, one every SPACING seconds and up to AT_ONCE at a time, while
    PostgreSQL is stopped from STOP_AT for DOWN_SECONDS; ``{number: (status, headers, body)}``
    (header names in lower case) and what happened when."""
    import pg_cluster

    action, defaults, genders = form_fields(public)  # read while the database is there
    path = urlsplit(action).path
    bodies = {n: submission_body(n, defaults, genders, digits=3) for n in numbers}
    pending, answers, events = list(enumerate(numbers)), {}, []
    lock = threading.Lock()
    start = time.monotonic()

    def citizen() -> None:
        while True:
            with lock:
                if not pending:
                    return
                index, number = pending.pop(0)
            time.sleep(max(0, start + index * SPACING - time.monotonic()))
            body, content_type = bodies[number]
            headers = {"Content-Type": content_type, "Accept-Language": language_of(number)}
            try:
                status, got, page = request(public, "POST", path, body=body, headers=headers)
                answer = (status, {name.lower(): value for name, value in got.items()}, page)
            except OSError as error:
                answer = (None, {}, repr(error).encode())
            with lock:
                answers[number] = answer

    def restart() -> None:
        time.sleep(STOP_AT)
        pg_cluster.stop(cluster.pgdata, "fast")
        events.append(("stopped", round(time.monotonic() - start, 1), len(answers)))
        time.sleep(DOWN_SECONDS)
        pg_cluster.start(cluster.pgdata)
        events.append(("started", round(time.monotonic() - start, 1), len(answers)))

    threads = [threading.Thread(target=citizen, daemon=True) for _ in range(AT_ONCE)]
    threads.append(threading.Thread(target=restart, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return answers, events


@pytest.fixture(scope="module")
def outage(cluster, public, application):
    before = stored(public)
    answers, events = submit_through_an_outage(public, cluster, range(FIRST, FIRST + CITIZENS))
    new = {ref: address for ref, address in stored(public).items() if ref not in before}
    wait_until(lambda: len(office_mails(public, new)) >= len(new), 30, 0.2)
    statuses = Counter(answer[0] for answer in answers.values())
    print(f"\nPostgreSQL restarted during {CITIZENS} submissions: {events}; answers {statuses}")
    return {"answers": answers, "new": new, "events": events}


def office_mails(endpoint, new) -> list:
    return [m for m in mails(endpoint) if m["To"] == OFFICE_EMAIL and references(m) & set(new)]


def references(message) -> set[str]:
    return set(REFERENCE.findall(str(message["Subject"])))


def number_of(address: str) -> int | None:
    name = address.removeprefix("citizen-").removesuffix("@example.ch")
    return int(name) if name.isdigit() else None


def test_the_database_was_down_while_citizens_submitted(outage):
    (stopped, _at, answered), (started, _at2, _answered2) = outage["events"]
    assert (stopped, started) == ("stopped", "started")
    assert answered < CITIZENS  # stopped in the middle
    assert len(outage["answers"]) == CITIZENS
    assert any(answer[0] == 503 for answer in outage["answers"].values()), "some hit the outage"
    assert any(answer[0] == 303 for answer in outage["answers"].values())


def test_every_citizen_got_a_receipt_or_a_clear_answer_in_their_language(outage):
    for number, (status, headers, body) in outage["answers"].items():
        if status == 303:
            assert "/@@anliegen/" in headers["location"], number
            continue
        page = body.decode()
        assert status == 503, (number, status, page[:500])
        title, not_saved, advice = MESSAGES[language_of(number)]
        assert title in page and not_saved in page and advice in page, (number, page[:500])
        assert not shows_internals(page), (number, page)
        assert headers["cache-control"] == "no-store"


def test_nothing_is_half_stored(public, outage):
    """The requests behind the receipts exist, those the citizens were told are not saved do
    not; each stored request mailed once to the office and once to its citizen, and no mail
    went out for a request that does not exist."""
    new = outage["new"]
    assert all(REFERENCE.fullmatch(reference) for reference in new)
    by_citizen = Counter(number_of(address) for address in new.values())
    assert set(by_citizen.values()) == {1}, "no request stored twice"
    received = {n for n, answer in outage["answers"].items() if answer[0] == 303}
    assert set(by_citizen) == received
    mine = [m for m in mails(public) if number_of(str(m["To"])) in outage["answers"]]
    receipts = Counter((str(m["To"]), ref) for m in mine for ref in references(m))
    assert receipts == Counter({(address, ref): 1 for ref, address in new.items()})
    notices = Counter(ref for m in office_mails(public, new) for ref in references(m))
    assert notices == Counter(set(new))


def test_each_stored_request_has_one_delivery_job_which_is_delivered(public, application, outage):
    """At least once, under one key: a delivery the worker sent just before the database went
    away is recorded when it sends it again after its lease (about 70 s), with the same key."""
    new = outage["new"]

    def all_delivered() -> bool:
        return all(delivery_of(public, reference)["state"] == "delivered" for reference in new)

    assert wait_until(all_delivered, 240, step=2), {ref: delivery_of(public, ref) for ref in new}
    per_reference = Counter(application.references())  # one entry per key the application got
    for reference in new:
        job = delivery_of(public, reference)
        assert per_reference[reference] == 1, (reference, job)
        assert job["idempotency_key"] in application.accepted


def delivery_of(endpoint, reference: str) -> dict:
    """The request's delivery as the REST API shows it to the office (state, key, attempts)."""
    status, found = rest(
        endpoint, "GET", f"{OFFICE_PATH}/@search?portal_type=Submission&b_size=10000"
    )
    assert status == 200, found
    (url,) = [item["@id"] for item in found["items"] if item["title"] == reference]
    status, submission = rest(endpoint, "GET", urlsplit(url).path)
    assert status == 200, submission
    return submission["delivery"]


def test_after_the_restart_both_instances_take_submissions(cluster, haproxy, public, outage):
    """Straight to each instance (its first requests after the restart) and through Varnish."""
    for offset, instance in enumerate(cluster.instances):
        direct = Endpoint(cluster.port_of(instance), cluster.root)
        answers, _elapsed = submit_all(direct, [FIRST + CITIZENS + offset])
        assert [answer[0] for answer in answers.values()] == [303], (instance, answers)
    assert wait_until(lambda: {row["status"] for row in haproxy(cluster).values()} == {"UP"}, 30), (
        haproxy(cluster)
    )
    answers, _elapsed = submit_all(public, range(FIRST + CITIZENS + 2, FIRST + CITIZENS + 6))
    assert Counter(answer[0] for answer in answers.values()) == {303: 4}


# --- the worker killed while it delivers ----------------------------------------------------


@pytest.fixture(scope="module")
def killed_worker(cluster, public, application, outage):
    """Requests for a slow application; the worker SIGKILLed while it holds one unanswered,
    then started again as ``make cluster`` starts it."""
    from cluster import is_alive
    from cluster import pid_of
    from cluster import start_worker

    application.hold = HOLD
    before = stored(public)
    answers, _elapsed = submit_all(public, range(WORKER_FIRST, WORKER_FIRST + WORKER_CITIZENS))
    assert Counter(answer[0] for answer in answers.values()) == {303: WORKER_CITIZENS}
    new = {ref: address for ref, address in stored(public).items() if ref not in before}
    keys = {delivery_of(public, reference)["idempotency_key"] for reference in new}

    def one_of_them_in_flight() -> bool:  # the worker sends one at a time
        return application.in_flight > 0 and application.keys[-1] in keys

    assert wait_until(one_of_them_in_flight, 120, 0.05), "a delivery in flight"
    victim = pid_of(cluster, "worker")
    in_flight = application.keys[-1]
    os.killpg(victim, signal.SIGKILL)
    assert wait_until(lambda: not is_alive(victim), 10, 0.1)
    killed_at = time.monotonic()
    start_worker(cluster)
    assert wait_until(lambda: set(application.references()) >= set(new), 60)
    # the job leased by the dead worker is due again once its lease is over (timeout + 60 s)
    delivered = wait_until(lambda: all_delivered(public, new), 180, 2)
    print(
        f"\nWorker killed with {in_flight} in flight; all delivered: {delivered} after "
        f"{time.monotonic() - killed_at:.0f} s"
    )
    application.hold = 0
    return {"new": new, "in_flight": in_flight, "victim": victim, "delivered": delivered}


def all_delivered(endpoint, new) -> bool:
    return all(delivery_of(endpoint, reference)["state"] == "delivered" for reference in new)


def test_the_worker_was_killed_mid_delivery_and_runs_again(cluster, killed_worker):
    from cluster import alive
    from cluster import is_alive
    from cluster import pid_of

    assert not is_alive(killed_worker["victim"])
    assert alive(cluster, "worker")
    assert pid_of(cluster, "worker") != killed_worker["victim"]


def test_every_request_arrives_at_least_once_under_one_key(public, application, killed_worker):
    new = killed_worker["new"]
    assert killed_worker["delivered"], "every job ends delivered"
    keys = {delivery_of(public, reference)["idempotency_key"] for reference in new}
    assert killed_worker["in_flight"] in keys  # the worker died delivering one of these
    for reference in new:
        job = delivery_of(public, reference)
        assert job["state"] == "delivered"
        key = job["idempotency_key"]
        assert application.keys.count(key) >= 1
        assert application.references().count(reference) == 1
        assert reference in application.accepted[key].decode()
    # the delivery in flight when the worker died came again, under its key (others may come
    # twice too: a worker whose record of a delivery conflicted sends it again, same key)
    assert application.keys.count(killed_worker["in_flight"]) == 2
    assert killed_worker["in_flight"] in application.repeats
    assert set(application.repeats) <= set(application.accepted)
    assert application.bad_signatures == 0
