"""Repeating groups: a field whose value is a list of rows, each row a dict of sub-fields (the
persons who move: Name, Vorname, Geburtsdatum, Beziehung), with a least and a most number of
entries and the label of the button that adds one ("weitere Person hinzufügen").

In the form's model (the supermodel XML that easyform keeps) the group is one field of type
``digitalgemeinde.submissions.groups.RepeatingGroup`` whose ``<row>`` holds the sub-fields as
ordinary ``<field>`` elements, so the row's schema lives in the model as data and round-trips
(collective.z3cform.datagridfield's own ``DictRow`` names its schema by a dotted name, which
an editor cannot write and the model loader would import). The value type is datagridfield's
``DictRow`` over that schema, so its widget and REST deserializer serve the group.

Sub-fields may be of the plain types in ``ROW_TYPES`` (no files, no groups in groups). Each
row is validated field by field; an error names the group, the entry's number and the
sub-field, in the citizen's language. Rows whose every value is empty are dropped.
"""

import copy
from datetime import date

from collective.z3cform.datagridfield.row import DictRow
from lxml import etree
from plone.schemaeditor.fields import FieldFactory
from plone.supermodel.exportimport import BaseHandler
from plone.supermodel.interfaces import IFieldExportImportHandler
from plone.supermodel.interfaces import IFieldNameExtractor
from plone.supermodel.utils import ns
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import implementer
from zope.interface.interface import InterfaceClass
from zope.schema import Date
from zope.schema import List
from zope.schema import TextLine
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IFromUnicode
from zope.schema.interfaces import IList
from zope.schema.interfaces import RequiredMissing
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _

GROUP_TYPE = "digitalgemeinde.submissions.groups.RepeatingGroup"
DEFAULT_MAX = 10
# The sub-field types a row may hold: plain values, no files, no groups in groups.
ROW_TYPES = frozenset(
    {
        "zope.schema.TextLine",
        "zope.schema.Text",
        "zope.schema.Date",
        "zope.schema.Int",
        "zope.schema.Bool",
        "zope.schema.Choice",
        "zope.schema.ASCIILine",
        "plone.schema.email.Email",
    }
)
EMPTY = (None, "", [], (), set())


class IRepeatingGroup(IList):
    add_label = TextLine(
        title=_("Label of the add button"),
        description=_("For example: weitere Person hinzufügen"),
        required=False,
        default="",
    )


class GroupError(ValidationError):
    """A group's input refused, with a message in the citizen's language (``doc()``)."""

    def __init__(self, message, entry: int | None = None, subfield: str | None = None):
        super().__init__(message)
        self.message = message
        self.entry = entry  # 1-based
        self.subfield = subfield

    def doc(self):
        return self.message


class IEmptyRow(Interface):
    """The row of a group before its sub-fields are known."""


def row_schema(name: str, fields: list) -> InterfaceClass:
    """An interface of the ``(name, field)`` sub-fields, in that order."""
    attrs = {}
    for order, (sub_name, field) in enumerate(fields):
        field.__name__ = sub_name
        field.order = order
        attrs[sub_name] = field
    return InterfaceClass(f"row_{name}", (Interface,), attrs, __module__=__name__)


@implementer(IRepeatingGroup)
class RepeatingGroup(List):
    """A list of dict rows over ``schema`` (datagridfield's ``DictRow``)."""

    add_label = ""

    def __init__(self, schema=None, add_label="", **kw):
        kw.pop("value_type", None)
        kw.setdefault("max_length", DEFAULT_MAX)
        super().__init__(value_type=DictRow(schema=schema or IEmptyRow), **kw)
        self.add_label = add_label or ""

    @property
    def row_fields(self) -> list:
        return getFieldsInOrder(self.value_type.schema)

    def _validate(self, value):
        if not isinstance(value, list):
            raise GroupError(_("group_not_a_list", default="A list of entries is expected."))
        check_count(self, len(value))
        for number, row in enumerate(value, start=1):
            check_row(self, number, row)


