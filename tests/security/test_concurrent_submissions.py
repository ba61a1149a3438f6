"""Security model (13): many citizens send the demo form "Hund anmelden" of Liestal at the same
moment to a real server (`make start`: waitress, FileStorage, mail into its Maildir): each
request is stored once, with a reference of its own, and mails once to the office and once to
its citizen, however often Zope retried a transaction after a ConflictError.

tests/submissions/test_concurrency.py proves the same for 20 citizens and checks each receipt page;
this module takes the number the issue asks for, within a bounded time (see CITIZENS)."""

import http.client
import os
import re
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest

from digitalgemeinde.demo.forms import demo_pdf
from tests.setup.test_make_start import serve
from tests.submissions.test_concurrency import OFFICE_EMAIL
from tests.submissions.test_concurrency import OFFICE_PATH
from tests.submissions.test_concurrency import form_fields
from tests.submissions.test_concurrency import log_of
from tests.submissions.test_concurrency import mails
from tests.submissions.test_concurrency import request
from tests.submissions.test_concurrency import rest
from tests.submissions.test_concurrency import submission_body

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test

# 200 as the issue asks; SECURITY_CITIZENS=50 for a quick run on a busy machine.
CITIZENS = int(os.environ.get("SECURITY_CITIZENS", "200"))
SECONDS = 240  # bound of the whole burst; the server handles about 4 a second on 2 cores
REFERENCE = re.compile(r"\b2829-\d{4}-\d{6}\b")


def post(server, path: str, body: bytes, content_type: str) -> tuple:
    """``(status, Location)`` of one POST; it may wait in the server's queue a while."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=SECONDS)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def stored(server) -> dict[str, str]:
    """Reference -> the submitter's address of every request in the office."""
    status, result = rest(
        server,
        "GET",
        f"{OFFICE_PATH}/@search?portal_type=Submission&b_size=10000"
        "&metadata_fields=submitter_email",
    )
    assert status == 200, result
    return {item["title"]: item["submitter_email"] for item in result["items"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve(tmp_path_factory, "concurrent")


@pytest.fixture(scope="module")
def burst(server):
    """CITIZENS anonymous POSTs of the form, released together; each one's answer."""
    before = stored(server)
    action, defaults, genders = form_fields(server)
    path = urlsplit(action).path
    bodies = [submission_body(n, defaults, genders, digits=3) for n in range(CITIZENS)]
    start = threading.Barrier(CITIZENS)
    answers = [None] * CITIZENS

    def send(number: int) -> None:
        body, content_type = bodies[number]
        start.wait(timeout=60)
        try:
            answers[number] = post(server, path, body, content_type)
        except OSError as error:
            answers[number] = (None, repr(error))

    started = time.monotonic()
    threads = [threading.Thread(target=send, args=(n,), daemon=True) for n in range(CITIZENS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, SECONDS - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    deadline = time.monotonic() + 20  # mail is written just after the commit
    while len(mails(server)) < 2 * CITIZENS and time.monotonic() < deadline:
        time.sleep(0.2)
    print(f"\n{CITIZENS} concurrent requests in {elapsed:.1f} s")
    return {"before": before, "answers": answers, "elapsed": elapsed}


def test_every_citizen_is_answered_with_their_status_page(server, burst):
    statuses = Counter(status for status, _location in burst["answers"])
    assert statuses == {303: CITIZENS}, (statuses, log_of(server)[-3000:])
    assert all("/@@anliegen/" in location for _status, location in burst["answers"])
    assert burst["elapsed"] < SECONDS


def test_each_request_is_stored_once_with_a_reference_of_its_own(server, burst):
    new = {ref: address for ref, address in stored(server).items() if ref not in burst["before"]}
    assert len(new) == CITIZENS
    per_citizen = Counter(new.values())
    expected = {f"citizen-{number:03d}@example.ch" for number in range(CITIZENS)}
    assert set(per_citizen) == expected
    assert set(per_citizen.values()) == {1}


def test_each_request_keeps_the_file_its_citizen_uploaded(server, burst):
    """Conflicts and retries lose no file (they did with blobs in a <blobstorage> wrapper)."""
    new = {ref: address for ref, address in stored(server).items() if ref not in burst["before"]}
    for reference, address in new.items():
        number = int(address[len("citizen-") : -len("@example.ch")])
        url = f"{OFFICE_PATH}/{reference}/@@file/versicherungsnachweis"
        status, _headers, data = request(server, "GET", url, admin=True)
        assert (status, data) == (200, demo_pdf(f"Police {number:03d}")), reference


def test_each_request_mails_once_to_the_office_and_once_to_its_citizen(server, burst):
    new = {ref: address for ref, address in stored(server).items() if ref not in burst["before"]}
    messages = mails(server)
    notices = [m for m in messages if m["To"] == OFFICE_EMAIL]
    noticed = Counter(REFERENCE.search(str(m["Subject"])).group() for m in notices)
    assert noticed == Counter(set(new)), "one notice per request"
    receipts = Counter(
        (str(m["To"]), REFERENCE.search(str(m["Subject"])).group())
        for m in messages
        if m["To"] != OFFICE_EMAIL
    )
    assert receipts == Counter({(address, ref): 1 for ref, address in new.items()})
    retries = log_of(server).count("ConflictError")
    print(f"\nConflictError lines in event.log: {retries}")
