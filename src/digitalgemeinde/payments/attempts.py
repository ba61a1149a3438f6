"""Payment attempts: a citizen's payment of a request that is not delivered yet (issue 20).

A form with a fee validates, then the portal records a ``PaymentAttempt`` instead of the
request: our reference (``refno``, sent to the provider and shown in its settlement), the
tenant, the form, the service's title, the amount in centimes, the provider's transaction,
the state (``provider.STATES`` or ``EXPIRED``) and its *data holder*: a ``drafts.Draft``
with the validated values and files, held by the attempt itself (not in the drafts'
storage: no cookie or resume link opens it, so the citizen cannot change what is being paid
for, and the drafts' purge does not reach it). Several attempts may share one holder (the
citizen tries again after a declined card, or pays in two tabs); only one of them delivers
the request (``settlement``). Once the request is delivered or surely will not be, the
holder is emptied (its files leave the database at the next pack).

Everything lives in a site annotation (``KEY``), outside the offices and the catalog, like the
drafts: the attempts by refno, by the provider's transaction, the attempts not yet paid
(polled, expired and purged from there), the holders' ids already delivered (the one key two
payments of one request both write: the second conflicts, see ``settlement``), the attempts
flagged for the tenant's admins, and the ledger of payments and refunds (``ledger``). Settling
only adds keys to these trees (which merge when two requests settle at once) and deletes none:
the daily purge, alone, deletes.

An attempt's state changes through its own methods only.
"""

import secrets
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.list import PersistentList
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.payments.provider import CURRENCY
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import STATES
from digitalgemeinde.submissions.drafts import Draft
from digitalgemeinde.submissions.drafts import remember

KEY = "digitalgemeinde.payment_attempts"
EXPIRED = "expired"  # the citizen did not finish paying in time (no final word of the provider)
ATTEMPT_STATES = (*STATES, EXPIRED)
# How long the citizen has to pay, from the attempt's creation: a constant, longer than the
# provider's own payment page lives (Datatrans: 30 minutes), so a payment made on the page is
# confirmed before the attempt expires.
ATTEMPT_MINUTES = 60
REFNO_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
REFNO_RANDOM = 6  # "2829-20261207-K7M2QX": 20 characters, 32**6 per tenant and day


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PaymentAttempt(Persistent):
    """One attempt to pay (see the module). ``refunds`` holds
    ``(refund id, amount, at, by, reason)`` tuples; ``flag`` says why the tenant's admins
    must look at it (empty: nothing to do); ``checked`` when the provider was last asked."""

    provider = ""
    transaction_id = ""
    provider_status = ""
    paid_at = None
    request_uid = None
    flag = ""
    holder = None
    checked = None
    closed_at = None
    refunds = ()
    applicant = None  # who sent the request: delivery.Applicant as a dict (checkout)
    browser_hash = ""  # sha256 of the secret in the paying browser's cookie (checkout)
    site_url = ""  # the portal's address as the citizen used it: links in the receipt mail

    def __init__(self, refno, *, tenant_uid, service_title, amount, holder: Draft, now):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"amount must be a positive integer of centimes, not {amount!r}")
        self.refno = refno
        self.tenant_uid = tenant_uid
        self.form_uid = holder.form_uid
        self.service_title = service_title
        self.amount = amount
        self.currency = CURRENCY
        self.holder = holder
        self.draft_id = holder.id
        self.state = PENDING
        self.created = aware(now)
        self.expires = self.created + timedelta(minutes=ATTEMPT_MINUTES)

    def __repr__(self):
        return f"<PaymentAttempt {self.refno} {self.state}>"

    @property
    def refunded(self) -> int:
        return sum(refund[1] for refund in self.refunds)

    @property
    def refundable(self) -> int:
        return self.amount - self.refunded if self.state == PAID else 0

    def is_live(self, now: datetime) -> bool:
        """Not expired: a payment confirmed now delivers the request."""
        return self.state != EXPIRED and aware(now) < self.expires

    def opened(self, provider: str, transaction_id: str) -> None:
        self.provider = provider
        self.transaction_id = transaction_id

    def close(self, state: str, now: datetime, provider_status: str = "") -> None:
        """A final word that is not a payment (declined, cancelled, failed), or expired."""
        if state not in ATTEMPT_STATES or state in (PAID, PENDING):
            raise ValueError(f"not a state an attempt closes with: {state!r}")
        self.state = state
        self.closed_at = aware(now)
        self.provider_status = provider_status or self.provider_status

    def pay(self, now: datetime, provider_status: str = "") -> None:
        self.state = PAID
        self.paid_at = aware(now)
        self.provider_status = provider_status or self.provider_status

    def made_by(self, applicant: dict, browser_hash: str, site_url: str = "") -> None:
        """Who sent the request (delivered as theirs later), the browser that pays, and the
        portal's address the citizen used (for the links of a request the worker delivers)."""
        self.applicant = dict(applicant)
        self.browser_hash = browser_hash
        self.site_url = site_url

    def delivered_as(self, request_uid: str) -> None:
        self.request_uid = request_uid

    def let_go(self) -> None:
        """The request's data is no longer needed (see ``release_holder``)."""
        self.holder = None

    def mark(self, flag: str) -> None:
        self.flag = flag

    def was_checked(self, now: datetime) -> None:
        self.checked = aware(now)

    def add_refund(self, refund_id: str, amount: int, at: datetime, by: str, reason: str):
        if not isinstance(self.refunds, PersistentList):
            self.refunds = PersistentList()
        refund = (refund_id, amount, aware(at), by, reason)
        self.refunds.append(refund)
        return refund