def label(field) -> object:
    return field.title or field.__name__


def check_count(field, count: int) -> None:
    if field.max_length is not None and count > field.max_length:
        raise GroupError(
            _(
                "group_too_many",
                default="${field}: at most ${max} entries, ${count} were given.",
                mapping={"field": label(field), "max": field.max_length, "count": count},
            )
        )
    if field.min_length and count < field.min_length:
        raise GroupError(
            _(
                "group_too_few",
                default="${field}: at least ${min} entries are needed.",
                mapping={"field": label(field), "min": field.min_length},
            )
        )


def row_refusal(field, number: int, sub, message) -> GroupError:
    return GroupError(
        _(
            "group_entry_error",
            default="${field}, entry ${number}, ${subfield}: ${message}",
            mapping={
                "field": label(field),
                "number": number,
                "subfield": label(sub) if sub is not None else "",
                "message": message,
            },
        ),
        entry=number,
        subfield=sub.__name__ if sub is not None else None,
    )


def check_row_keys(field, number: int, row: dict) -> None:
    subs = dict(field.row_fields)
    for key in row:
        if key not in subs:
            raise GroupError(
                _(
                    "group_unknown_subfield",
                    default="${field}, entry ${number}: there is no field «${name}».",
                    mapping={"field": label(field), "number": number, "name": key},
                ),
                entry=number,
            )


def check_row(field, number: int, row) -> None:
    """Refuse entry ``number`` (1-based) of ``field`` naming the entry and the sub-field."""
    if not isinstance(row, dict):
        raise row_refusal(field, number, None, _("An entry is an object of its fields."))
    check_row_keys(field, number, row)
    for name, sub in field.row_fields:
        value = row.get(name)
        if value in EMPTY:
            if sub.required:
                raise row_refusal(field, number, sub, RequiredMissing(name).doc())
            continue
        try:
            sub.bind(field.context).validate(value)
        except ValidationError as error:
            raise row_refusal(field, number, sub, error.doc()) from error


def from_json(field, value) -> list[dict]:
    """A JSON array of objects as the group's typed rows (dates from ISO text); GroupError
    naming the entry and the sub-field at fault. ``field.validate`` checks the rest."""
    if not isinstance(value, list):
        raise GroupError(_("group_not_a_list", default="A list of entries is expected."))
    check_count(field, len(value))
    rows = []
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict):
            raise row_refusal(field, number, None, _("An entry is an object of its fields."))
        check_row_keys(field, number, row)
        rows.append(
            {name: typed(field, number, sub, row.get(name)) for name, sub in field.row_fields}
        )
    return rows


def typed(field, number: int, sub, raw):
    """A sub-field's value from JSON: text read by the field (a date as ``YYYY-MM-DD``)."""
    if raw in EMPTY:
        return None
    try:
        if isinstance(raw, str) and isinstance(sub, Date):
            return date.fromisoformat(raw)
        bound = sub.bind(field.context)
        if isinstance(raw, str) and IFromUnicode.providedBy(bound):
            return bound.fromUnicode(raw)
    except ValidationError as error:
        raise row_refusal(field, number, sub, error.doc()) from error
    except ValueError as error:
        raise row_refusal(field, number, sub, _("The value is not valid.")) from error
    return raw


def without_empty_rows(rows) -> list:
    """The rows with at least one value given (an empty row added and left is no entry)."""
    return [
        row
        for row in rows or []
        if not isinstance(row, dict) or any(value not in EMPTY for value in row.values())
    ]


def error_path(name: str, error) -> str:
    """Where an error stands: ``persons.1.vorname`` (the second entry's Vorname), or ``name``."""
    entry = getattr(error, "entry", None)
    if not isinstance(error, GroupError) or entry is None:
        return name
    path = f"{name}.{entry - 1}"
    return f"{path}.{error.subfield}" if error.subfield else path


