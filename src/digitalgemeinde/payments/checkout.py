"""Pay, then deliver (issue 20): a request with a fee reaches the office only once its payment
is confirmed.

After the form validated (``delivery.prepare``: office, required login, the applicant),
``amount_due`` says whether the citizen pays online first: the service has a fee for these
values and the form's tenant has an active merchant account (without one the fee is invoiced
as before, and the request is delivered at once). ``start`` then records a payment attempt
holding the values and files (``attempts``), opens the transaction at the tenant's provider
and says where to send the citizen's browser. Nothing is in any inbox yet.

The provider's word settles the attempt (``settlement.settle``): its signed notification
(``notified``), the citizen's return to the portal (``follow_up``) or the worker's poll
(``poll``). Only a confirmed payment delivers the request, with ``deliver_paid``: the same
``delivery.store`` as a request without fee, as the applicant the attempt recorded, with the
payment among the request's particulars (receipt, mail, PDF, inbox).

The browser that paid proves itself by a cookie (``dg_payment_<refno>``, a random secret of
which the attempt keeps only the hash): it alone sees the outcome and is sent on to the
receipt. A refno alone opens nothing.
"""

import logging
import secrets
from dataclasses import asdict
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from urllib.parse import quote

from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.uuid.interfaces import IUUID

from digitalgemeinde import _
from digitalgemeinde.operation.digest import use_public_url
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import same_request
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.accounts import account_for
from digitalgemeinde.payments.accounts import account_for_tenant_uid
from digitalgemeinde.payments.fees import FeeError
from digitalgemeinde.payments.late_payments import late_choice
from digitalgemeinde.payments.provider import CURRENCY
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import InvalidNotification
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.payments.provider import ProviderUnavailable
from digitalgemeinde.payments.provider import Urls
from digitalgemeinde.payments.provider import provider_for
from digitalgemeinde.payments.service_fees import fee_for
from digitalgemeinde.submissions import availability
from digitalgemeinde.submissions import delivery
from digitalgemeinde.submissions import duplicates
from digitalgemeinde.submissions.drafts import values_for
from digitalgemeinde.submissions.reference import tenant_number
from digitalgemeinde.submissions.tokens import hash_token
from digitalgemeinde.submissions.tokens import mint_token
from digitalgemeinde.submissions.tokens import status_url
from digitalgemeinde.tenants import tenant_of

logger = logging.getLogger("digitalgemeinde.payments")

COOKIE_PREFIX = "dg_payment_"
RETURN_VIEW = "@@payment-return"
NOTIFICATION_VIEW = "@@payment-notification"
UNREACHABLE = _(
    "payment_unreachable",
    default="The payment service cannot be reached just now. Nothing was charged, and your "
    "entries are kept: please try again in a few minutes.",
)
NOT_POSSIBLE = _(
    "payment_not_possible",
    default="Online payment is not possible just now. Nothing was charged. Please try again "
    "later or contact the municipality.",
)


class PaymentNotStarted(delivery.DeliveryError):
    """The payment could not be opened: nothing charged, nothing stored for the office."""


@dataclass
class Checkout:
    """A payment opened: send the browser to ``redirect_url``; ``secret`` goes in its cookie."""

    attempt: attempts.PaymentAttempt
    redirect_url: str
    secret: str

    @property
    def cookie_name(self) -> str:
        return cookie_name(self.attempt.refno)


def cookie_name(refno: str) -> str:
    return f"{COOKIE_PREFIX}{refno}"


def amount_due(prepared: delivery.Prepared) -> int | None:
    """The centimes the citizen pays online before the request is delivered; None when it is
    delivered at once (no fee, nothing due for these values, or no merchant account: the
    office invoices). A value that gives no fee raises DeliveryError with its message."""
    try:
        amount = fee_for(prepared.form, prepared.values)
    except FeeError as error:
        raise delivery.DeliveryError(error.message) from error
    if not amount or account_for(prepared.form) is None:
        return None
    return amount


def portal_url() -> str:
    return api.portal.get().absolute_url()


def urls_for(refno: str) -> Urls:
    back = f"{portal_url()}/{RETURN_VIEW}?refno={quote(refno)}"
    return Urls(
        success=back,
        cancel=f"{back}&outcome=cancel",
        error=f"{back}&outcome=error",
        webhook=f"{portal_url()}/{NOTIFICATION_VIEW}?refno={quote(refno)}",
    )


