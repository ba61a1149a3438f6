"""The description of a service: what it is and what it takes.

Shared by Service and StandardService (a standard passes these fields on to the services adopted
from it), so it lives beneath both.
"""

from decimal import Decimal

from plone.app.textfield import RichText
from plone.autoform import directives
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema

from digitalgemeinde import _
from digitalgemeinde.amounts import SwissAmount
from digitalgemeinde.content_types.validation import TopicList
from digitalgemeinde.content_types.validation import check_ech0070_id


class IServiceDescription(model.Schema):
    """What a service is and what it takes: shared by Service and StandardService."""

    directives.widget("topics", CheckBoxFieldWidget)
    topics = TopicList(
        title=_("Topics"),
        description=_("Life situations under which citizens find the service."),
        min_length=1,
    )
    directives.widget("audience", CheckBoxFieldWidget)
    audience = schema.List(
        title=_("Audience"),
        value_type=schema.Choice(vocabulary="digitalgemeinde.vocabularies.audience"),
        default=["private"],
        min_length=1,
    )
    ech0070_id = schema.TextLine(
        title=_("eCH-0070 service identifier"),
        description=_("Identifier in the Swiss service catalogue, if there is one."),
        required=False,
        constraint=check_ech0070_id,
    )

    model.fieldset(
        "details",
        label=_("Details"),
        fields=[
            "what_it_is",
            "requirements",
            "documents",
            "procedure",
            "fees_text",
            "fee_amount",
            "processing_time",
            "processing_days",
            "legal_basis",
        ],
    )
    what_it_is = RichText(title=_("What it is"), required=False)
    requirements = RichText(title=_("Requirements"), required=False)
    documents = RichText(title=_("Documents needed"), required=False)
    procedure = RichText(title=_("Procedure"), required=False)
    fees_text = schema.Text(title=_("Fees"), required=False)
    fee_amount = SwissAmount(
        title=_("Fee in CHF"),
        description=_("Amount charged, e.g. 20.00"),
        required=False,
        min=Decimal(0),
    )
    processing_time = schema.TextLine(
        title=_("Processing time"), description=_("e.g. 3 working days"), required=False
    )
    processing_days = schema.Int(
        title=_("Processing time limit (working days)"),
        description=_(
            "Requests for this service are due this many working days (Monday to Friday) "
            "after they arrive. Empty: no due date."
        ),
        required=False,
        min=1,
        max=365,
    )
    legal_basis = RichText(title=_("Legal basis"), required=False)


# The fields a StandardService passes on to the Services adopted from it, in reading order.
DESCRIPTIVE_FIELDS = ("title", "description", *IServiceDescription.names(all=False))
