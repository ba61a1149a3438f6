"""«Erneut senden» in bulk in the inbox: of the chosen requests only those whose delivery failed
are sent again; the confirmation counts them and those that had not failed (page and REST)."""

import transaction

from digitalgemeinde import sitesetup
from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.outbox.test_resend import failed_requests
from tests.outbox.test_resend import later
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import make_submission


def states(submissions) -> list[str]:
    transaction.begin()
    return [job_of(submission).state for submission in submissions]


def test_bulk_resend_in_the_inbox_counts_the_sent_and_the_not_failed(
    app, world, connected, form, request_
):
    sitesetup.configure_languages("de")
    failed = failed_requests(form, request_, count=3)
    waiting = make_submission(form, request_, name="Wartende Person")
    transaction.commit()
    keys = [job_of(submission).key for submission in failed]
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"], "state=submitted"))
    assert browser.contents.count("inbox-undelivered") >= 3
    control = browser.getControl(name="uids:list")
    control.value = [submission.UID() for submission in [*failed, waiting]]
    buttons = [
        c
        for c in browser.getForm(id="inbox-bulk").controls
        if getattr(c, "name", "") == "action" and c.value == "resend"
    ]
    assert "Fehlgeschlagene erneut senden" in browser.contents
    buttons[0].click()
    assert "3 Anliegen werden erneut an die Fachapplikation gesendet." in browser.contents
    assert (
        "1 gewählte Anliegen hatten keine fehlgeschlagene Übermittlung: nicht erneut gesendet."
        in browser.contents
    )
    assert "state=submitted" in browser.url  # back to the same filter
    assert states(failed) == [PENDING] * 3
    assert [job_of(submission).key for submission in failed] == keys
    assert [entry["action"] for entry in waiting.log] == ["submitted"]
    connected.start()
    assert run_once(now=later(1), limit=100).delivered == 4
    assert sorted(connected.accepted) == sorted([*keys, job_of(waiting).key])
    assert states(failed) == [DELIVERED] * 3


def test_bulk_resend_over_rest_names_those_not_failed(app, world, connected, form, request_):
    failed = failed_requests(form, request_, count=2)
    waiting = make_submission(form, request_, name="Wartende Person")
    transaction.commit()
    uids = [submission.UID() for submission in [*failed, waiting]]
    status, body = RestClient(app, "liestal-clerk").post(
        world["liestal-office"].absolute_url() + "/@inbox-bulk",
        {"action": "resend", "uids": uids},
    )
    assert status == 200, body
    assert body["action"] == "resend"
    assert sorted(body["done"]) == sorted(submission.reference for submission in failed)
    assert body["refused"] == [
        {
            "reference": waiting.reference,
            "message": f"The delivery of {waiting.reference} has not failed: it is not sent again.",
        }
    ]
    assert body["messages"][:2] == [
        "2 requests will be sent to the specialist application again.",
        "1 chosen requests had no failed delivery: not sent again.",
    ]
    assert states(failed) == [PENDING, PENDING]


def test_bulk_resend_of_another_office_touches_nothing(app, world, connected, form, request_, bau):
    failed = failed_requests(form, request_, count=1)
    status, body = RestClient(app, "liestal-bau-clerk").post(
        bau.absolute_url() + "/@inbox-bulk",
        {"action": "resend", "uids": [failed[0].UID()]},
    )
    assert status == 200, body
    assert body["done"] == [] and body["not_found"] == [failed[0].UID()]
    status, body = RestClient(app, "liestal-bau-clerk").post(
        world["liestal-office"].absolute_url() + "/@inbox-bulk",
        {"action": "resend", "uids": [failed[0].UID()]},
    )
    assert status in (401, 403)
    assert states(failed) == [FAILED]


def test_bulk_without_a_choice_is_refused(app, world, connected):
    status, body = RestClient(app, "liestal-clerk").post(
        world["liestal-office"].absolute_url() + "/@inbox-bulk", {"action": "resend", "uids": []}
    )
    assert status == 400
    assert body["errors"][0]["field"] == "uids"
    status, body = RestClient(app, "liestal-clerk").post(
        world["liestal-office"].absolute_url() + "/@inbox-bulk", {"action": "send", "uids": ["x"]}
    )
    assert status == 400
    assert body["message"] == "The action is assign, accept or resend."
