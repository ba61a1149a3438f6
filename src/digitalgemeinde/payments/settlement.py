"""Settling payment attempts: the provider's word (a notification, or the worker's poll) decides
whether a request is delivered (issue 20).

``settle`` is idempotent and safe when two settle the same payment at once (two tabs, or a
webhook and the poll): it writes the attempt itself (a plain ``Persistent`` without
``_p_resolveConflict``) and, before it delivers, the key of the attempt's data holder in the
storage's ``delivered`` tree. Two transactions doing so at once conflict (ZODB raises a
ConflictError on the second commit: an object written by both, or one key inserted by both
into a BTree bucket, is never merged); Zope runs the second again, and on its retry it finds
the attempt settled (no effect) or the request delivered by another attempt (this one's
payment is refunded). So a request is delivered once and a payment counted once. Payments of
different requests at once do not conflict: settling only adds new keys to the shared trees
(ledger, delivered, flagged), which merge, and deletes none (the daily purge does).

A refund's reference at the provider is ``<refno>-R<n>`` (n: the refunds recorded so far + 1):
a transaction that refunded and then ran into a conflict sends the same refund again when
retried, and the provider does it once (Datatrans: the Idempotency-Key of ``datatrans``).

The caller owns the transaction: the webhook's request, the worker's run (``poll``) and the
daily purge (``expire_and_purge``) commit what these functions changed.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import transaction
from plone import api
from ZODB.POSException import ConflictError

from digitalgemeinde import _
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.payments import ledger
from digitalgemeinde.payments.attempts import EXPIRED
from digitalgemeinde.payments.attempts import PaymentAttempt
from digitalgemeinde.payments.attempts import aware
from digitalgemeinde.payments.attempts import discard_holder
from digitalgemeinde.payments.attempts import release_holder
from digitalgemeinde.payments.attempts import remove
from digitalgemeinde.payments.attempts import storage
from digitalgemeinde.payments.provider import CANCELLED
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.payments.provider import PaymentProvider
from digitalgemeinde.payments.provider import Status

logger = logging.getLogger("digitalgemeinde.payments")

# What a payment confirmed after its attempt expired gets: refunded at once, or flagged for
# the tenant's admins (who may still deliver or refund it). A constant; the caller may pass
# a tenant's own choice (``settle(..., late=FLAG)``).
REFUND = "refund"
FLAG = "flag"
LATE_PAYMENTS = REFUND
POLL_AFTER = timedelta(minutes=5)  # a pending attempt is asked about this long after its start
POLL_EVERY = timedelta(minutes=5)  # and then not more often; an expired one hourly
POLL_EXPIRED_EVERY = timedelta(hours=1)
GRACE = timedelta(days=1)  # unpaid attempts are deleted this long after they expired

CLOSED_STATES = (DECLINED, CANCELLED, FAILED)

# Outcomes of ``settle``
DELIVERED = "delivered"  # paid: the request was delivered now
NO_EFFECT = "no-effect"  # told before: nothing changed
REFUSED = "refused"  # the status does not match the attempt: nothing changed (logged)
WAITING = "pending"  # the provider has no final word yet
CLOSED = "closed"  # declined, cancelled or failed: nothing delivered, the citizen may try again
REFUNDED = "refunded"  # paid, but too late or a second time: refunded
FLAGGED = "flagged"  # paid, but too late or a second time, not refunded: for the admins
FAILED_HERE = "error"  # (poll) settling raised, e.g. the delivery: undone, tried again later

# Flags
LATE = "late"  # paid after the attempt expired
TWICE = "twice"  # paid for a request another attempt delivered
REFUND_FAILED = "refund-failed"  # paid late or twice, and the automatic refund failed


@dataclass(frozen=True)
class Outcome:
    kind: str
    detail: str = ""
    request_uid: str | None = None


class RefundRefused(ValueError):
    """A refund that cannot be made; ``message`` says why in the clerk's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def mismatch(attempt: PaymentAttempt, status: Status) -> str:
    """What in the provider's status does not belong to the attempt ('' when all holds)."""
    if status.refno != attempt.refno:
        return f"refno {status.refno!r} is not the attempt's"
    if attempt.transaction_id and status.transaction_id != attempt.transaction_id:
        return f"transaction {status.transaction_id!r} is not the attempt's"
    if status.currency != attempt.currency:
        return f"currency {status.currency!r} instead of {attempt.currency}"
    if status.amount != attempt.amount:
        return f"amount {status.amount} instead of {attempt.amount} centimes"
    return ""


