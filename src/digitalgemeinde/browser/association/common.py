"""The helpers and labels the association's pages share."""

from datetime import datetime

from AccessControl import getSecurityManager
from Products.statusmessages.interfaces import IStatusMessage

from digitalgemeinde import _
from digitalgemeinde.association.adoption import plain
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.submissions.values import local_time

FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Summary"),
    "topics": _("Topics"),
    "audience": _("Audience"),
    "ech0070_id": _("eCH-0070 service identifier"),
    "what_it_is": _("What it is"),
    "requirements": _("Requirements"),
    "documents": _("Documents needed"),
    "procedure": _("Procedure"),
    "fees_text": _("Fees"),
    "fee_amount": _("Fee in CHF"),
    "processing_time": _("Processing time"),
    "legal_basis": _("Legal basis"),
    "office_hint": _("Usual office"),
    "form_template": _("Form template"),
}
STATE_TITLES = {
    "draft": _("Draft"),
    "review": _("In review"),
    "released": _("Released"),
    "retired": _("Retired"),
    "private": _("Private"),
    "pending": _("Pending review"),
    "published": _("Published"),
}


def message(request, text, kind="info") -> None:
    IStatusMessage(request).addStatusMessage(text, type=kind)


def can(permission: str, obj) -> bool:
    return bool(getSecurityManager().checkPermission(permission, obj))


def display(value, context) -> str:
    """A field value as text for tables and diffs."""
    if value is None or value == "" or value == []:
        return ""
    if hasattr(value, "raw"):
        return plain(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def form_fields(xml: str) -> list[dict]:
    """The fields of a form template, for showing what a form asks."""
    try:
        schema = parse_form_template(xml)
    except InvalidFormTemplate:
        return []
    return [
        {
            "name": name,
            "title": schema[name].title,
            "required": schema[name].required,
            "type": schema[name].__class__.__name__,
        }
        for name in schema.names()
    ]


def wall_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y %H:%M") if value.tzinfo is None else local_time(value)
