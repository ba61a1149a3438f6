"""A repeating group in easyform's field editor: its settings and its sub-fields as lines.

An editor writes one line per sub-field: its label, then optionally ``: <kind>`` (Datum/date/
data, Zahl/nombre/numero, E-Mail/email, Text/texte/testo; text when not given) and a ``*`` when
it must be filled in, e.g. ``Geburtsdatum: Datum *``. The lines are the row's schema in the form
model's XML (groups.py): no code, so editors who are not site Managers may use the field.
"""

import re
import unicodedata

from plone.schema.email import Email
from zope.interface import Interface
from zope.interface import classImplements
from zope.schema import Bool
from zope.schema import Date
from zope.schema import Int
from zope.schema import Text
from zope.schema import TextLine
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.submissions import groups

KINDS = {
    "text": TextLine,
    "texte": TextLine,
    "testo": TextLine,
    "datum": Date,
    "date": Date,
    "data": Date,
    "zahl": Int,
    "nombre": Int,
    "numero": Int,
    "e-mail": Email,
    "email": Email,
}
WORDS = {TextLine: "Text", Date: "Datum", Int: "Zahl", Email: "E-Mail"}


class ColumnsInvalid(ValidationError):
    __doc__ = _(
        "group_columns_invalid",
        default="One line per field: its label, then optionally ': Datum', ': Zahl', "
        "': E-Mail' and a '*' when it must be filled in.",
    )


def field_name(title: str, taken: set) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "feld"
    if base[0].isdigit():
        base = f"f_{base}"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name)
    return name


def parse_columns(text: str) -> list[tuple[str, object]]:
    """``(name, field)`` of the lines; ColumnsInvalid if a kind is unknown or none is given."""
    fields, taken = [], set()
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        required = line.endswith("*")
        line = line.rstrip("*").strip()
        title, _sep, kind = line.partition(":")
        factory = KINDS.get(kind.strip().lower() or "text")
        if factory is None or not title.strip():
            raise ColumnsInvalid(line)
        title = title.strip()
        fields.append((field_name(title, taken), factory(title=title, required=required)))
    if not fields:
        raise ColumnsInvalid(text)
    return fields


def columns_text(field) -> str:
    lines = []
    for _name, sub in field.row_fields:
        word = next((w for kind, w in WORDS.items() if type(sub) is kind), None)
        line = str(sub.title) + (f": {word}" if word and word != "Text" else "")
        lines.append(line + (" *" if sub.required else ""))
    return "\n".join(lines)


def _get_columns(self) -> str:
    return columns_text(self)


def _set_columns(self, text: str) -> None:
    self.value_type.schema = groups.row_schema(self.__name__ or "group", parse_columns(text))


def _check_columns(text: str) -> bool:
    parse_columns(text)
    return True


class IRepeatingGroupEditor(Interface):
    """What an editor sets on a group in the field editor."""

    title = TextLine(title=_("Title"))
    description = Text(title=_("Help text"), required=False)
    required = Bool(title=_("Required"), default=False)
    min_length = Int(title=_("group_min", default="Least number of entries"), min=0, default=0)
    max_length = Int(
        title=_("group_max", default="Most number of entries"), min=1, default=groups.DEFAULT_MAX
    )
    add_label = groups.IRepeatingGroup["add_label"]
    columns = Text(
        title=_("group_columns", default="Fields of an entry"),
        description=ColumnsInvalid.__doc__,
        constraint=_check_columns,
    )


# The field editor edits the group itself: its columns as lines (the row schema behind them).
groups.RepeatingGroup.columns = property(_get_columns, _set_columns)
classImplements(groups.RepeatingGroup, IRepeatingGroupEditor)


def edit_schema(field) -> type:
    return IRepeatingGroupEditor