def settle(
    attempt: PaymentAttempt,
    status: Status,
    deliver: Callable[[PaymentAttempt], str],
    provider: PaymentProvider | None = None,
    *,
    portal=None,
    now: datetime | None = None,
    late: str | None = None,
) -> Outcome:
    """Apply the provider's ``status`` to ``attempt``; ``deliver(attempt)`` delivers its request
    (returns the request's UID) and is called at most once per request. ``provider`` refunds a
    payment made too late (by ``late``, default ``LATE_PAYMENTS``) or twice. An error of
    ``deliver`` is raised: the caller's transaction, and with it the payment's record, is
    undone (the webhook answers an error and the provider sends it again; ``poll`` undoes that
    attempt alone and asks again at its next run)."""
    portal = portal if portal is not None else api.portal.get()
    now = aware(now or datetime.now(UTC))
    problem = mismatch(attempt, status)
    if problem:
        logger.warning("Payment status refused for %s: %s", attempt.refno, problem)
        return Outcome(REFUSED, problem)
    if status.state == PENDING:
        return Outcome(WAITING)
    if attempt.state == PAID or (status.state != PAID and attempt.state in CLOSED_STATES):
        return Outcome(NO_EFFECT, request_uid=attempt.request_uid)
    store = storage(portal, create=True)
    if status.state != PAID:  # declined, cancelled or failed: final, the data stays
        attempt.close(status.state, now, status.provider_status)
        logger.info("Payment %s %s (%s)", attempt.refno, status.state, status.provider_status)
        return Outcome(CLOSED, status.state)
    live = attempt.is_live(now)
    attempt.pay(now, status.provider_status)
    ledger.record_payment(store, attempt)
    if attempt.draft_id in store.delivered:
        return set_aside(store, attempt, TWICE, provider, REFUND, now)
    if not live:
        return set_aside(store, attempt, LATE, provider, late or LATE_PAYMENTS, now)
    store.delivered[attempt.draft_id] = attempt.refno  # two at once conflict here
    request_uid = deliver(attempt)
    attempt.delivered_as(request_uid)
    discard_holder(attempt)
    logger.info("Payment %s confirmed, request %s delivered", attempt.refno, request_uid)
    return Outcome(DELIVERED, request_uid=request_uid)


def set_aside(store, attempt, why: str, provider, choice: str, now: datetime) -> Outcome:
    """A payment that delivers nothing: refunded in full, or flagged for the admins."""
    if choice == REFUND and provider is not None:
        try:
            refund_in(store, attempt, attempt.amount, "system", why, provider, now)
        except PaymentError as error:
            logger.warning("Refund of %s (%s) failed: %s", attempt.refno, why, error)
            why = REFUND_FAILED
        else:
            logger.info("Payment %s (%s) refunded", attempt.refno, why)
            release_holder(store, attempt)
            return Outcome(REFUNDED, why)
    attempt.mark(why)
    store.flagged[attempt.refno] = attempt
    logger.warning("Payment %s (%s) flagged for the tenant's admins", attempt.refno, why)
    return Outcome(FLAGGED, why)


def refund(attempt, amount, by, reason, provider: PaymentProvider, *, portal=None, now=None):
    """Refund ``amount`` centimes of a paid attempt (in full or in part, never more than paid
    minus refunded) through ``provider`` and record it by whom and why; the refund's record
    ``(refund id, amount, at, by, reason)``. RefundRefused for an amount out of bounds; a
    provider's error leaves the record unchanged and is raised."""
    store = storage(portal if portal is not None else api.portal.get(), create=True)
    return refund_in(store, attempt, amount, by, reason, provider, now)


