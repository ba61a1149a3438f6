"""The refund of a paid request's fee by the office (issue 20).

``@@case-refund`` on a request: the clerk confirms the amount (the full refundable amount
offered, lower allowed) and the refund goes through the provider (``payments.refunds``). The
request page sends the clerk here right after rejecting a paid request (``refund_offer``): the
rejection is taken first and does not depend on the provider; the refund follows as a step of its
own, recorded only once the provider has credited it. Later, the request page's section
``@@case-refund-section`` offers it again on a rejected or completed request with something left
to refund. Only who may process the request (the office's staff) may refund.
"""

from decimal import Decimal

import transaction
from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.amounts import amount_text
from digitalgemeinde.payments import refunds
from digitalgemeinde.payments.settlement import RefundRefused
from digitalgemeinde.submissions.answer_templates import submitter_name
from digitalgemeinde.submissions.values import local_time

PROCESS = refunds.PROCESS


def refund_offer(submission, transition: str) -> str | None:
    """Where the clerk goes after ``transition``: the refund's page after rejecting a request
    whose fee they may refund; None otherwise."""
    if transition != "reject" or not refunds.may_refund(submission):
        return None
    payment = refunds.payment_of(submission)
    api.portal.show_message(
        _(
            "refund_offer",
            default="The request was paid online (${amount}). You may now refund the fee "
            "in full or in part.",
            mapping={"amount": refunds.chf(payment.paid)},
        ),
        type="info",
    )
    return f"{submission.absolute_url()}/@@case-refund"


def francs(centimes: int) -> str:
    """``20.00``: what the amount's input shows."""
    return amount_text(Decimal(centimes).scaleb(-2))


class CaseRefundSection(BrowserView):
    """The request page's part: what was paid and refunded, and the button to refund."""

    index = ViewPageTemplateFile("templates/case_refund_section.pt")

    def __call__(self):
        if not api.user.has_permission(PROCESS, obj=self.context):
            return ""
        self.payment = refunds.payment_of(self.context)
        if self.payment is None:
            return ""
        return self.index()

    def paid(self) -> str:
        return refunds.chf(self.payment.paid)

    def refundable(self) -> str:
        return refunds.chf(self.payment.refundable) if self.payment.refundable else ""

    def refunds(self) -> list[dict]:
        return [
            {"amount": refunds.chf(amount), "when": local_time(at), "refund_id": refund_id}
            for refund_id, amount, at, _by, _reason in self.payment.refunds
        ]

    def may_refund(self) -> bool:
        return refunds.may_refund(self.context)

    def refund_url(self) -> str:
        return f"{self.context.absolute_url()}/@@case-refund"


class CaseRefund(BrowserView):
    """``@@case-refund``: the clerk confirms the amount to refund (GET shows, POST refunds)."""

    index = ViewPageTemplateFile("templates/case_refund.pt")

    def __call__(self):
        self.errors = []
        self.payment = refunds.payment_of(self.context)
        self.amount = francs(self.payment.refundable) if self.payment else ""
        self.note = ""
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if not api.user.has_permission(PROCESS, obj=self.context):
                raise Unauthorized("You may not process this request.")
            redirect = self.refund()
            if redirect:
                self.request.response.redirect(redirect, status=303)
                return ""
            transaction.doom()  # refused: nothing of it is kept
        return self.index()

    def refund(self) -> str | None:
        form = self.request.form
        amount = form.get("amount") if isinstance(form.get("amount"), str) else ""
        note = form.get("note") if isinstance(form.get("note"), str) else ""
        self.amount, self.note = amount, note
        try:
            record = refunds.refund_request(self.context, amount, note)
        except RefundRefused as refused:
            self.errors.append(refused.message)
            return None
        done = _(
            "refund_done",
            default="${amount} was refunded.",
            mapping={"amount": refunds.chf(record[1])},
        )
        api.portal.show_message(done, request=self.request, type="info")
        if self.context.submitter_email:
            name = submitter_name(self.context)
            told = (
                _("confirm_told", default="${name} was informed by email.", mapping={"name": name})
                if name
                else _("confirm_told_nameless", default="The citizen was informed by email.")
            )
            api.portal.show_message(told, request=self.request, type="info")
        return f"{self.context.absolute_url()}#refund"

    def url(self) -> str:
        return self.context.absolute_url()

    def may_refund(self) -> bool:
        return refunds.may_refund(self.context)

    def why_not(self):
        return refunds.why_not(self.context)

    def paid(self) -> str:
        return refunds.chf(self.payment.paid) if self.payment else ""

    def refundable(self) -> str:
        return refunds.chf(self.payment.refundable) if self.payment else ""
