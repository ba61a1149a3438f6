"""The helpers and labels the association's pages share."""

from datetime import datetime

from AccessControl import getSecurityManager
from plone.dexterity.utils import iterSchemataForType
from Products.statusmessages.interfaces import IStatusMessage
from zope.schema import getFieldsInOrder

from digitalgemeinde import _
from digitalgemeinde.association.updating import plain
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.submissions.values import local_time

STATE_TITLES = {
    "draft": _("Draft"),
    "review": _("In review"),
    "released": _("Released"),
    "retired": _("Retired"),
    "private": _("Private"),
    "pending": _("Pending review"),
    "published": _("Published"),
}


def field_labels(portal_type: str = "StandardService") -> dict:
    """The label of each field of ``portal_type``: its title in the type's schemas (its own
    schema first, then its behaviours'), a message translated where it is shown."""
    labels = {}
    for schema in iterSchemataForType(portal_type):
        for name, field in getFieldsInOrder(schema):
            labels.setdefault(name, field.title)
    return labels


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
