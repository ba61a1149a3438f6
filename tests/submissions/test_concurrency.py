"""Twenty citizens send the demo form "Hund anmelden" of Liestal at the same moment to a real
server (`make start`, waitress with 4 threads): every one gets a receipt, and the office gets
twenty requests with twenty different reference numbers, however often Zope retried a
transaction that ran into a ConflictError. A retried transaction mails only once: `make start`
writes the site's mail into the Maildir ``<INSTANCE_VAR>/mail``, where the test counts it.
"""

import base64
import email
import email.policy
import http.client
import json
import re
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest
from bench.conflicts_client import form_body

from tests.setup.test_make_start import PASSWORD
from tests.setup.test_make_start import serve

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test

CITIZENS = 20
FORM_PATH = "/Plone/liestal/formular-hund-anmelden"
OFFICE_PATH = "/Plone/liestal/einwohnerdienste"
OFFICE_EMAIL = "einwohnerdienste@liestal.example.ch"
REFERENCE = re.compile(r"\b2829-\d{4}-\d{6}\b")


def request(server, method, path, *, body=None, headers=None, admin=False):
    """``(status, headers, body)`` of one request to the server, within 60 s."""
    headers = dict(headers or {})
    if admin:
        token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def rest(server, method, path, data=None):
    body = json.dumps(data).encode() if data is not None else None
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    status, _headers, payload = request(
        server, method, path, body=body, headers=headers, admin=True
    )
    return status, (json.loads(payload) if payload else None)


def references_in_inbox(server) -> set[str]:
    status, result = rest(
        server,
        "GET",
        f"{OFFICE_PATH}/@search?portal_type=Submission&b_size=1000&metadata_fields=getId",
    )
    assert status == 200, result
    assert all(item["getId"] == item["title"] for item in result["items"])
    return {item["title"] for item in result["items"]}


def form_fields(server):
    """The form's action URL and its controls with their defaults (hidden token included)."""
    status, _headers, page = request(server, "GET", FORM_PATH)
    assert status == 200
    document = lxml.html.fromstring(page)
    form = document.get_element_by_id("form")  # the easyform (buttons are not in .inputs)
    values = dict(form.form_values())
    genders = {
        option.text.strip(): option.get("value")
        for option in form.inputs["form.widgets.geschlecht:list"].iter("option")
    }
    return form.action, values, genders


def submission_body(number: int, defaults: dict, genders: dict, digits: int = 2) -> tuple:
    """``(body, content type)`` of citizen ``number``'s POST of the form (named ``number``,
    ``digits`` wide), with the insurance certificate ``police-<n>.pdf``."""
    return form_body(number, f"{number:0{digits}d}", defaults, genders)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve(tmp_path_factory, "concurrency")


@pytest.fixture(scope="module")
def burst(server):
    """Twenty anonymous POSTs of the form, released together; what each one got back."""
    before = references_in_inbox(server)
    action, defaults, genders = form_fields(server)
    path = urlsplit(action).path
    start = threading.Barrier(CITIZENS)
    answers = [None] * CITIZENS

    def submit(number: int) -> None:
        body, content_type = submission_body(number, defaults, genders)
        start.wait(timeout=30)
        try:
            answers[number] = request(
                server, "POST", path, body=body, headers={"Content-Type": content_type}
            )
        except OSError as error:
            answers[number] = (None, {}, repr(error).encode())

    started = time.monotonic()
    threads = [threading.Thread(target=submit, args=(number,)) for number in range(CITIZENS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=75)
    elapsed = time.monotonic() - started
    # Mail is written after the commit, just after the answer: give the last ones a moment.
    deadline = time.monotonic() + 10
    while len(mails(server)) < 2 * CITIZENS and time.monotonic() < deadline:
        time.sleep(0.2)
    return {"before": before, "answers": answers, "elapsed": elapsed}


def mails(server) -> list:
    """The mails the site wrote into its development Maildir (``make start``'s MAIL_DIR)."""
    folder = server.var / "mail" / "new"
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in files
    ]


def log_of(server) -> str:
    path = server.var / "log" / "event.log"
    return path.read_text() if path.exists() else ""


def receipt_of(server, answer) -> str:
    """The reference number on the receipt page the answer redirects to."""
    status, headers, _page = answer
    assert status == 303, (status, log_of(server)[-5000:])
    location = urlsplit(headers["Location"])
    assert "/@@anliegen/" in location.path
    status, _headers, page = request(server, "GET", f"{location.path}?{location.query}")
    assert status == 200
    (reference,) = set(REFERENCE.findall(page.decode()))
    return reference


def test_every_citizen_gets_a_receipt_with_a_reference_of_their_own(server, burst):
    statuses = Counter(answer[0] for answer in burst["answers"])
    assert statuses == {303: CITIZENS}, (statuses, log_of(server)[-5000:])
    receipts = [receipt_of(server, answer) for answer in burst["answers"]]
    assert len(set(receipts)) == CITIZENS
    assert set(receipts) == references_in_inbox(server) - burst["before"]
    assert burst["elapsed"] < 60


def test_office_has_twenty_new_requests_with_distinct_references(server, burst):
    new = references_in_inbox(server) - burst["before"]
    assert len(new) == CITIZENS
    numbers = sorted(int(reference[-6:]) for reference in new)
    assert len(set(numbers)) == CITIZENS
    first = max((int(reference[-6:]) for reference in burst["before"]), default=0) + 1
    gaps = sorted(set(range(first, numbers[-1] + 1)) - set(numbers))
    retries = log_of(server).count("ConflictError")
    print(f"\n{CITIZENS} requests in {burst['elapsed']:.1f} s; numbers {numbers[0]}..{numbers[-1]}")
    print(f"gaps: {gaps or 'none'}; ConflictError lines in event.log: {retries}")


def test_each_request_mails_once_despite_retries(server, burst):
    new = references_in_inbox(server) - burst["before"]
    messages = mails(server)
    recipients = Counter(message["To"] for message in messages)
    assert recipients[OFFICE_EMAIL] == CITIZENS
    receipts = {
        message["To"]: REFERENCE.findall(message.get_body().get_content())
        for message in messages
        if message["To"] != OFFICE_EMAIL
    }
    assert len(receipts) == CITIZENS
    assert sum(recipients[address] for address in receipts) == CITIZENS  # one each
    assert {references[0] for references in receipts.values()} == new
