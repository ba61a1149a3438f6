"""Request form settings of an EasyForm: how its submissions are handled and kept."""

from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import provider

from digitalgemeinde import _


@provider(IFormFieldProvider)
class IRequestForm(model.Schema):
    model.fieldset(
        "request",
        label=_("Request"),
        fields=["sensitive", "retention_days"],
    )
    sensitive = schema.Bool(
        title=_("Sensitive personal data"),
        description=_(
            "The office's notice then carries only the reference number and a link, "
            "never the values the citizen entered."
        ),
        required=False,
        default=False,
    )
    retention_days = schema.Int(
        title=_("Retention period in days"),
        description=_(
            "Closed requests are deleted, with their files, this many days after they were "
            "completed or rejected. Only anonymous counts remain."
        ),
        default=90,
        min=1,
        max=3650,
    )
