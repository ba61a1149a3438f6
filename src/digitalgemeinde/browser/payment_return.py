"""``@@payment-return?refno=…``: the citizen is back from the provider's payment page.

Only the browser that started the payment gets past a 404 (its cookie, ``checkout.may_follow``).
A confirmed payment goes on to the request's receipt; until the provider's word is in, the
page says the payment is being checked and looks again by itself (a refresh, no script); a
declined or cancelled payment says nothing was charged and offers to pay again.
"""

from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import checkout
from digitalgemeinde.payments.fees import format_centimes

MAX_REFNO = 64
REFRESH_SECONDS = 3
TITLES = {
    "waiting": _("payment_waiting_title", default="Your payment is being checked"),
    "declined": _("payment_declined_title", default="The payment was declined"),
    "cancelled": _("payment_cancelled_title", default="The payment was cancelled"),
    "failed": _("payment_failed_title", default="The payment did not go through"),
    "expired": _("payment_expired_title", default="The time for paying has run out"),
    "paid": _("payment_paid_title", default="Your payment has arrived"),
}
TEXTS = {
    "waiting": _(
        "payment_waiting_text",
        default="The payment service has not confirmed your payment yet. This page looks again "
        "by itself. Once it is confirmed, your request goes to the office and you get the "
        "receipt by e-mail, also if you close this page.",
    ),
    "declined": _(
        "payment_declined_text",
        default="Nothing was charged, and your request was not sent yet. You can pay again, "
        "e.g. with another card or TWINT.",
    ),
    "cancelled": _(
        "payment_cancelled_text",
        default="Nothing was charged, and your request was not sent yet. You can pay now.",
    ),
    "failed": _(
        "payment_failed_text",
        default="Nothing was charged, and your request was not sent yet. Please try again.",
    ),
    "expired": _(
        "payment_expired_text",
        default="Nothing was charged, and your request was not sent. Please fill in the form "
        "again.",
    ),
    "paid": _(
        "payment_paid_text",
        default="Your request had already been sent with another payment. This payment is "
        "refunded to you; the municipality will contact you if anything is unclear.",
    ),
}
RETRY = ("declined", "cancelled", "failed")


class PaymentReturn(BrowserView):
    index = ViewPageTemplateFile("templates/payment_return.pt")

    def __call__(self):
        refno = str(self.request.form.get("refno") or "")[:MAX_REFNO]
        attempt = attempts.by_refno(self.context, refno) if refno else None
        if not checkout.may_follow(attempt, self.request):
            raise NotFound(refno)
        self.attempt = attempt
        if self.request.method == "POST":
            return self.pay_again()
        alsoProvides(self.request, IDisableCSRFProtection)  # the provider's word is stored
        checkout.follow_up(attempt)
        self.state = checkout.where_now(attempt)
        if self.state == "delivered" and (receipt := checkout.receipt_url(attempt)):
            self.request.response.redirect(receipt, status=303)
            return ""
        if self.state == "waiting":
            self.request.response.setHeader("Refresh", str(REFRESH_SECONDS))
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()

    def pay_again(self):
        CheckAuthenticator(self.request)
        started = (
            checkout.try_again(self.attempt) if checkout.where_now(self.attempt) in RETRY else None
        )
        if started is None:
            self.request.response.redirect(self.here(), status=303)
            return ""
        checkout.remember_browser(started, self.request)
        self.request.response.redirect(started.redirect_url, status=303)
        return ""

    def here(self) -> str:
        return f"{self.context.absolute_url()}/{checkout.RETURN_VIEW}?refno={self.attempt.refno}"

    def title(self):
        return TITLES[self.state]

    def text(self):
        return TEXTS[self.state]

    def may_retry(self) -> bool:
        return self.state in RETRY

    def facts(self) -> dict:
        return {
            "service": self.attempt.service_title,
            "amount": format_centimes(self.attempt.amount),
            "refno": self.attempt.refno,
            "form_url": checkout.form_url(self.attempt) if self.state == "expired" else None,
            "action": self.here(),
        }