def start(prepared: delivery.Prepared, amount: int) -> Checkout:
    """Hold the request's values, open its payment at the tenant's provider: where to send the
    browser. PaymentNotStarted (nothing charged) when the provider cannot open it."""
    form = prepared.form
    if not (state := availability.state(form)).is_open:  # closed: never take the money
        raise delivery.DeliveryError(state.message())
    if (earlier := duplicates.earlier_delivery(form, prepared.key)) is not None:
        raise delivery.DeliveryError(duplicates.already_sent(earlier))  # never paid twice
    now = datetime.now(UTC)
    tenant = tenant_of(form)
    portal = api.portal.get()
    holder = same_request.earlier_holder(portal, form, prepared.key)  # a second tab
    if holder is None:
        holder = attempts.snapshot(form, prepared.data, prepared.applicant.userid, now)
    title = prepared.service.Title() if prepared.service is not None else form.Title()
    attempt = attempts.create(
        portal,
        holder,
        tenant_uid=IUUID(tenant),
        tenant_code=tenant_number(tenant),
        service_title=title,
        amount=amount,
        now=now,
    )
    secret = secrets.token_urlsafe(24)
    attempt.made_by(asdict(prepared.applicant), hash_token(secret), portal_url())
    same_request.remember(form, prepared.key, attempt)
    return Checkout(attempt, open_payment(attempt, account_for(form)), secret)


def open_payment(attempt: attempts.PaymentAttempt, account) -> str:
    """Open the attempt's transaction at the provider: the payment page's address."""
    now = datetime.now(UTC)
    try:
        provider = provider_for(account)
        opened = provider.initialize(
            amount=attempt.amount,
            currency=CURRENCY,
            refno=attempt.refno,
            urls=urls_for(attempt.refno),
        )
    except ProviderUnavailable as error:
        logger.warning("Payment %s not opened, provider unreachable: %s", attempt.refno, error)
        attempt.close(FAILED, now, "unreachable")
        raise PaymentNotStarted(UNREACHABLE) from error
    except (PaymentError, KeyError) as error:
        logger.error("Payment %s not opened: %r", attempt.refno, error)
        attempt.close(FAILED, now, "refused")
        raise PaymentNotStarted(NOT_POSSIBLE) from error
    attempts.opened(api.portal.get(), attempt, provider.name, opened.transaction_id)
    return opened.redirect_url


def try_again(attempt: attempts.PaymentAttempt) -> Checkout | None:
    """A new payment of the same request after a declined or cancelled one; None when the
    request was delivered meanwhile or its data is gone."""
    account = account_for_tenant_uid(attempt.tenant_uid)
    new = attempts.again(api.portal.get(), attempt)
    if new is None or account is None:
        return None
    secret = secrets.token_urlsafe(24)
    new.made_by(attempt.applicant or {}, hash_token(secret), attempt.site_url)
    return Checkout(new, open_payment(new, account), secret)


def remember_browser(started: Checkout, request) -> None:
    """The paying browser's cookie: it alone is shown the outcome (see the module)."""
    secure = request.get("SERVER_URL", "").startswith("https")
    request.response.setCookie(
        started.cookie_name,
        started.secret,
        path="/",
        http_only=True,
        secure=secure,
        same_site="Lax",  # sent on the provider's redirect back, a top-level navigation
        max_age=2 * 24 * 3600,
    )


def may_follow(attempt: attempts.PaymentAttempt | None, request) -> bool:
    """Whether ``request`` comes from the browser that started the attempt's payment."""
    if attempt is None or not attempt.browser_hash:
        return False
    secret = request.cookies.get(cookie_name(attempt.refno), "")
    return bool(secret) and secrets.compare_digest(hash_token(secret), attempt.browser_hash)


def payment_record(attempt: attempts.PaymentAttempt) -> dict:
    """The request's particular ``payment``."""
    return {
        "amount": attempt.amount,
        "currency": attempt.currency,
        "provider": attempt.provider,
        "transaction_id": attempt.transaction_id,
        "refno": attempt.refno,
        "paid_at": attempt.paid_at,
    }


