"""Issue 20: a payment is never counted twice and a request never delivered twice, when two
settle it at the same moment: the webhook and the worker's poll, the webhook sent twice, or
two tabs that paid the same request.

Two real ZODB connections on one FileStorage, each with its own transaction manager, both
read the same state and settle; then both commit. The second commit runs into a ConflictError
(``settlement``: the attempt, or the key of the request's data in ``delivered``, written by
both, is never merged); as Zope does with a request, the test runs it again, and the retry
finds the payment settled. The delivery writes a request into the database as the real one
does (a new key per request in a BTree, which merges): what is committed counts. The provider
is our Datatrans client against the Datatrans stand-in (``attempt_helpers``)."""

import pytest
import transaction
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.DB import DB
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.interface import implementer

from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.provider import PAID
from tests.payments.attempt_helpers import NOW
from tests.payments.attempt_helpers import URLS
from tests.payments.attempt_helpers import StandInProvider
from tests.payments.attempt_helpers import start

LATER = NOW + settlement.POLL_AFTER


@implementer(IAttributeAnnotatable)
class Site(Persistent):
    """The site's stand-in in a database of its own, with the offices' requests."""

    def __init__(self):
        self.requests = OOBTree()


class Connection:
    """One worker thread's view: a connection with its own transaction manager."""

    def __init__(self, db):
        self.manager = transaction.TransactionManager()
        self.connection = db.open(transaction_manager=self.manager)
        self.deliveries = 0

    @property
    def site(self):
        return self.connection.root()["site"]

    def deliver(self, attempt) -> str:
        self.deliveries += 1
        uid = f"{attempt.refno}-{self.deliveries}"
        self.site.requests[uid] = attempt.refno
        return uid

    def settle(self, refno, provider):
        attempt = attempts.by_refno(self.site, refno)
        status = provider.status(attempt.transaction_id)
        return settlement.settle(
            attempt, status, self.deliver, provider, portal=self.site, now=LATER
        )

    def poll(self, provider):
        return settlement.poll(self.site, lambda attempt: provider, self.deliver, LATER)

    def commit_or_retry(self, work):
        """Commit; after a conflict, abort and do ``work`` again (it sees the other's commit)."""
        try:
            self.manager.commit()
            return None
        except ConflictError as error:
            self.manager.abort()
            outcome = work()
            self.manager.commit()
            return error, outcome


@pytest.fixture
def provider(datatrans_allowed, datatrans_standin, datatrans_account):
    return StandInProvider(datatrans_standin, datatrans_account)


@pytest.fixture
def db(integration, tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as connection:
        connection.root()["site"] = Site()
    yield db
    db.close()


def opened(db, provider, count=1):
    """``count`` attempts to pay for one request, committed; their refnos."""
    with db.transaction() as connection:
        site = connection.root()["site"]
        first = start(site, provider)
        more = [attempts.again(site, first, NOW) for _ in range(count - 1)]
        for attempt in more:
            initialized = provider.initialize(
                amount=attempt.amount, currency="CHF", refno=attempt.refno, urls=URLS
            )
            attempts.opened(site, attempt, provider.name, initialized.transaction_id)
        refnos = [first.refno] + [attempt.refno for attempt in more]
    return refnos


def committed(db):
    with db.transaction() as connection:
        site = connection.root()["site"]
        store = attempts.storage(site)
        payments = [key for key in store.ledger if key[3] == "payment"]
        return dict(site.requests), payments, {r: a.request_uid for r, a in store.attempts.items()}


def test_the_webhook_and_the_poll_at_once_deliver_once(db, provider):
    (refno,) = opened(db, provider)
    with db.transaction() as connection:
        attempt = attempts.by_refno(connection.root()["site"], refno)
        provider.set_state(attempt.transaction_id, PAID)
    webhook, worker = Connection(db), Connection(db)
    assert webhook.settle(refno, provider).kind == settlement.DELIVERED
    assert worker.poll(provider).outcomes == {settlement.DELIVERED: 1}  # both see it unpaid
    assert webhook.commit_or_retry(lambda: webhook.settle(refno, provider)) is None
    error, report = worker.commit_or_retry(lambda: worker.poll(provider))
    assert report.asked == 0  # the retry sees it paid: not even asked
    requests, payments, delivered = committed(db)
    assert list(requests.values()) == [refno] and len(payments) == 1
    assert delivered == {refno: next(iter(requests))}


def test_the_same_notification_twice_at_once_delivers_once(db, provider):
    (refno,) = opened(db, provider)
    with db.transaction() as connection:
        attempt = attempts.by_refno(connection.root()["site"], refno)
        provider.set_state(attempt.transaction_id, PAID)
    one, two = Connection(db), Connection(db)
    assert one.settle(refno, provider).kind == two.settle(refno, provider).kind == "delivered"
    assert one.commit_or_retry(lambda: one.settle(refno, provider)) is None
    error, outcome = two.commit_or_retry(lambda: two.settle(refno, provider))
    assert isinstance(error, ConflictError) and outcome.kind == settlement.NO_EFFECT
    assert outcome.request_uid == f"{refno}-1"
    requests, payments, _delivered = committed(db)
    assert list(requests) == [f"{refno}-1"] and len(payments) == 1


def test_two_tabs_paying_one_request_at_once_deliver_once_and_refund_the_other(db, provider):
    first, second = opened(db, provider, count=2)
    with db.transaction() as connection:
        site = connection.root()["site"]
        for refno in (first, second):
            provider.set_state(attempts.by_refno(site, refno).transaction_id, PAID)
    one, two = Connection(db), Connection(db)
    assert one.settle(first, provider).kind == two.settle(second, provider).kind == "delivered"
    assert one.commit_or_retry(lambda: one.settle(first, provider)) is None
    error, outcome = two.commit_or_retry(lambda: two.settle(second, provider))
    # both wrote the request's key in ``delivered`` (and discarded its data holder)
    assert isinstance(error, ConflictError)
    assert (outcome.kind, outcome.detail) == (settlement.REFUNDED, settlement.TWICE)
    requests, payments, delivered = committed(db)
    assert list(requests.values()) == [first] and len(payments) == 2  # both were paid
    assert delivered == {first: f"{first}-1", second: None}
    with db.transaction() as connection:
        attempt = attempts.by_refno(connection.root()["site"], second)
        assert attempt.refundable == 0 and len(attempt.refunds) == 1
        assert provider.refunded(attempt.transaction_id) == attempt.amount


def test_payments_of_two_requests_at_once_both_commit(db, provider):
    """Two citizens' payments settled at the same moment write different keys of the same
    trees (settling deletes none): merged, neither has to be run again."""
    (first,) = opened(db, provider)
    (second,) = opened(db, provider)
    with db.transaction() as connection:
        site = connection.root()["site"]
        for refno in (first, second):
            provider.set_state(attempts.by_refno(site, refno).transaction_id, PAID)
    one, two = Connection(db), Connection(db)
    assert one.settle(first, provider).kind == two.settle(second, provider).kind == "delivered"
    assert one.commit_or_retry(lambda: None) is None
    assert two.commit_or_retry(lambda: None) is None
    requests, payments, _delivered = committed(db)
    assert sorted(requests.values()) == sorted([first, second]) and len(payments) == 2
