"""Issue 20, webhooks and polling: only a confirmed payment delivers the request, once; a
status that does not match the attempt is refused; a declined or cancelled payment delivers
nothing and the citizen may try again; a payment confirmed too late or a second time is
refunded (or flagged for the tenant's admins); the worker's poll settles a late one and leaves
an attempt it cannot ask about alone; the daily purge deletes unpaid attempts with their data;
refunds stay within what was paid (``payments.settlement``).

The provider is our Datatrans client against the Datatrans stand-in (``attempt_helpers``); the
delivery a counter."""

import logging
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import transaction
from persistent import Persistent
from plone.namedfile.file import NamedBlobFile
from ZODB.DB import DB
from ZODB.FileStorage import FileStorage
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.interface import implementer

from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.attempts import EXPIRED
from digitalgemeinde.payments.provider import CANCELLED
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.submissions.retention import purge
from tests.payments.attempt_helpers import NOW
from tests.payments.attempt_helpers import URLS
from tests.payments.attempt_helpers import Deliveries
from tests.payments.attempt_helpers import StandInProvider
from tests.payments.attempt_helpers import holder
from tests.payments.attempt_helpers import start

MINUTE = timedelta(minutes=1)


@pytest.fixture
def portal(integration):
    return integration["portal"]


@pytest.fixture
def provider(datatrans_allowed, datatrans_standin, datatrans_account):
    return StandInProvider(datatrans_standin, datatrans_account)


@pytest.fixture
def deliver():
    return Deliveries()


def settle(portal, attempt, status, deliver, provider, now=NOW + MINUTE, **kwargs):
    return settlement.settle(attempt, status, deliver, provider, portal=portal, now=now, **kwargs)


def test_a_confirmed_payment_delivers_the_request_once(portal, provider, deliver):
    attempt = start(portal, provider)
    status = provider.set_state(attempt.transaction_id, PAID)
    outcome = settle(portal, attempt, status, deliver, provider)
    assert (outcome.kind, outcome.request_uid) == (settlement.DELIVERED, "request-1")
    assert deliver.delivered == [attempt.refno]
    assert (attempt.state, attempt.request_uid, attempt.paid_at) == (
        PAID,
        "request-1",
        NOW + MINUTE,
    )
    assert attempts.holder_of(attempt) is None  # the request holds the data now
    # the same notification again, and the poll's answer later: no effect
    for later in (NOW + 2 * MINUTE, NOW + timedelta(days=2)):
        again = settle(portal, attempt, status, deliver, provider, now=later)
        assert (again.kind, again.request_uid) == (settlement.NO_EFFECT, "request-1")
    assert deliver.delivered == [attempt.refno] and attempt.paid_at == NOW + MINUTE
    store = attempts.storage(portal)
    assert len(store.ledger) == 1  # counted once


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 200},
        {"currency": "EUR"},
        {"refno": "2829-20260302-AAAAAA"},
        {"transaction_id": "T9"},
    ],
    ids=["amount", "currency", "refno", "transaction"],
)
def test_a_status_that_does_not_match_the_attempt_is_refused(
    portal, provider, deliver, caplog, change
):
    attempt = start(portal, provider)
    status = replace(provider.set_state(attempt.transaction_id, PAID), **change)
    with caplog.at_level(logging.WARNING, "digitalgemeinde.payments"):
        outcome = settle(portal, attempt, status, deliver, provider)
    assert outcome.kind == settlement.REFUSED
    assert attempt.refno in caplog.text and "refused" in caplog.text
    assert deliver.delivered == [] and attempt.state == PENDING
    assert len(attempts.storage(portal).ledger) == 0
    # the true status next to it delivers
    right = provider.status(attempt.transaction_id)
    assert settle(portal, attempt, right, deliver, provider).kind == settlement.DELIVERED


@pytest.mark.parametrize("state", [DECLINED, CANCELLED])
def test_a_declined_or_cancelled_payment_delivers_nothing_and_may_be_tried_again(
    portal, provider, deliver, state
):
    first = start(portal, provider)
    outcome = settle(
        portal, first, provider.set_state(first.transaction_id, state), deliver, provider
    )
    assert (outcome.kind, outcome.detail, first.state) == (settlement.CLOSED, state, state)
    assert deliver.delivered == [] and first.paid_at is None
    assert attempts.holder_of(first) is not None  # kept for another try
    # told again, or told otherwise: final
    assert settle(portal, first, provider.status(first.transaction_id), deliver, provider).kind == (
        settlement.NO_EFFECT
    )
    other = CANCELLED if state == DECLINED else DECLINED
    settle(portal, first, provider.set_state(first.transaction_id, other), deliver, provider)
    assert first.state == state
    # the citizen tries again and pays
    second = attempts.again(portal, first, NOW + 2 * MINUTE)
    opened = provider.initialize(
        amount=second.amount, currency="CHF", refno=second.refno, urls=URLS
    )
    attempts.opened(portal, second, provider.name, opened.transaction_id)
    status = provider.set_state(second.transaction_id, PAID)
    assert settle(portal, second, status, deliver, provider).kind == settlement.DELIVERED
    assert deliver.delivered == [second.refno]