def is_group(field) -> bool:
    return IRepeatingGroup.providedBy(field)


def storable_rows(field, rows) -> list[dict]:
    """Plain dicts with the row's sub-fields in order (sets and tuples as lists)."""
    stored = []
    for row in rows or []:
        entry = {}
        for name, _sub in field.row_fields:
            value = row.get(name)
            entry[name] = list(value) if isinstance(value, (set, frozenset, tuple)) else value
        stored.append(entry)
    return stored


def export_columns(name: str, field, label: str, language: str) -> list[tuple]:
    """The export's columns of a group: ``((name, entry, sub), "Personen 2: Vorname")`` for
    each entry the form allows (``max_length``) and each sub-field; [] for other fields."""
    if not is_group(field):
        return []
    subs = [
        (sub_name, translate(sub.title, target_language=language) or sub_name)
        for sub_name, sub in field.row_fields
    ]
    return [
        ((name, entry, sub_name), f"{label} {entry + 1}: {sub_label}")
        for entry in range(field.max_length or DEFAULT_MAX)
        for sub_name, sub_label in subs
    ]


def root(key) -> str:
    """The value's name of an export column's key (a name, or a group's ``(name, entry, sub)``)."""
    return key[0] if isinstance(key, tuple) else key


def cell(values, key):
    """The value of an export column's key in a request's ``values`` (None: no such entry)."""
    if not isinstance(key, tuple):
        return values[key]
    name, entry, sub = key
    rows = values.get(name) or []
    if entry >= len(rows) or not isinstance(rows[entry], dict):
        return None
    return rows[entry].get(sub)


class RepeatingGroupHandler(BaseHandler):
    """Reads and writes a group with its sub-fields inline in ``<row>``."""

    filteredAttributes = BaseHandler.filteredAttributes.copy()
    filteredAttributes.update(
        {"value_type": "rw", "default": "rw", "missing_value": "rw", "unique": "rw"}
    )

    def read(self, element):
        element = copy.deepcopy(element)
        row = element.find(ns("row"))
        if row is not None:
            element.remove(row)
        field = super().read(element)
        fields = [] if row is None else list(read_row(row))
        field.value_type = DictRow(schema=row_schema(field.__name__ or "group", fields))
        field.value_type.__name__ = "row"
        return field

    def write(self, field, name, type, elementName="field"):
        element = super().write(field, name, type, elementName)
        row = etree.SubElement(element, "row")  # plain, as BaseHandler writes its elements
        for sub_name, sub in field.row_fields:
            sub_type = IFieldNameExtractor(sub)()
            handler = queryUtility(IFieldExportImportHandler, name=sub_type)
            if handler is not None:
                row.append(handler.write(sub, sub_name, sub_type))
        return element


def read_row(row):
    """``(name, field)`` of the ``<field>`` elements of a ``<row>``; other types refused."""
    for child in row.iterchildren(ns("field")):
        kind = child.get("type") or ""
        handler = queryUtility(IFieldExportImportHandler, name=kind)
        if kind not in ROW_TYPES or handler is None:
            raise ValueError(f"A repeating group's row may not hold a field of type {kind}")
        yield child.get("name"), handler.read(child)


GroupHandler = RepeatingGroupHandler(RepeatingGroup)


def default_row() -> InterfaceClass:
    """The row an editor starts with: the persons of a move."""
    return row_schema(
        "persons",
        [
            ("name", TextLine(title="Name")),
            ("vorname", TextLine(title="Vorname")),
            ("geburtsdatum", Date(title="Geburtsdatum", required=False)),
            ("beziehung", TextLine(title="Beziehung", required=False)),
        ],
    )


def new_group(**kw) -> RepeatingGroup:
    kw.setdefault("add_label", "weitere Person hinzufügen")
    return RepeatingGroup(schema=default_row(), **kw)


GroupFactory = FieldFactory(new_group, _("label_repeating_group", default="Repeating group"))
