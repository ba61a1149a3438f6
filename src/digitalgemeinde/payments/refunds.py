"""Refunds of a paid request by the office that rejected or completed it (issue 20).

A request delivered after an online payment keeps the payment (``submission.payment``, with our
reference ``refno``); its attempt (``attempts.by_refno``) knows what was paid and refunded. The
office's staff (who may process the request) refund the fee in full or in part once the request
is rejected or completed: ``refund_request`` checks the amount the clerk typed, has the tenant's
provider credit it (``settlement.refund``), writes the case log and queues the citizen's mail
(sent when the transaction commits).

The order: the request is rejected first, then the refund is offered (the request page sends the
clerk to it). The rejection never waits for the provider, and a refund is only recorded once the
provider has credited it: a provider that cannot be reached leaves the rejection as it is and
records nothing; the clerk tries again from the request page. A transaction retried after a
conflict sends the same refund (same reference, same idempotency key): the provider does it once.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from plone import api

from digitalgemeinde import _
from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.amounts import parse_amount
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.accounts import account_for_tenant_uid
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.payments.provider import ProviderUnavailable
from digitalgemeinde.payments.provider import provider_for
from digitalgemeinde.payments.settlement import RefundRefused
from digitalgemeinde.submissions import log
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.mail import compose
from digitalgemeinde.submissions.mail import send

logger = logging.getLogger("digitalgemeinde.payments")

PROCESS = "digitalgemeinde: Process submission"
ACTION = "refund"  # the case log's action
REFUNDABLE_STATES = ("rejected", "completed")
LOG_LABELS = {ACTION: _("log_refund", default="Fee refunded")}
MAIL_SUBJECT = _("mail_refund_subject", default="Your request ${reference}: refund")
MAIL_BODY = _(
    "mail_refund_body",
    default="We have refunded ${amount} to you for your request ${reference} (${service}). "
    "The amount is credited to the means of payment you paid with.",
)
UNREACHABLE = _(
    "refund_unreachable",
    default="The payment provider cannot be reached: nothing was refunded. Please try again later.",
)
PROVIDER_REFUSED = _(
    "refund_provider_refused",
    default="The payment provider refused the refund: nothing was refunded.",
)
NO_ACCOUNT = _(
    "refund_no_account",
    default="The merchant account is not active: nothing was refunded.",
)


def chf(centimes: int) -> str:
    """``CHF 2'500.00`` of an amount in centimes."""
    return format_chf(Decimal(centimes).scaleb(-2))


@dataclass(frozen=True)
class Payment:
    """What a request's clerk sees of its payment (amounts in centimes)."""

    paid: int
    refunded: int
    refundable: int
    refunds: tuple  # (refund id, amount, at, by, reason) of the attempt


def paid_attempt(submission):
    """The attempt whose payment delivered ``submission``; None when it was not paid online."""
    payment = getattr(submission, "payment", None) or {}
    refno = payment.get("refno") if isinstance(payment, dict) else None
    return attempts.by_refno(api.portal.get(), refno) if refno else None


def payment_of(submission) -> Payment | None:
    """The request's payment and its refunds; None when it was not paid online."""
    payment = getattr(submission, "payment", None)
    if not payment:
        return None
    attempt = paid_attempt(submission)
    if attempt is None:
        return Payment(payment.get("amount") or 0, 0, 0, ())
    return Payment(attempt.amount, attempt.refunded, attempt.refundable, tuple(attempt.refunds))


def may_refund(submission) -> bool:
    """Whether the current user may refund (part of) the request's fee now."""
    if api.content.get_state(submission, default="") not in REFUNDABLE_STATES:
        return False
    payment = payment_of(submission)
    if payment is None or payment.refundable <= 0:
        return False
    return bool(api.user.has_permission(PROCESS, obj=submission))


NOT_CLOSED = _(
    "refund_not_closed",
    default="The fee can be refunded once the request is rejected or completed.",
)
NOT_PAID = _("refund_not_paid", default="This request was not paid online: nothing to refund.")
NOTHING_LEFT = _("refund_nothing_left", default="The fee is refunded in full: nothing is left.")


def why_not(submission):
    """Why the request's fee cannot be refunded now (a message); None when it can."""
    payment = payment_of(submission)
    if payment is None:
        return NOT_PAID
    if api.content.get_state(submission, default="") not in REFUNDABLE_STATES:
        return NOT_CLOSED
    return NOTHING_LEFT if payment.refundable <= 0 else None


def amount_of(text) -> int:
    """The centimes the clerk means by ``text`` (``20.00``, ``20``, ``12,50``); RefundRefused
    for what is no amount, for nothing and for a negative amount."""
    value = text.strip() if isinstance(text, str) else ""
    if not value:
        raise RefundRefused(_("refund_amount_missing", default="Enter the amount to refund."))
    if value.startswith(("-", "−")):
        raise RefundRefused(_("The amount to refund must be more than CHF 0.00."))
    try:
        amount = parse_amount(value)
    except AmountError as error:
        raise RefundRefused(error.message) from None
    return int(amount.scaleb(2))


def provider_of(attempt):
    """The provider of the attempt's tenant; RefundRefused when its account is not active."""
    account = account_for_tenant_uid(attempt.tenant_uid)
    if account is None:
        raise RefundRefused(NO_ACCOUNT)
    try:
        return provider_for(account)
    except KeyError:
        raise RefundRefused(NO_ACCOUNT) from None


def credit(attempt, amount: int, by: str, reason: str, portal=None) -> tuple:
    """Refund ``amount`` centimes of ``attempt`` through its tenant's provider; the refund's
    record. RefundRefused (nothing recorded) for a wrong amount or when the provider fails."""
    provider = provider_of(attempt)
    try:
        return settlement.refund(attempt, amount, by, reason, provider, portal=portal)
    except ProviderUnavailable as error:
        logger.warning("Refund of %s: provider unreachable (%s)", attempt.refno, error)
        raise RefundRefused(UNREACHABLE) from None
    except PaymentError as error:
        logger.warning("Refund of %s refused by the provider: %s", attempt.refno, error)
        raise RefundRefused(PROVIDER_REFUSED) from None


def refund_request(submission, amount_text, note: str = "") -> tuple:
    """Refund what the clerk typed of the request's fee (see the module); the refund's record.
    RefundRefused, with nothing changed, when it may not or cannot be done."""
    state = api.content.get_state(submission, default="")
    if state not in REFUNDABLE_STATES:
        raise RefundRefused(NOT_CLOSED)
    attempt = paid_attempt(submission)
    if attempt is None:
        raise RefundRefused(NOT_PAID)
    amount = amount_of(amount_text)
    note = (note or "").strip()[:500]
    record = credit(attempt, amount, actor_id(), note or state)
    comment = f"{chf(amount)}: {note}" if note else chf(amount)
    log.record(submission, ACTION, comment, amount=amount, refund_id=record[0])
    queue_refund_mail(submission, amount)
    logger.info("Refund of %s for %s by %s", attempt.refno, submission.reference, actor_id())
    return record


def queue_refund_mail(submission, amount: int) -> bool:
    """Tell the citizen, in the request's language, what was refunded (sent on commit)."""
    if not submission.submitter_email:
        return False
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "amount": chf(amount),
    }
    subject, body = compose(MAIL_SUBJECT, MAIL_BODY, mapping, submission.language)
    return send([submission.submitter_email], subject, body, reference=submission.reference)
