"""``POST <request>/@delivery-resend``: send a failed delivery to the specialist application
again, as «Erneut senden» on the request's page (``outbox.resend``): the same idempotency key,
logged; 409 when the delivery has not failed."""

from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from digitalgemeinde.outbox.resend import ResendRefused
from digitalgemeinde.outbox.resend import resend
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService


class DeliveryResendPost(JsonService):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            job = resend(self.context)
        except ResendRefused as refused:
            raise ApiError(refused.status, refused.message) from refused
        return {
            "@id": self.context.absolute_url(),
            "reference": self.context.reference,
            "state": job.state,
            "idempotency_key": job.key,
            "next_try": job.next_try.isoformat(),
        }
