"""Association (Verband): the project's home with news, status, service catalog and workshops."""

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.content_types.contact import email_field
from digitalgemeinde.content_types.contact import website_field
from digitalgemeinde.interfaces import IAssociation


class IAssociationSchema(model.Schema):
    canton = schema.Choice(
        title=_("Canton"),
        description=_("The canton whose municipalities the association brings together."),
        vocabulary="digitalgemeinde.vocabularies.cantons",
    )
    text = RichText(
        title=_("About the project"),
        description=_("Shown on the association's home page above the news."),
        required=False,
    )
    email = email_field()
    website = website_field()


@implementer(IAssociation)
class Association(Container):
    """The association of the canton's municipalities that runs the project."""
