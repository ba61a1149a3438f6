"""Office (Amt): contact and duties; its inbox will hold the Submissions it receives."""

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.content_types.contact import address_field
from digitalgemeinde.content_types.contact import email_field
from digitalgemeinde.content_types.contact import opening_hours_field
from digitalgemeinde.content_types.contact import phone_field
from digitalgemeinde.interfaces import IOffice


class IOfficeSchema(model.Schema):
    email = email_field(required=True)
    phone = phone_field()
    address = address_field()
    opening_hours = opening_hours_field()
    duties = RichText(
        title=_("Duties"),
        description=_("What the office does and for whom."),
        required=False,
    )


@implementer(IOffice)
class Office(Container):
    """An office of a municipality or canton; its inbox may hold 100,000 requests, so no
    order is kept (plone.folder's "unordered" ordering)."""

    _ordering = "unordered"
