"""``@@delivery-resend``: «Erneut senden» on a request's page, for a delivery to the specialist
application that failed (a POST with the CSRF token; ``outbox.resend``). Back on the page, a
message says what happened; a GET changes nothing and leads back to the page."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

from digitalgemeinde import _
from digitalgemeinde.outbox.resend import ResendRefused
from digitalgemeinde.outbox.resend import resend


class DeliveryResend(BrowserView):
    def __call__(self):
        back = f"{self.context.absolute_url()}#delivery"
        if self.request.method != "POST":
            return self.request.response.redirect(back, status=303)
        CheckAuthenticator(self.request)
        try:
            resend(self.context)
        except ResendRefused as refused:
            api.portal.show_message(refused.message, request=self.request, type="error")
            return self.request.response.redirect(back, status=303)
        api.portal.show_message(
            _(
                "${reference} will be sent to the specialist application again, with the same "
                "idempotency key.",
                mapping={"reference": self.context.reference},
            ),
            request=self.request,
            type="info",
        )
        return self.request.response.redirect(back, status=303)
