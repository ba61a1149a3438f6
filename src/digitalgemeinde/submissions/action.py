"""The easyform action "Deliver to office" (Zustellung an Amt).

On a valid submission it hands the form's values to ``deliver``, which makes the Submission in
the office's inbox and queues the mails, all in the request's transaction.
"""

from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.interfaces import IAction
from plone.supermodel.exportimport import BaseHandler
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.submissions.mail import status_url


class IDeliverToOffice(IAction):
    office = schema.Choice(
        title=_("Office"),
        description=_(
            "The office whose inbox receives the requests. Empty: the responsible office of "
            "the service that links this form."
        ),
        vocabulary="digitalgemeinde.vocabularies.form_offices",
        required=False,
    )
    email_field = schema.ASCIILine(
        title=_("Email field"),
        description=_("Name of the form field with the citizen's email address."),
        default="email",
        required=False,
    )


@implementer(IDeliverToOffice)
class DeliverToOffice(Action):
    __doc__ = IDeliverToOffice.__doc__

    def __init__(self, **kw):
        for name in ("office", "email_field"):
            setattr(self, name, kw.pop(name, IDeliverToOffice[name].default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        from digitalgemeinde.submissions.delivery import DeliveryError
        from digitalgemeinde.submissions.delivery import deliver

        try:
            delivery = deliver(get_context(self), fields, request, action=self)
        except DeliveryError as error:
            # easyform shows this above the form; nothing was stored
            return {FORM_ERROR_MARKER: error.args[0]}
        # the receipt: the request's own page, reached by its capability link
        request.response.redirect(f"{status_url(delivery.token)}?receipt=1", status=303)


DeliverToOfficeAction = ActionFactory(
    DeliverToOffice, _("Deliver to office"), "cmf.ModifyPortalContent"
)
DeliverToOfficeHandler = BaseHandler(DeliverToOffice)
