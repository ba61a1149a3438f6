"""The ledger of payments and refunds per tenant, for the monthly reconciliation (issue 20).

Each confirmed payment and each refund is one entry, written in the transaction that settles
or refunds it (so a payment settled twice at once conflicts there and counts once), keyed by
``(tenant uid, moment in UTC, refno, kind, n)``: a tenant's month is one range of the tree,
and an entry stays when its data holder is gone. Months are counted in Swiss time.
"""

from collections.abc import Iterator
from datetime import UTC
from datetime import datetime

from digitalgemeinde.payments.attempts import AttemptStorage
from digitalgemeinde.payments.attempts import PaymentAttempt
from digitalgemeinde.payments.attempts import aware
from digitalgemeinde.payments.attempts import storage
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.submissions.values import TIMEZONE

PAYMENT = "payment"
REFUND = "refund"
REFUNDED = "refunded"  # the state of a refund's row


def stamp(moment: datetime) -> str:
    return aware(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def record_payment(store: AttemptStorage, attempt: PaymentAttempt) -> None:
    key = (attempt.tenant_uid, stamp(attempt.paid_at), attempt.refno, PAYMENT, 0)
    store.ledger[key] = (attempt.amount, attempt.service_title, attempt.transaction_id, "")


def record_refund(store: AttemptStorage, attempt: PaymentAttempt, refund: tuple) -> None:
    refund_id, amount, at, _by, _reason = refund
    key = (attempt.tenant_uid, stamp(at), attempt.refno, REFUND, len(attempt.refunds))
    store.ledger[key] = (amount, attempt.service_title, attempt.transaction_id, refund_id)


def month_range(year: int, month: int) -> tuple[str, str]:
    """The month's first moment and the next month's, in UTC stamps."""
    start = datetime(year, month, 1, tzinfo=TIMEZONE)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=TIMEZONE)
    return stamp(start), stamp(end)


def payments_of(portal, tenant_uid: str, year: int, month: int) -> Iterator[dict]:
    """Every payment and refund of a tenant in a month (Swiss time), in order: ``date`` (in
    Swiss time), ``refno``, ``service``, ``amount`` (centimes; a refund's is negative),
    ``transaction_id`` (the payment's), ``refund_id`` (a refund's own id at the provider),
    ``state`` (``paid`` or ``refunded``)."""
    store = storage(portal)
    if store is None:
        return
    start, end = month_range(year, month)
    entries = store.ledger.items(min=(tenant_uid, start), max=(tenant_uid, end), excludemax=True)
    for (_tenant, when, refno, kind, _n), row in entries:
        amount, service, transaction_id, refund_id = row
        moment = datetime.strptime(when, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=UTC)
        yield {
            "date": moment.astimezone(TIMEZONE),
            "refno": refno,
            "service": service,
            "amount": -amount if kind == REFUND else amount,
            "transaction_id": transaction_id,
            "refund_id": refund_id,
            "state": REFUNDED if kind == REFUND else PAID,
        }