def test_a_pending_status_changes_nothing(portal, provider, deliver):
    attempt = start(portal, provider)
    outcome = settle(portal, attempt, provider.status(attempt.transaction_id), deliver, provider)
    assert outcome.kind == settlement.WAITING and attempt.state == PENDING


def late_payment(portal, provider, deliver, **kwargs):
    attempt = start(portal, provider)
    status = provider.set_state(attempt.transaction_id, PAID)
    outcome = settle(portal, attempt, status, deliver, provider, now=attempt.expires, **kwargs)
    return attempt, outcome


def test_a_payment_confirmed_after_expiry_is_refunded_by_default(portal, provider, deliver):
    attempt, outcome = late_payment(portal, provider, deliver)
    assert (outcome.kind, outcome.detail) == (settlement.REFUNDED, settlement.LATE)
    assert deliver.delivered == [] and attempt.state == PAID and attempt.refundable == 0
    assert provider.refunded(attempt.transaction_id) == attempt.amount
    assert attempt.refunds[0][1:] == (attempt.amount, attempt.expires, "system", "late")
    assert attempts.flagged(portal) == [] and attempts.holder_of(attempt) is None


def test_a_payment_confirmed_after_expiry_is_flagged_by_the_setting(portal, provider, deliver):
    attempt, outcome = late_payment(portal, provider, deliver, late=settlement.FLAG)
    assert (outcome.kind, outcome.detail) == (settlement.FLAGGED, settlement.LATE)
    assert deliver.delivered == [] and provider.refunded(attempt.transaction_id) == 0
    assert attempts.flagged(portal) == [attempt] and attempt.flag == settlement.LATE


def test_a_late_payment_whose_refund_fails_is_flagged(portal, provider, deliver):
    attempt = start(portal, provider)
    status = provider.set_state(attempt.transaction_id, PAID)
    provider.unavailable = True
    outcome = settle(portal, attempt, status, deliver, provider, now=attempt.expires + MINUTE)
    assert (outcome.kind, outcome.detail) == (settlement.FLAGGED, settlement.REFUND_FAILED)
    assert attempt.refunds == () and attempts.flagged(portal) == [attempt]


def test_a_second_attempt_paid_for_a_delivered_request_is_refunded(portal, provider, deliver):
    """Two tabs: the citizen paid the same request twice."""
    first = start(portal, provider)
    second = attempts.again(portal, first, NOW)
    opened = provider.initialize(amount=2000, currency="CHF", refno=second.refno, urls=URLS)
    attempts.opened(portal, second, provider.name, opened.transaction_id)
    for attempt in (first, second):
        provider.set_state(attempt.transaction_id, PAID)
    outcomes = [
        settle(portal, attempt, provider.status(attempt.transaction_id), deliver, provider)
        for attempt in (first, second)
    ]
    assert [outcome.kind for outcome in outcomes] == [settlement.DELIVERED, settlement.REFUNDED]
    assert outcomes[1].detail == settlement.TWICE
    assert deliver.delivered == [first.refno]
    assert provider.refunded(second.transaction_id) == 2000
    assert provider.refunded(first.transaction_id) == 0


def test_the_poll_settles_a_payment_whose_notification_is_late(portal, provider, deliver):
    attempt = start(portal, provider)
    provider.set_state(attempt.transaction_id, PAID)
    providers = {attempt.tenant_uid: provider}.get

    def poll(now):
        return settlement.poll(portal, lambda a: providers(a.tenant_uid), deliver, now)

    assert poll(NOW + MINUTE).asked == 0  # not yet: the notification usually comes first
    report = poll(NOW + settlement.POLL_AFTER)
    assert (report.asked, report.outcomes) == (1, {settlement.DELIVERED: 1})
    assert deliver.delivered == [attempt.refno]
    assert poll(NOW + 2 * settlement.POLL_AFTER).asked == 0  # paid: not asked again


