"""The easyform action "Deliver to office" (Zustellung an Amt).

On a valid submission it hands the form's values to ``deliver``, which makes the Submission in
the office's inbox and queues the mails, all in the request's transaction.
"""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from plone.supermodel.exportimport import BaseHandler
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.interfaces import IDeliverToOffice
from digitalgemeinde.payments import checkout
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions import duplicates
from digitalgemeinde.submissions.delivery import DeliveryError
from digitalgemeinde.submissions.delivery import prepare
from digitalgemeinde.submissions.delivery import store
from digitalgemeinde.submissions.tokens import status_url


@implementer(IDeliverToOffice)
class DeliverToOffice(Action):
    __doc__ = IDeliverToOffice.__doc__

    def __init__(self, **kw):
        for name in ("office", "email_field"):
            setattr(self, name, kw.pop(name, IDeliverToOffice[name].default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        form = get_context(self)
        try:
            prepared = prepare(form, fields, request, action=self)
            amount = checkout.amount_due(prepared)  # a fee paid online first (issue 20)
            if amount:
                return self.pay_first(prepared, amount, request)
            delivery = store(prepared, request)
        except DeliveryError as error:
            # easyform shows this above the form; nothing was stored
            return {FORM_ERROR_MARKER: error.args[0]}
        if delivery.repeated:
            # the same values a moment ago: the form says when, and links to that request
            # (``delivery`` is on the request), instead of a receipt on top of an old request
            return {FORM_ERROR_MARKER: duplicates.already_sent(delivery.submission)}
        # the request is sent: the draft it was filled in from goes, with its files
        drafts.discard_current(form, request)
        # the receipt: the request's own page, reached by its capability link
        request.response.redirect(f"{status_url(delivery.token)}?receipt=1", status=303)

    def pay_first(self, prepared, amount: int, request):
        """To the provider's payment page; the request is delivered once the payment is
        confirmed (``payments.checkout``). The attempt holds the values: the draft goes."""
        started = checkout.start(prepared, amount)
        checkout.remember_browser(started, request)
        drafts.discard_current(prepared.form, request)
        request.response.redirect(started.redirect_url, status=303)


DeliverToOfficeAction = ActionFactory(
    DeliverToOffice, _("Deliver to office"), "cmf.ModifyPortalContent"
)
DeliverToOfficeHandler = BaseHandler(DeliverToOffice)
