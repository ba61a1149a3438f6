"""What a request's online payment shows, to the citizen and to the office (issue 20).

A request paid online before its delivery keeps ``submission.payment`` (content_types/submission:
``amount`` in centimes, ``currency``, ``provider``, ``transaction_id``, ``refno``, ``paid_at``
in UTC). Every place that shows it reads it here, so that they agree: the receipt and status
page, the receipt's PDF and mail, the REST status, the office's request page, the inbox's
"bezahlt" (from the catalog's ``payment_amount``, so that the inbox loads no request) and the
export. A request without a payment shows none of it.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from Acquisition import aq_base
from plone.indexer import indexer
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.interfaces import ISubmission
from digitalgemeinde.payments.accounts import SPECS
from digitalgemeinde.submissions.values import local_time

PAID_LABEL = _("payment_paid_label", default="Paid")
TRANSACTION_LABEL = _("payment_transaction_label", default="Transaction")


@dataclass(frozen=True)
class PaymentFacts:
    """The payment of a request, as it is shown."""

    amount: int  # centimes
    currency: str
    provider: str
    transaction_id: str
    refno: str
    paid_at: datetime | None

    @property
    def francs(self) -> Decimal:
        return Decimal(self.amount).scaleb(-2)

    @property
    def amount_text(self) -> str:
        """``CHF 40.00`` (Swiss notation, ``CHF 2'500.00``)."""
        text = format_chf(self.francs)
        if self.currency and self.currency != "CHF":
            text = f"{self.currency} {text.removeprefix('CHF ')}"
        return text

    @property
    def provider_title(self) -> str:
        """``Datatrans``: the provider's name as its customers know it."""
        spec = SPECS.get(self.provider)
        return spec.title if spec is not None else self.provider

    @property
    def paid_at_text(self) -> str:
        """``07.12.2026 14:03`` in Swiss time."""
        return local_time(self.paid_at)

    def line(self) -> Message:
        """``CHF 40.00 (Datatrans, Transaktion 1234567890), am 07.12.2026 14:03``."""
        return _(
            "payment_paid_line",
            default="${amount} (${provider}, transaction ${transaction}), on ${when}",
            mapping={
                "amount": self.amount_text,
                "provider": self.provider_title,
                "transaction": self.transaction_id,
                "when": self.paid_at_text,
            },
        )

    def transaction_text(self) -> str:
        """``1234567890 (Datatrans)``: the receipt's row of the provider's transaction."""
        return f"{self.transaction_id} ({self.provider_title})"


def payment_of(submission) -> PaymentFacts | None:
    """The request's online payment; None when nothing was paid online."""
    payment = getattr(aq_base(submission), "payment", None)
    if not payment or payment.get("amount") is None:
        return None
    return PaymentFacts(
        amount=int(payment["amount"]),
        currency=payment.get("currency") or "CHF",
        provider=payment.get("provider") or "",
        transaction_id=str(payment.get("transaction_id") or ""),
        refno=str(payment.get("refno") or ""),
        paid_at=payment.get("paid_at"),
    )


REFUNDED_LABEL = _("payment_refunded_label", default="Refunded")


def refunded_text(submission) -> str | None:
    """``CHF 40.00``: what was refunded of the request's payment (the case log's refunds,
    ``payments.refunds``); None when nothing was."""
    total = sum(
        int(entry.get("amount") or 0)
        for entry in getattr(aq_base(submission), "log", None) or ()
        if entry.get("action") == "refund"
    )
    return format_chf(Decimal(total).scaleb(-2)) if total else None


def paid_line(submission) -> Message | None:
    """The payment in one line (a message to translate), or None."""
    facts = payment_of(submission)
    return facts.line() if facts is not None else None


def mail_line(submission, language: str) -> str | None:
    """``Bezahlt: CHF 40.00 (Datatrans, Transaktion 1234567890), am 07.12.2026 14:03`` in
    ``language``, for the receipt's mail; None without a payment."""
    line = paid_line(submission)
    if line is None:
        return None
    label = translate(PAID_LABEL, target_language=language)
    return f"{label}: {translate(line, target_language=language)}"


def receipt_rows(submission, language: str) -> list[tuple[str, str]]:
    """The receipt PDF's row of the provider's transaction, next to the amount paid."""
    facts = payment_of(submission)
    if facts is None:
        return []
    label = translate(TRANSACTION_LABEL, target_language=language)
    value = facts.transaction_text()
    if facts.paid_at_text:
        value = f"{value}, {facts.paid_at_text}"
    return [(label, value)]


def export_cells(submission) -> list[str]:
    """The export's "Bezahlt (CHF)" (``40.00``) and "Transaktion"; empty without a payment."""
    facts = payment_of(submission)
    if facts is None:
        return ["", ""]
    return [str(facts.francs.quantize(Decimal("0.01"))), facts.transaction_id]


EXPORT_HEADER = (_("payment_export_paid", default="Paid (CHF)"), TRANSACTION_LABEL)


def json_payment(submission, iso) -> dict | None:
    """The REST status's ``payment``: ``{amount, currency, provider, transaction_id,
    paid_at}`` (``iso`` writes a time as the API does), or None."""
    facts = payment_of(submission)
    if facts is None:
        return None
    return {
        "amount": facts.amount,
        "currency": facts.currency,
        "provider": facts.provider,
        "provider_title": facts.provider_title,
        "transaction_id": facts.transaction_id,
        "paid_at": iso(facts.paid_at) if facts.paid_at is not None else None,
    }


@indexer(ISubmission)
def payment_amount(obj):
    """The catalog's ``payment_amount`` (centimes; None unpaid): the inbox's "bezahlt"."""
    facts = payment_of(obj)
    return facts.amount if facts is not None else None


def is_paid(brain) -> bool:
    """Whether a catalog record is of a request paid online (a record from before the
    column has ``Missing.Value``, which is false)."""
    return bool(getattr(brain, "payment_amount", None))