def test_the_poll_leaves_an_attempt_alone_while_the_provider_is_unreachable(
    portal, provider, deliver
):
    attempt = start(portal, provider)
    provider.set_state(attempt.transaction_id, PAID)
    provider.unavailable = True
    report = settlement.poll(portal, lambda a: provider, deliver, NOW + 10 * MINUTE)
    assert (report.asked, report.unreachable, report.outcomes) == (1, 1, {})
    assert attempt.state == PENDING and attempt.checked is None and deliver.delivered == []
    # the next run: reachable again
    provider.unavailable = False
    report = settlement.poll(portal, lambda a: provider, deliver, NOW + 11 * MINUTE)
    assert report.outcomes == {settlement.DELIVERED: 1} and attempt.state == PAID


def test_a_delivery_that_fails_in_the_poll_is_undone_alone_and_refunded_once_too_late(
    portal, provider, deliver
):
    broken, fine = start(portal, provider), start(portal, provider)
    for attempt in (broken, fine):
        provider.set_state(attempt.transaction_id, PAID)

    def deliver_or_fail(attempt):
        if attempt is broken:
            deliver(attempt)  # what it did before it failed is undone with it
            raise RuntimeError("the form was deleted")
        return deliver(attempt)

    report = settlement.poll(portal, lambda a: provider, deliver_or_fail, NOW + 10 * MINUTE)
    assert report.outcomes == {settlement.FAILED_HERE: 1, settlement.DELIVERED: 1}
    assert (fine.state, broken.state, broken.paid_at) == (PAID, PENDING, None)
    assert [key[2] for key in attempts.storage(portal).ledger] == [fine.refno]
    assert attempts.holder_of(broken) is not None
    # asked again at each run; once expired, the payment goes back to the citizen
    report = settlement.poll(portal, lambda a: provider, deliver_or_fail, broken.expires)
    assert report.outcomes == {settlement.REFUNDED: 1}
    assert provider.refunded(broken.transaction_id) == broken.amount


def test_the_poll_asks_a_pending_attempt_every_few_minutes_and_an_expired_one_hourly(
    portal, provider, deliver
):
    attempt = start(portal, provider)
    asked = []
    for minute in range(0, 24 * 60, 5):
        report = settlement.poll(portal, lambda a: provider, deliver, NOW + minute * MINUTE)
        settlement.expire_and_purge(portal, NOW + minute * MINUTE)
        asked += [minute] * report.asked
    assert asked[:12] == list(range(5, 65, 5))
    assert attempt.state == EXPIRED
    # 12 times while it could be paid (minute 5 to 60), then hourly until the day's end
    assert len(asked) == 12 + 22 and asked[12:14] == [120, 180]
    # the provider's final word after expiry closes it
    provider.set_state(attempt.transaction_id, CANCELLED)
    settlement.poll(portal, lambda a: provider, deliver, NOW + timedelta(days=1))
    assert attempt.state == CANCELLED


def test_the_poll_refunds_a_payment_it_finds_after_expiry(portal, provider, deliver):
    attempt = start(portal, provider)
    settlement.expire_and_purge(portal, attempt.expires)
    provider.set_state(attempt.transaction_id, PAID)  # paid in the last second, never notified
    report = settlement.poll(portal, lambda a: provider, deliver, attempt.expires + MINUTE)
    assert report.outcomes == {settlement.REFUNDED: 1} and deliver.delivered == []


def test_the_purge_deletes_unpaid_attempts_after_expiry_and_grace(portal, provider, deliver):
    abandoned = start(portal, provider)  # the citizen left the payment page
    declined = start(portal, provider)
    settle(
        portal, declined, provider.set_state(declined.transaction_id, DECLINED), deliver, provider
    )
    unknown = start(portal, provider)  # the provider could not be asked about it
    unopened = attempts.create(  # the provider could not be reached to open it
        portal, holder(), tenant_uid="t", tenant_code=2829, service_title="X", amount=100, now=NOW
    )
    done = start(portal, provider)
    settle(portal, done, provider.set_state(done.transaction_id, PAID), deliver, provider)
    expiry = abandoned.expires
    assert settlement.expire_and_purge(portal, expiry - MINUTE) == 0
    assert abandoned.state == PENDING
    assert settlement.expire_and_purge(portal, expiry) == 0
    assert (abandoned.state, unknown.state, declined.state) == (EXPIRED, EXPIRED, DECLINED)
    settlement.poll(portal, lambda a: None if a is unknown else provider, deliver, expiry + MINUTE)
    assert abandoned.checked == expiry + MINUTE and unknown.checked is None
    assert settlement.expire_and_purge(portal, expiry + settlement.GRACE - MINUTE) == 0
    assert settlement.expire_and_purge(portal, expiry + settlement.GRACE) == 3
    for attempt in (abandoned, declined, unopened):
        assert attempts.by_refno(portal, attempt.refno) is None
        assert attempts.holder_of(attempt) is None
    assert attempts.by_transaction(portal, provider.name, abandoned.transaction_id) is None
    # it may have been paid: kept until the provider says; the paid one stays for the ledger
    assert attempts.by_refno(portal, unknown.refno) is unknown
    assert attempts.holder_of(unknown) is not None
    assert attempts.by_refno(portal, done.refno) is done
    assert done.refno not in attempts.storage(portal).unpaid  # no longer polled


