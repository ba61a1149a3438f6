"""«Erneut senden»: a delivery that failed for good is sent again by the office's staff or the
tenant's admins, on the request's page or over REST, with the same idempotency key; the
worker then delivers it to the real receiving server on loopback. Nobody else can, and a
delivery that has not failed is refused with a clear message."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import transaction
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from digitalgemeinde.submissions.access_log import FORWARD
from digitalgemeinde.submissions.access_log import entries
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.submissions.helpers import denied
from tests.submissions.helpers import make_submission


def later(minutes: float) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def failed_requests(form, request, count: int = 1, attempts: int = 1) -> list:
    """``count`` requests whose delivery failed for good (the receiver is down), committed."""
    api.portal.set_registry_record("digitalgemeinde.delivery_max_attempts", attempts)
    made = [make_submission(form, request, name=f"Person {n}") for n in range(count)]
    transaction.commit()
    for minutes in range(attempts):
        run_once(now=later(minutes * 120), limit=100)
    transaction.begin()
    assert all(job_of(submission).state == FAILED for submission in made)
    return made


@pytest.fixture
def failed(connected, form, request_):
    [submission] = failed_requests(form, request_)
    return submission


def state_of(submission) -> str:
    transaction.begin()
    return job_of(submission).state


def test_clerk_sends_it_again_and_the_worker_delivers_it_with_the_same_key(
    app, world, connected, failed
):
    sitesetup.configure_languages("de")
    transaction.commit()
    key = job_of(failed).key
    browser = browser_for(app, "liestal-clerk")
    browser.open(failed.absolute_url())
    assert "nicht übermittelt" in browser.contents
    form = browser.getForm(id="delivery-resend")
    assert "Erneut senden" in browser.contents
    form.submit()
    assert browser.url.startswith(failed.absolute_url())
    assert (
        f"{failed.reference} wird erneut an die Fachapplikation gesendet, mit demselben "
        "Idempotenzschlüssel." in browser.contents
    )
    assert "Erneut an die Fachapplikation gesendet" in browser.contents  # the case log
    assert 'id="delivery-resend"' not in browser.contents  # pending now: no button
    transaction.begin()
    job = job_of(failed)
    assert (job.state, job.key) == (PENDING, key)
    assert failed.log[-1]["action"] == "resend"
    assert failed.log[-1]["actor"] == "liestal-clerk"
    logged = entries(world["liestal"], request_uid=failed.UID())
    assert (FORWARD, "liestal-clerk") in {(entry["action"], entry["actor"]) for entry in logged}
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog.unrestrictedSearchResults(delivery_state=FAILED)) == 0
    connected.start()
    assert run_once(now=later(1)).delivered == 1
    assert list(connected.accepted) == [key]
    assert connected.references() == [failed.reference]
    assert state_of(failed) == DELIVERED


def test_attempts_are_counted_anew_after_a_resend(app, connected, form, request_):
    [submission] = failed_requests(form, request_, attempts=2)
    status, body = RestClient(app, "liestal-clerk").post(
        submission.absolute_url() + "/@delivery-resend", {}
    )
    assert status == 200, body
    run_once(now=later(600))  # the receiver is still down: one more try, not given up
    transaction.begin()
    job = job_of(submission)
    assert job.state == PENDING and len(job.attempts) == 3
    run_once(now=later(720))
    assert state_of(submission) == FAILED  # the second try since the resend


def test_tenant_admin_sends_it_again_over_rest(app, connected, failed):
    key = job_of(failed).key
    status, body = RestClient(app, "liestal-admin").post(
        failed.absolute_url() + "/@delivery-resend", {}
    )
    assert status == 200, body
    assert body["reference"] == failed.reference
    assert body["state"] == PENDING
    assert body["idempotency_key"] == key
    connected.start()
    run_once(now=later(1))
    assert list(connected.accepted) == [key]


def test_nobody_else_can_send_it_again(app, world, connected, failed, bau, allschwil_clerk):
    create_user("citizen")
    transaction.commit()
    url = failed.absolute_url()
    for user in ("liestal-bau-clerk", "allschwil-clerk", "citizen", "liestal-editor", None):
        status, _body = RestClient(app, user).post(f"{url}/@delivery-resend", {})
        assert status in (401, 403), (user, status)
        browser = browser_for(app, user)
        browser.post(f"{url}/@@delivery-resend", "")
        assert denied(browser), user
    assert state_of(failed) == FAILED
    assert [entry["action"] for entry in failed.log] == ["submitted"]


def test_without_the_token_nothing_is_sent_again(app, connected, failed):
    browser = browser_for(app, "liestal-clerk")
    browser.post(failed.absolute_url() + "/@@delivery-resend", "")
    assert int(browser.headers["status"].split()[0]) == 403
    assert state_of(failed) == FAILED


def test_a_delivery_that_has_not_failed_is_not_sent_again(app, connected, form, request_):
    sitesetup.configure_languages("de")
    submission = make_submission(form, request_)
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert 'id="delivery-resend"' not in browser.contents  # pending: no button
    token = browser.getControl(name="_authenticator", index=0).value
    browser.post(submission.absolute_url() + "/@@delivery-resend", f"_authenticator={token}")
    assert (
        f"Die Übermittlung von {submission.reference} ist nicht fehlgeschlagen: Sie wird nicht "
        "erneut gesendet." in browser.contents
    )
    status, body = RestClient(app, "liestal-clerk").post(
        submission.absolute_url() + "/@delivery-resend", {}
    )
    assert status == 409
    assert body["message"] == (
        f"Die Übermittlung von {submission.reference} ist nicht fehlgeschlagen: Sie wird nicht "
        "erneut gesendet."
    )
    transaction.begin()
    job = job_of(submission)
    assert job.state == PENDING and job.attempts == []
    assert [entry["action"] for entry in submission.log] == ["submitted"]


def test_an_office_without_its_application_is_named(app, world, connected, failed):
    world["liestal-office"].interface_url = None
    transaction.commit()
    status, body = RestClient(app, "liestal-clerk").post(
        failed.absolute_url() + "/@delivery-resend", {}
    )
    assert status == 409
    assert "Einwohnerdienste no longer delivers to a specialist application" in body["message"]
    assert state_of(failed) == FAILED
