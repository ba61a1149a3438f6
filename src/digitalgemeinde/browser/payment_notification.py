"""``POST /@@payment-notification?refno=<our reference>``: the payment provider's notification
(Datatrans' webhook: JSON, signed in ``Datatrans-Signature``; sent with any ``Accept``, so a
page rather than a REST service).

Public (the provider has no login), so it trusts nothing but the signature: the notification is
verified with the key of the merchant account of the tenant the payment belongs to, then
settled (``payments.checkout.notified``): the request is delivered if the payment is confirmed,
once, however often the provider sends it. A notification that does not hold (unknown
reference, bad signature, another amount, currency or reference) is refused with 400 and
logged, and changes nothing. An error while delivering ends in 500: nothing is kept, and the
provider sends the notification again.
"""

import json

from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.interface import alsoProvides

from digitalgemeinde.payments import checkout
from digitalgemeinde.payments.provider import InvalidNotification

MAX_REFNO = 64
SIGNED_HEADERS = ("Datatrans-Signature", "Content-Type")


class PaymentNotification(BrowserView):
    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        if self.request.method != "POST":
            response.setStatus(405)
            response.setHeader("Allow", "POST")
            return json.dumps({"error": "POST only"})
        alsoProvides(self.request, IDisableCSRFProtection)  # signed, not a browser's form
        refno = str(self.request.form.get("refno") or "")[:MAX_REFNO]
        body = self.request.get("BODY") or b""
        headers = {
            name: value for name in SIGNED_HEADERS if (value := self.request.getHeader(name))
        }
        try:
            outcome = checkout.notified(refno, body, headers)
        except InvalidNotification:
            response.setStatus(400)
            return json.dumps({"refno": refno, "outcome": "refused"})
        return json.dumps({"refno": refno, "outcome": outcome.kind})
