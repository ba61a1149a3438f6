"""Service (Leistung): what a citizen can get, how, and where to ask for it online."""

from plone.app.z3cform.widgets.select import SelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant

from digitalgemeinde import _
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.content_types.service_description import IServiceDescription
from digitalgemeinde.content_types.validation import WebURL
from digitalgemeinde.interfaces import IService
from digitalgemeinde.vocabularies.tenant_content import forms_of_tenant
from digitalgemeinde.vocabularies.tenant_content import offices_of_tenant_and_canton


class IServiceSchema(IServiceDescription):
    model.fieldset(
        "access",
        label=_("Responsibility and access"),
        fields=["responsible_office", "online_form", "external_url", "related_services"],
    )
    directives.widget("responsible_office", SelectFieldWidget)
    responsible_office = RelationChoice(
        title=_("Responsible office"),
        description=_("An office of this municipality, or of its canton."),
        source=offices_of_tenant_and_canton,
        required=False,
    )
    directives.widget("online_form", SelectFieldWidget)
    online_form = RelationChoice(
        title=_("Online form"),
        description=_("The form of this municipality with which citizens apply online."),
        source=forms_of_tenant,
        required=False,
    )
    external_url = WebURL(
        title=_("External online service"),
        description=_("Address of an online service elsewhere, when there is no form here."),
        required=False,
    )
    related_services = RelationList(
        title=_("Related services"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )

    # Set when the service is adopted from a StandardService, never in the edit form.
    directives.omitted("standard", "standard_version")
    standard = RelationChoice(
        title=_("Standard service"),
        description=_("The association's standard service this service was adopted from."),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    standard_version = schema.Int(
        title=_("Version of the standard"),
        description=_("The released version of the standard service this service follows."),
        required=False,
    )

    @invariant
    def form_or_external_url(data):
        if getattr(data, "online_form", None) and getattr(data, "external_url", None):
            raise Invalid(_("Give either an online form or an external address, not both."))


@implementer(IService)
class Service(Item):
    """A service of a municipality or canton."""

    def Description(self):
        """The summary: the service's own, or the standard's when it was adopted and left
        empty here (what listings, search results and the page's lead show)."""
        return effective(self, "description") or ""
