"""Canton: a tenant whose Services apply to every Municipality of the canton."""

from plone.dexterity.content import Container
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.content_types.contact import address_field
from digitalgemeinde.content_types.contact import email_field
from digitalgemeinde.content_types.contact import phone_field
from digitalgemeinde.content_types.contact import website_field
from digitalgemeinde.interfaces import ICanton


class ICantonSchema(model.Schema):
    abbreviation = schema.ASCIILine(
        title=_("Abbreviation"),
        description=_("Two capital letters, e.g. BL"),
        constraint=lambda value: len(value) == 2 and value.isalpha() and value.isupper(),
    )
    canton_number = schema.Int(
        title=_("Cantonal number"),
        description=_("Official number of the canton (1-26); used in reference numbers."),
        min=1,
        max=26,
    )
    municipality_count = schema.Int(
        title=_("Municipalities in the canton"),
        description=_("All municipalities of the canton, whether they take part or not."),
        required=False,
        min=0,
    )
    population = schema.Int(
        title=_("Population of the canton"),
        required=False,
        min=0,
    )
    address = address_field()
    phone = phone_field()
    email = email_field()
    website = website_field()
    coat_of_arms = NamedBlobImage(
        title=_("Coat of arms"),
        description=_("Shown with the name on every page of the canton."),
        required=False,
    )


@implementer(ICanton)
class Canton(Container):
    """A canton of the portal."""