def deliver_paid(attempt: attempts.PaymentAttempt) -> str:
    """Deliver the request of a confirmed payment, as its applicant sent it: its UID."""
    form = uuidToObject(attempt.form_uid, unrestricted=True)
    holder = attempts.holder_of(attempt)
    if form is None or holder is None:
        raise delivery.DeliveryError(f"payment {attempt.refno}: its form or data is gone")
    request = api.portal.get().REQUEST
    applicant = delivery.Applicant(**(attempt.applicant or {}))
    prepared = delivery.prepare(form, values_for(holder, form), request, applicant=applicant)
    done = delivery.store(prepared, request, {"payment": payment_record(attempt)})
    return IUUID(done.submission)


def provider_of(attempt: attempts.PaymentAttempt):
    """The provider of the attempt's tenant, or None when it has no account any more."""
    account = account_for_tenant_uid(attempt.tenant_uid)
    return provider_for(account) if account is not None else None


def late_payments(attempt: attempts.PaymentAttempt) -> str:
    """What the attempt's tenant chose for a payment confirmed after the attempt expired."""
    return late_choice(attempt.tenant_uid)


def settle(attempt, status) -> settlement.Outcome:
    provider = provider_of(attempt)
    return settlement.settle(attempt, status, deliver_paid, provider, late=late_payments(attempt))


def notified(refno: str, body: bytes, headers) -> settlement.Outcome:
    """The provider's notification about ``refno``: verified with the tenant's key, then
    settled. InvalidNotification (refused, logged) when it is unknown or does not hold."""
    attempt = attempts.by_refno(api.portal.get(), refno)
    provider = provider_of(attempt) if attempt is not None else None
    if provider is None:
        logger.warning("Payment notification for unknown reference %r refused", refno[:40])
        raise InvalidNotification("unknown reference")
    status = provider.verify_notification(body, headers)
    outcome = settle(attempt, status)
    if outcome.kind == settlement.REFUSED:
        raise InvalidNotification(outcome.detail)
    return outcome


def follow_up(attempt: attempts.PaymentAttempt) -> settlement.Outcome | None:
    """The citizen is back from the payment page: ask the provider now rather than wait for
    its notification. None when it cannot be asked (unreachable: the notification or the
    poll settles it)."""
    if attempt.state != PENDING or not attempt.transaction_id:
        return None
    provider = provider_of(attempt)
    if provider is None:
        return None
    try:
        status = provider.status(attempt.transaction_id)
    except PaymentError as error:
        logger.info("Payment %s: status not known now (%s)", attempt.refno, error)
        return None
    return settle(attempt, status)


def deliver_by_worker(attempt: attempts.PaymentAttempt) -> str:
    """``deliver_paid`` in the worker, whose request knows no address of the portal: the
    links of the request's mails use the one the citizen used."""
    if attempt.site_url:
        portal = api.portal.get()
        use_public_url(portal.REQUEST, portal, attempt.site_url)
    return deliver_paid(attempt)


def poll(portal) -> settlement.PollReport:
    """For the worker: settle the attempts whose notification is late."""
    return settlement.poll(portal, provider_of, deliver_by_worker, late=late_payments)


def where_now(attempt: attempts.PaymentAttempt) -> str:
    """What the citizen back from paying is told: ``delivered`` (to the receipt), ``waiting``
    (the provider's word is not in yet), ``declined``, ``cancelled``, ``failed`` (nothing
    charged, may try again), ``expired`` (too late, nothing charged) or ``paid`` (paid, but
    not for a request delivered now: refunded or for the municipality to look at)."""
    if attempt.request_uid:
        return "delivered"
    if attempt.state == PENDING:
        return "waiting"
    if attempt.state == PAID:
        return "paid"
    return attempt.state  # declined, cancelled, failed, expired


def receipt_url(attempt: attempts.PaymentAttempt) -> str | None:
    """The receipt of the request the payment delivered, by a fresh capability link."""
    submission = (
        uuidToObject(attempt.request_uid, unrestricted=True) if attempt.request_uid else None
    )
    if submission is None:
        return None
    return f"{status_url(mint_token(submission))}?receipt=1"


def form_url(attempt: attempts.PaymentAttempt) -> str | None:
    form = uuidToObject(attempt.form_uid, unrestricted=True)
    return form.absolute_url() if form is not None else None
