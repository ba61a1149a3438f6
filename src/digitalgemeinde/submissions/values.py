"""A request's values: kept typed, shown with the labels of the form as the citizen saw it."""

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from DateTime import DateTime
from persistent.mapping import PersistentMapping
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamedField
from plone.supermodel import loadString
from zope.i18n import translate
from zope.schema import getFieldsInOrder

from digitalgemeinde import _
from digitalgemeinde.amounts import amount_text
from digitalgemeinde.submissions import groups

TIMEZONE = ZoneInfo("Europe/Zurich")


def storable(field, value):
    """A value fit to keep in the ZODB: files become blobs, sets lists."""
    if value is None:
        return None
    if groups.is_group(field):
        return groups.storable_rows(field, value)
    if INamedField.providedBy(field):
        return NamedBlobFile(
            data=value.data, filename=value.filename, contentType=value.contentType
        )
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raw = getattr(value, "raw", None)  # RichTextValue
    return raw if raw is not None else value


def typed_values(schema, data) -> PersistentMapping:
    values = PersistentMapping()
    for name, field in getFieldsInOrder(schema):
        if name in data:
            values[name] = storable(field, data[name])
    return values


def form_fields(form_model: str):
    """``(name, field)`` of the form's schema snapshot, in order."""
    if not form_model:
        return []
    return getFieldsInOrder(loadString(form_model).schema)


def local_time(value) -> str:
    """``dd.mm.yyyy HH:MM`` in Swiss time of a UTC ``datetime`` or a Zope ``DateTime``."""
    if value is None:
        return ""
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(TIMEZONE).strftime("%d.%m.%Y %H:%M")


def display(value, language: str) -> str:
    """A value as plain text (never markup: templates escape it, mails are plain text)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return translate(_("Yes") if value else _("No"), target_language=language)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return amount_text(value)  # 2'500.00, as Swiss users write amounts
    if isinstance(value, dict):  # an entry of a repeating group, by its labels
        return ", ".join(f"{key}: {display(item, language)}" for key, item in value.items())
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return "\n".join(f"{n}. {display(item, language)}" for n, item in enumerate(value, 1))
    if isinstance(value, list):
        return ", ".join(display(item, language) for item in value)
    filename = getattr(value, "filename", None)
    if filename is not None:
        return f"{filename} ({value.getSize() // 1024 + 1} KB)"
    return str(value)


def labelled_values(submission, language: str | None = None) -> list[dict]:
    """``[{name, label, text, file}]`` in form order; values of fields since removed last."""
    language = language or submission.language
    rows, seen = [], set()
    for name, field in form_fields(submission.form_model):
        if name not in submission.values:
            continue
        seen.add(name)
        value = submission.values[name]
        table = group_table(field, value, language)
        rows.append(
            {
                "name": name,
                "label": translate(field.title, target_language=language) or name,
                "text": display(table["entries"] if table else value, language),
                "file": value if getattr(value, "filename", None) else None,
                "table": table,
            }
        )
    for name in submission.values:
        if name not in seen:
            value = submission.values[name]
            rows.append(
                {
                    "name": name,
                    "label": name,
                    "text": display(value, language),
                    "file": value if getattr(value, "filename", None) else None,
                    "table": None,
                }
            )
    return rows


def group_table(field, value, language: str) -> dict | None:
    """A repeating group's entries as ``{columns, rows, entries}``: the sub-fields' labels, a
    list of texts per entry, and each entry as a dict by label (for ``display``); None for
    other fields."""
    if not groups.is_group(field) or not isinstance(value, list):
        return None
    subs = [
        (name, translate(sub.title, target_language=language) or name)
        for name, sub in field.row_fields
    ]
    rows = [[display(entry.get(name), language) for name, _label in subs] for entry in value]
    entries = [{lbl: entry.get(name) for name, lbl in subs} for entry in value]
    return {"columns": [lbl for _name, lbl in subs], "rows": rows, "entries": entries}
