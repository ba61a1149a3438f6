"""Security model (15): a server killed (SIGKILL) while citizens submit leaves no partial
record. A real `make start` server on a FileStorage under tmp_path gets a burst of the demo form
"Hund anmelden" of Liestal and is killed once the first answers are out, with the rest being
handled or waiting; after a restart every request is there whole (values, file, delivery job,
counted in the inbox) or not at all, and no mail was written for one that is not there."""

import os
import signal
import threading
from collections import Counter
from urllib.parse import urlsplit

import pytest

from digitalgemeinde.demo.forms import demo_pdf
from tests.security.test_concurrent_submissions import post
from tests.setup.test_make_start import Server
from tests.setup.test_make_start import free_port
from tests.submissions.test_concurrency import OFFICE_EMAIL
from tests.submissions.test_concurrency import OFFICE_PATH
from tests.submissions.test_concurrency import REFERENCE
from tests.submissions.test_concurrency import form_fields
from tests.submissions.test_concurrency import mails
from tests.submissions.test_concurrency import request
from tests.submissions.test_concurrency import rest
from tests.submissions.test_concurrency import submission_body

pytestmark = pytest.mark.serial  # alone, after the parallel part of make test

CITIZENS = 24
KILL_AFTER = 4  # answers
APPLICATION = "https://fachapplikation.invalid/eingang"  # never reached: the worker is off


def records(server) -> dict[str, dict]:
    """Reference -> catalog facts of every request in the office."""
    fields = "&".join(
        f"metadata_fields={name}" for name in ("submitter_email", "review_state", "delivery_state")
    )
    status, result = rest(
        server, "GET", f"{OFFICE_PATH}/@search?portal_type=Submission&b_size=10000&{fields}"
    )
    assert status == 200, result
    return {item["title"]: item for item in result["items"]}


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    """The answers of the burst, and the restarted server."""
    var = tmp_path_factory.mktemp("killed") / "var"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKER", "0")  # jobs stay pending: they are part of what is checked
        first = Server(var, free_port()).__enter__()
        try:
            status, _ = rest(first, "PATCH", OFFICE_PATH, {"interface_url": APPLICATION})
            assert status == 204
            before = set(records(first))
            answers = burst(first)
        finally:
            os.killpg(first.process.pid, signal.SIGKILL)
            first.process.wait(timeout=30)
        answered = [number for number, answer in enumerate(answers) if answer[0] == 303]
        with Server(var, free_port()) as second:
            yield {"server": second, "before": before, "answers": answers, "answered": answered}


def burst(server) -> list:
    """CITIZENS POSTs released together; returns once KILL_AFTER of them are answered."""
    action, defaults, genders = form_fields(server)
    path, start = urlsplit(action).path, threading.Barrier(CITIZENS)
    answers = [(None, "")] * CITIZENS
    enough = threading.Event()

    def send(number: int) -> None:
        body, content_type = submission_body(number, defaults, genders, digits=3)
        start.wait(timeout=60)
        try:
            answers[number] = post(server, path, body, content_type)
        except OSError as error:  # the server was killed under this request
            answers[number] = (None, repr(error))
        if sum(answer[0] == 303 for answer in answers) >= KILL_AFTER:
            enough.set()

    for number in range(CITIZENS):
        threading.Thread(target=send, args=(number,), daemon=True).start()
    assert enough.wait(timeout=120), answers
    return list(answers)


def new_records(killed) -> dict[str, dict]:
    found = records(killed["server"]).items()
    return {reference: item for reference, item in found if reference not in killed["before"]}


def test_the_kill_hit_the_burst(killed):
    stored = len(new_records(killed))
    print(f"\n{len(killed['answered'])} answered, {stored} stored of {CITIZENS}")
    assert len(killed["answered"]) >= KILL_AFTER
    assert len(killed["answered"]) < CITIZENS  # some were cut off


def test_every_answered_request_survived_and_the_others_are_whole_or_absent(killed):
    server, new = killed["server"], new_records(killed)
    addresses = Counter(item["submitter_email"] for item in new.values())
    assert set(addresses.values()) <= {1}  # none twice
    for number in killed["answered"]:
        assert f"citizen-{number:03d}@example.ch" in addresses
    for reference, item in new.items():
        assert item["review_state"] == "submitted", item
        assert item["delivery_state"] == "pending", item  # its job came with it
        number = int(item["submitter_email"][len("citizen-") : -len("@example.ch")])
        status, _headers, page = request(server, "GET", f"{OFFICE_PATH}/{reference}", admin=True)
        assert status == 200 and f"Hund {number:03d}".encode() in page, reference
        status, _headers, data = request(
            server, "GET", f"{OFFICE_PATH}/{reference}/@@file/versicherungsnachweis", admin=True
        )
        assert (status, data) == (200, demo_pdf(f"Police {number:03d}")), reference


def test_the_inbox_counts_what_is_there(killed):
    status, inbox = rest(killed["server"], "GET", f"{OFFICE_PATH}/@inbox")
    assert status == 200
    assert sum(inbox["counts"].values()) == len(records(killed["server"])) == inbox["items_total"]


def test_no_mail_for_a_request_that_is_not_there(killed):
    new = new_records(killed)
    for message in mails(killed["server"]):
        (reference,) = set(REFERENCE.findall(str(message["Subject"])))
        assert reference in new, message["Subject"]
    written = Counter(str(message["To"]) for message in mails(killed["server"]))
    for number in killed["answered"]:
        assert written[f"citizen-{number:03d}@example.ch"] == 1
    assert written[OFFICE_EMAIL] >= len(killed["answered"])
