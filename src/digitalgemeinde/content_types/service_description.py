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
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.amounts import SwissAmount
from digitalgemeinde.content_types.validation import TopicList
from digitalgemeinde.content_types.validation import check_ech0070_id

# How a fee is counted (payments/fees.py: FIXED, PER_UNIT, TABLE)
FEE_KINDS = SimpleVocabulary(
    [
        SimpleTerm("fixed", title=_("Fixed amount")),
        SimpleTerm("per_unit", title=_("Amount per unit")),
        SimpleTerm("table", title=_("Amount by a field's value")),
    ]
)


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
            "fee_kind",
            "fee_amount",
            "fee_field",
            "fee_unit",
            "fee_table",
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
    # The fee rule (issue 20), checked on save by payments/fee_validation.py, read by
    # payments/service_fees.py; no kind is a fixed fee (of fee_amount, if set).
    fee_kind = schema.Choice(
        title=_("How the fee is counted"),
        description=_(
            "A fixed amount, an amount per unit from a form field, or an amount chosen by a "
            "form field's value from a table. A service adopted from a standard keeps the "
            "standard's kind."
        ),
        vocabulary=FEE_KINDS,
        required=False,
    )
    fee_amount = SwissAmount(
        title=_("Fee in CHF"),
        description=_("The amount charged, or the amount per unit, e.g. 20.00"),
        required=False,
        min=Decimal(0),
    )
    fee_field = schema.TextLine(
        title=_("Form field of the fee"),
        description=_(
            "Per unit: the field with the number, e.g. anzahl. Table: the field whose value "
            "chooses the amount, e.g. kategorie."
        ),
        required=False,
    )
    fee_unit = schema.TextLine(
        title=_("Unit"),
        description=_("Per unit: what one unit is, e.g. Exemplar."),
        required=False,
    )
    fee_table = schema.Text(
        title=_("Fee table"),
        description=_(
            "Table: one line per value of the field, value = amount in CHF, e.g. klein = 50.00"
        ),
        required=False,
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