def refund_in(store, attempt, amount, by, reason, provider, now=None):
    if attempt.state != PAID:
        raise RefundRefused(_("Only a paid request can be refunded."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise RefundRefused(_("The amount to refund must be more than CHF 0.00."))
    if amount > attempt.refundable:
        left = format_chf(Decimal(attempt.refundable).scaleb(-2))
        raise RefundRefused(_("At most ${amount} can be refunded.", mapping={"amount": left}))
    refno = f"{attempt.refno}-R{len(attempt.refunds) + 1}"
    refund_id = provider.refund(
        attempt.transaction_id, amount=amount, currency=attempt.currency, refno=refno
    )
    record = attempt.add_refund(refund_id, amount, now or datetime.now(UTC), by, reason)
    ledger.record_refund(store, attempt, record)
    return record


# --- the worker's poll and the daily purge ----------------------------------------------------


@dataclass
class PollReport:
    asked: int = 0
    unreachable: int = 0  # the provider did not answer: asked again at the next run
    outcomes: dict[str, int] = field(default_factory=dict)  # settle's outcome -> count


def due(attempt: PaymentAttempt, now: datetime) -> bool:
    """A pending attempt older than POLL_AFTER (or an expired one without the provider's final
    word), not asked within the last POLL_EVERY (hourly once expired)."""
    if not attempt.transaction_id or attempt.state not in (PENDING, EXPIRED):
        return False
    if now - attempt.created < POLL_AFTER:
        return False
    every = POLL_EVERY if attempt.state == PENDING else POLL_EXPIRED_EVERY
    return attempt.checked is None or now - attempt.checked >= every


def poll(portal, providers, deliver, now=None, late=None) -> PollReport:
    """For the worker: ask the provider (``providers(attempt)``, None when the tenant has no
    account) about every attempt ``due`` and settle it (``late``: the choice for late payments,
    or a function of the attempt giving it). A provider that cannot be reached marks nothing:
    the attempt stays as it is and is asked again at the next run."""
    now = aware(now or datetime.now(UTC))
    report = PollReport()
    store = storage(portal)
    for attempt in list(store.unpaid.values()) if store is not None else ():
        if not due(attempt, now):
            continue
        provider = providers(attempt)
        if provider is None:
            logger.warning("No payment provider for %s: not polled", attempt.refno)
            continue
        report.asked += 1
        try:
            status = provider.status(attempt.transaction_id)
        except PaymentError as error:
            logger.warning("Payment status of %s not known now: %s", attempt.refno, error)
            report.unreachable += 1
            continue
        choice = late(attempt) if callable(late) else late
        outcome = settle_apart(attempt, status, deliver, provider, portal, now, choice)
        report.outcomes[outcome.kind] = report.outcomes.get(outcome.kind, 0) + 1
    return report


def settle_apart(attempt, status, deliver, provider, portal, now, late) -> Outcome:
    """``settle`` in a savepoint: an attempt whose delivery fails is undone alone (the others
    of the run are kept) and asked about again; a payment that cannot be delivered before its
    attempt expires is refunded or flagged then. A conflict is the caller's (Zope retries)."""
    jar = attempt._p_jar
    manager = jar.transaction_manager if jar is not None else transaction.manager
    savepoint = manager.savepoint(optimistic=True)
    try:
        attempt.was_checked(now)
        return settle(attempt, status, deliver, provider, portal=portal, now=now, late=late)
    except ConflictError:
        raise
    except Exception as error:
        savepoint.rollback()
        logger.exception("Settling %s failed, tried again later: %s", attempt.refno, error)
        return Outcome(FAILED_HERE, str(error))


def purgeable(attempt: PaymentAttempt, now: datetime) -> bool:
    """Past expiry and GRACE, and surely unpaid: closed by the provider, never opened there,
    or expired and asked about after its expiry (an expired attempt the provider could not be
    asked about stays: it may have been paid)."""
    if attempt.state == PAID or now < attempt.expires + GRACE:
        return False
    if attempt.state in (DECLINED, CANCELLED, FAILED) or not attempt.transaction_id:
        return True
    return attempt.checked is not None and attempt.checked >= attempt.expires


def expire_and_purge(portal, now=None) -> int:
    """The daily purge's part: pending attempts past their expiry become EXPIRED; unpaid ones
    ``purgeable`` are deleted, and with the last of a request's attempts its data holder (its
    values and files). Paid attempts stay (the ledger and the reconciliation). How many went."""
    now = aware(now or datetime.now(UTC))
    store = storage(portal)
    if store is None:
        return 0
    gone = []
    for attempt in list(store.unpaid.values()):
        if attempt.state == PAID:  # settled since the last purge: kept, not polled any more
            store.unpaid.pop(attempt.refno)
        elif attempt.state == PENDING and now >= attempt.expires:
            attempt.close(EXPIRED, now)
        if purgeable(attempt, now):
            remove(store, attempt)
            gone.append(attempt)
    for attempt in gone:
        release_holder(store, attempt)
    return len(gone)