class AttemptStorage(Persistent):
    """The site's payment attempts and what finds them (see the module)."""

    def __init__(self):
        self.attempts = OOBTree()  # refno -> attempt
        self.transactions = OOBTree()  # "provider:transaction id" -> refno
        self.unpaid = OOBTree()  # refno -> attempt, until the daily purge finds it paid or gone
        self.delivered = OOBTree()  # holder's id -> refno of the attempt that delivered it
        self.flagged = OOBTree()  # refno -> attempt the tenant's admins must look at
        self.ledger = OOBTree()  # (tenant uid, when, refno, kind, n) -> row (ledger.py)


def storage(portal, create: bool = False) -> AttemptStorage | None:
    annotations = IAnnotations(portal)
    found = annotations.get(KEY)
    if found is None and create:
        found = annotations[KEY] = AttemptStorage()
    return found


def new_refno(store: AttemptStorage, tenant_code, now: datetime) -> str:
    """``<tenant code>-<yyyymmdd>-<6 random>``: readable on a bank statement, not guessable."""
    while True:
        tail = "".join(secrets.choice(REFNO_ALPHABET) for _ in range(REFNO_RANDOM))
        refno = f"{tenant_code}-{aware(now):%Y%m%d}-{tail}"
        if refno not in store.attempts:
            return refno


def snapshot(form, data: dict, userid: str | None, now: datetime) -> Draft:
    """A data holder with the validated ``data`` of ``form`` (typed, files as blobs), as a draft
    keeps them; ``drafts.values_for(holder, form)`` reads them back for the delivery."""
    holder = Draft(form.UID(), userid, now, 1)
    remember(holder, form, data)
    return holder


def create(portal, holder: Draft, *, tenant_uid, tenant_code, service_title, amount, now=None):
    """A new pending attempt to pay ``amount`` centimes for the request ``holder`` holds."""
    now = aware(now or datetime.now(UTC))
    store = storage(portal, create=True)
    attempt = PaymentAttempt(
        new_refno(store, tenant_code, now),
        tenant_uid=tenant_uid,
        service_title=service_title,
        amount=amount,
        holder=holder,
        now=now,
    )
    store.attempts[attempt.refno] = attempt
    store.unpaid[attempt.refno] = attempt
    return attempt


def again(portal, attempt: PaymentAttempt, now=None) -> PaymentAttempt | None:
    """A new attempt for the same request after a declined, cancelled or failed one (or a
    second tab); None when the request was delivered or its data is gone."""
    store = storage(portal)
    holder = holder_of(attempt)
    if store is None or holder is None or attempt.draft_id in store.delivered:
        return None
    code = attempt.refno.split("-", 1)[0]
    title, amount = attempt.service_title, attempt.amount
    kwargs = {"tenant_uid": attempt.tenant_uid, "service_title": title, "amount": amount}
    return create(portal, holder, tenant_code=code, now=now, **kwargs)


def transaction_key(provider: str, transaction_id: str) -> str:
    return f"{provider}:{transaction_id}"


def opened(portal, attempt: PaymentAttempt, provider: str, transaction_id: str) -> None:
    """The provider opened the attempt's transaction: found by its id from now on."""
    attempt.opened(provider, transaction_id)
    storage(portal, create=True).transactions[transaction_key(provider, transaction_id)] = (
        attempt.refno
    )


def by_refno(portal, refno: str) -> PaymentAttempt | None:
    store = storage(portal)
    return store.attempts.get(refno) if store is not None and refno else None


def by_transaction(portal, provider: str, transaction_id: str) -> PaymentAttempt | None:
    store = storage(portal)
    if store is None or not transaction_id:
        return None
    refno = store.transactions.get(transaction_key(provider, transaction_id))
    return store.attempts.get(refno) if refno else None


def holder_of(attempt: PaymentAttempt) -> Draft | None:
    """The data holder of the attempt's request; None once it was let go (delivered, refunded,
    purged), by this attempt or another of the same request."""
    holder = attempt.holder
    return holder if holder is not None and len(holder.values) else None


def flagged(portal, tenant_uid: str | None = None) -> list[PaymentAttempt]:
    """Paid attempts the tenant's admins must look at (``flag`` says why), oldest first."""
    store = storage(portal)
    if store is None:
        return []
    found = [a for a in store.flagged.values() if tenant_uid in (None, a.tenant_uid)]
    return sorted(found, key=lambda attempt: attempt.created)


def unflag(portal, attempt: PaymentAttempt) -> None:
    """The admins dealt with it: off the list; its data goes unless another attempt needs it."""
    attempt.mark("")
    store = storage(portal)
    if store is not None:
        store.flagged.pop(attempt.refno, None)
        release_holder(store, attempt)


def discard_holder(attempt: PaymentAttempt) -> None:
    """The request's values and files go (blobs leave the database at the next pack), for
    every attempt of the request."""
    if attempt.holder is not None:
        attempt.holder.empty()
    attempt.let_go()


def release_holder(store: AttemptStorage, attempt: PaymentAttempt) -> bool:
    """Discard the attempt's holder unless another attempt of the request may still be paid
    or is flagged (the admins may still deliver it); whether it went."""
    others = (*store.unpaid.values(), *store.flagged.values())
    for other in others:
        same = other is not attempt and other.draft_id == attempt.draft_id
        if same and (other.flag or other.state != PAID):
            return False
    discard_holder(attempt)
    return True


def remove(store: AttemptStorage, attempt: PaymentAttempt) -> None:
    """An attempt that was never paid goes from every index (the purge)."""
    store.attempts.pop(attempt.refno, None)
    store.unpaid.pop(attempt.refno, None)
    if attempt.transaction_id:
        store.transactions.pop(transaction_key(attempt.provider, attempt.transaction_id), None)