def test_a_holder_stays_while_another_attempt_of_its_request_may_be_paid(portal, provider, deliver):
    first = start(portal, provider)
    settle(portal, first, provider.set_state(first.transaction_id, CANCELLED), deliver, provider)
    later = NOW + timedelta(hours=20)
    second = attempts.again(portal, first, later)
    assert settlement.expire_and_purge(portal, first.expires + settlement.GRACE) == 1
    assert attempts.holder_of(second) is not None
    assert settlement.expire_and_purge(portal, second.expires + settlement.GRACE) == 1
    assert attempts.holder_of(second) is None


def test_the_daily_purge_counts_the_attempts_it_deleted(portal, provider, deliver):
    attempt = start(portal, provider)
    settle(portal, attempt, provider.set_state(attempt.transaction_id, FAILED), deliver, provider)
    report = purge(portal, attempt.expires + settlement.GRACE)
    assert report.payment_attempts_removed == 1
    assert "Deleted 1 unpaid payment attempt(s)." in report.line()


@implementer(IAttributeAnnotatable)
class Site(Persistent):
    """A site's stand-in in a database of its own: the test layer's DemoStorage cannot pack."""


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_purged_attempts_files_leave_the_database_at_the_next_pack(provider, tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
    manager = transaction.TransactionManager()
    root = db.open(transaction_manager=manager).root()
    site = root["site"] = Site()
    data = holder(document=NamedBlobFile(data=PDF, filename="impfausweis.pdf"))
    attempt = start(site, provider, data=data)
    manager.commit()
    blob_path = Path(data.values["document"]._blob.committed())
    assert blob_path.exists()
    settle(site, attempt, provider.set_state(attempt.transaction_id, CANCELLED), None, provider)
    assert settlement.expire_and_purge(site, attempt.expires + settlement.GRACE) == 1
    manager.commit()
    db.pack(time.time() + 1)
    assert not blob_path.exists()
    db.close()


def test_refunds_stay_within_what_was_paid(portal, provider, deliver):
    attempt = start(portal, provider, amount=6000)
    with pytest.raises(settlement.RefundRefused) as refused:
        settlement.refund(attempt, 100, "liestal-clerk", "x", provider, portal=portal)
    assert refused.value.message == "Only a paid request can be refunded."
    settle(portal, attempt, provider.set_state(attempt.transaction_id, PAID), deliver, provider)
    for amount in (0, -5, 10.5):
        with pytest.raises(settlement.RefundRefused):
            settlement.refund(attempt, amount, "liestal-clerk", "x", provider, portal=portal)
    first = settlement.refund(attempt, 2500, "liestal-clerk", "Teilweise", provider, portal=portal)
    assert first[1:2] + first[3:] == (2500, "liestal-clerk", "Teilweise")
    with pytest.raises(settlement.RefundRefused) as refused:
        settlement.refund(attempt, 3501, "liestal-clerk", "Rest", provider, portal=portal)
    assert refused.value.message.mapping == {"amount": "CHF 35.00"}
    # the provider fails: raised, nothing recorded
    provider.unavailable = True
    with pytest.raises(PaymentError):
        settlement.refund(attempt, 3500, "liestal-clerk", "Rest", provider, portal=portal)
    assert len(attempt.refunds) == 1 and attempt.refundable == 3500
    provider.unavailable = False
    settlement.refund(attempt, 3500, "liestal-clerk", "Rest", provider, portal=portal)
    assert attempt.refundable == 0 and provider.refunded(attempt.transaction_id) == 6000
    assert [provider.credit(refund[0])["refno"] for refund in attempt.refunds] == [
        f"{attempt.refno}-R1",
        f"{attempt.refno}-R2",
    ]
    with pytest.raises(settlement.RefundRefused):
        settlement.refund(attempt, 1, "liestal-clerk", "Noch mehr", provider, portal=portal)
    assert len(attempts.storage(portal).ledger) == 3  # the payment and two refunds
