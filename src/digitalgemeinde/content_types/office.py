"""Office (Amt): contact and duties; its inbox will hold the Submissions it receives."""

from plone.app.textfield import RichText
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.content_types.answer_templates import check_templates
from digitalgemeinde.content_types.contact import address_field
from digitalgemeinde.content_types.contact import opening_hours_field
from digitalgemeinde.content_types.contact import phone_field
from digitalgemeinde.content_types.office_routing import ROUTE_REQUESTS_ID
from digitalgemeinde.content_types.office_routing import ROUTING_FIELDS
from digitalgemeinde.content_types.office_routing import note_change
from digitalgemeinde.content_types.validation import DetailedError
from digitalgemeinde.content_types.validation import WebURL
from digitalgemeinde.emails import check_email
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.outgoing_addresses import check_url

MIN_SECRET_LENGTH = 32


class ShortSecret(DetailedError):
    message = _(
        "error_short_secret",
        default="The shared secret needs at least 32 characters; it has ${value}.",
    )


def check_secret(value: str) -> bool:
    if len(value or "") < MIN_SECRET_LENGTH:
        raise ShortSecret(len(value or ""))
    return True


class IOfficeSchema(model.Schema):
    # security.routing: where the requests go is set by the tenant's admins (and site
    # administrators), not by its editors; also the address and secret below.
    directives.write_permission(
        email=ROUTE_REQUESTS_ID,
        interface_url=ROUTE_REQUESTS_ID,
        interface_secret=ROUTE_REQUESTS_ID,
    )
    email = Email(
        title=_("Email"),
        description=_(
            "help_office_email",
            default="Receives the notice of every new request, with what the citizen "
            "entered. Empty: the office's staff receive it. Set by the tenant's "
            "administrators.",
        ),
        required=False,
        constraint=check_email,
    )
    phone = phone_field()
    address = address_field()
    opening_hours = opening_hours_field()
    duties = RichText(
        title=_("Duties"),
        description=_("What the office does and for whom."),
        required=False,
    )

    model.fieldset(
        "interface",
        label=_("Specialist application"),
        fields=["interface_url", "interface_format", "interface_secret"],
    )
    # security.outgoing: https to public addresses only, unless allow-listed in Site Setup
    interface_url = WebURL(
        title=_("Address of the specialist application"),
        description=_(
            "Every new request is delivered here (HTTP POST). Empty: requests stay in the "
            "inbox only."
        ),
        required=False,
        constraint=check_url,
    )
    interface_format = schema.Choice(
        title=_("Format"),
        vocabulary="digitalgemeinde.vocabularies.interface_formats",
        default="json",
    )
    # The secret signs what goes out and checks what comes in: only who routes the office's
    # requests (its tenant's admins) sees and sets it.
    directives.read_permission(interface_secret=ROUTE_REQUESTS_ID)
    interface_secret = schema.TextLine(
        title=_("Shared secret"),
        description=_(
            "At least 32 characters, known to the specialist application: signs each "
            "delivery (HMAC-SHA256) and authenticates its status reports."
        ),
        required=False,
        constraint=check_secret,
    )

    model.fieldset("answer_templates", label=_("Answer templates"), fields=["answer_templates"])
    answer_templates = schema.Text(
        title=_("Answer templates"),
        description=_(
            "help_answer_templates",
            default="Texts the office's staff insert when asking back, writing a message, "
            "completing or rejecting a request. Each template starts with a line [kind] Title "
            "(kind: ask, message, complete or reject), followed by its text. Placeholders: "
            "{reference}, {name} (the citizen's name) and {service}.",
        ),
        required=False,
        default="",
        constraint=check_templates,
    )


@implementer(IOffice)
class Office(Container):
    """An office of a municipality or canton; its inbox may hold 100,000 requests, so no
    order is kept (plone.folder's "unordered" ordering)."""

    _ordering = "unordered"

    def __setattr__(self, name, value):
        if name in ROUTING_FIELDS:  # logged at WARNING, whatever the route (office_routing)
            note_change(self, name, getattr(self, name, None), value)
        super().__setattr__(name, value)
