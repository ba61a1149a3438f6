"""Municipality (Gemeinde): the tenant that runs its own services, offices and forms."""

from plone.dexterity.content import Container
from plone.namedfile.field import NamedBlobImage
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.content_types.contact import address_field
from digitalgemeinde.content_types.contact import email_field
from digitalgemeinde.content_types.contact import opening_hours_field
from digitalgemeinde.content_types.contact import phone_field
from digitalgemeinde.content_types.contact import website_field
from digitalgemeinde.content_types.validation import BFSNumber
from digitalgemeinde.content_types.validation import PostalCodeList
from digitalgemeinde.interfaces import IMunicipality


class IMunicipalitySchema(model.Schema):
    bfs_number = BFSNumber(
        title=_("BFS number"),
        description=_("Number of the municipality at the Federal Statistical Office."),
    )
    canton = schema.Choice(
        title=_("Canton"),
        vocabulary="digitalgemeinde.vocabularies.cantons",
    )
    postal_codes = PostalCodeList(
        title=_("Postal codes"),
        description=_("One per line; citizens find the municipality by them."),
        min_length=1,
    )
    population = schema.Int(
        title=_("Population"),
        description=_("Inhabitants; the association's financing is computed from it."),
        min=0,
        default=0,
    )
    address = address_field()
    phone = phone_field()
    email = email_field()
    website = website_field()
    opening_hours = opening_hours_field()
    coat_of_arms = NamedBlobImage(
        title=_("Coat of arms"),
        description=_("Shown with the name on every page of the municipality."),
        required=False,
    )
    logo = NamedBlobImage(title=_("Logo"), required=False)


@implementer(IMunicipality)
class Municipality(Container):
    """A municipality of the portal."""
