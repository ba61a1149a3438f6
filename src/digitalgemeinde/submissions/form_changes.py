"""What changed between two versions of a form's fields model, in plain words.

Read from the supermodel XML itself (not loaded as a schema), so a model naming a field type
that is no longer installed still compares. A field is known by its name: a field renamed is one
removed and one added, as the office's export sees it.
"""

from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from digitalgemeinde import _

NS = "{http://namespaces.plone.org/supermodel/schema}"
PARSER = etree.XMLParser(resolve_entities=False, remove_pis=True, remove_blank_text=True)

# The types an editor chooses in the field editor, by the words the field editor uses.
TYPE_WORDS = {
    "zope.schema.TextLine": _("Text line"),
    "zope.schema.Text": _("Text"),
    "zope.schema.Int": _("Integer"),
    "zope.schema.Float": _("Floating-point number"),
    "zope.schema.Decimal": _("Decimal number"),
    "zope.schema.Bool": _("Yes/No"),
    "zope.schema.Date": _("Date"),
    "zope.schema.Datetime": _("Date/Time"),
    "zope.schema.Choice": _("Choice"),
    "zope.schema.Set": _("Multiple choice"),
    "zope.schema.List": _("Multiple choice"),
    "plone.schema.email.Email": _("Email"),
    "plone.namedfile.field.NamedBlobFile": _("File upload"),
    "plone.namedfile.field.NamedBlobImage": _("Image"),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    required: bool
    source: tuple  # the field's element as data: any other setting that changed


@dataclass(frozen=True)
class Change:
    kind: str  # a key of MESSAGES
    name: str
    title: str
    old: str = ""
    new: str = ""

    def message(self):
        """The change in plain words (a message to translate; a type by its word)."""
        old, new = self.old, self.new
        if self.kind == "type":
            old, new = type_word(old), type_word(new)
        return _(MESSAGES[self.kind], mapping={"title": self.title, "old": old, "new": new})


MESSAGES = {
    "added": _("Field «${title}» added"),
    "removed": _("Field «${title}» removed"),
    "label": _("Field «${old}» renamed to «${new}»"),
    "required": _("Field «${title}» is now required"),
    "optional": _("Field «${title}» is now optional"),
    "type": _("Field «${title}»: type changed from «${old}» to «${new}»"),
    "settings": _("Field «${title}»: other settings changed (help text, choices or checks)"),
    "order": _("The order of the fields changed"),
    "form": _("The steps or groups of fields changed"),
}


def shape(element) -> tuple:
    """An element as data: formatting, namespace declarations, empty settings and the order
    of a field's settings (the field editor writes them in its own order) do not count."""
    children = [shape(child) for child in element if isinstance(child.tag, str)]
    children = [child for child in children if child[1] or child[2] or child[3]]
    if element.tag == f"{NS}field":
        children.sort()
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        (element.text or "").strip(),
        tuple(children),
    )


def parsed(model: str):
    """The model's root element, or None (empty or not XML)."""
    if not (model or "").strip():
        return None
    try:
        return etree.fromstring(model.encode("utf-8"), parser=PARSER)
    except etree.XMLSyntaxError:
        return None


@lru_cache(maxsize=128)  # every request compares the form's model with its newest version's
def canonical(model: str):
    """The model as data: two models equal here are the same form."""
    root = parsed(model)
    return shape(root) if root is not None else (model or "").strip()


def fields_of(model: str) -> dict[str, Field]:
    """The fields of the model's main schema (also those in fieldsets), by name, in order."""
    root = parsed(model)
    if root is None:
        return {}
    schema = next(
        (item for item in root if item.tag == f"{NS}schema" and not item.get("name")), None
    )
    if schema is None:
        return {}
    elements = [
        element
        for parent in (schema, *schema.iterchildren(f"{NS}fieldset"))
        for element in parent.iterchildren(f"{NS}field")
    ]
    return {element.get("name"): field_of(element) for element in elements}


def field_of(element) -> Field:
    title = (element.findtext(f"{NS}title") or "").strip() or element.get("name")
    required = (element.findtext(f"{NS}required") or "True").strip() != "False"
    return Field(
        name=element.get("name"),
        type=element.get("type") or "",
        title=title,
        required=required,
        source=shape(element),
    )


def type_word(dotted: str):
    return TYPE_WORDS.get(dotted, dotted.rsplit(".", 1)[-1])


def changes(old_model: str, new_model: str) -> list[Change]:
    """What changed from ``old_model`` to ``new_model``, field by field, in the new order
    (removed fields last)."""
    old, new = fields_of(old_model), fields_of(new_model)
    found = []
    for name, field in new.items():
        before = old.get(name)
        if before is None:
            found.append(Change("added", name, field.title))
            continue
        found.extend(field_changes(before, field))
    found.extend(
        Change("removed", name, field.title) for name, field in old.items() if name not in new
    )
    kept = [name for name in old if name in new]
    if kept != [name for name in new if name in old]:
        found.append(Change("order", "", ""))
    if not found and canonical(old_model) != canonical(new_model):
        found.append(Change("form", "", ""))
    return found


def field_changes(before: Field, after: Field) -> list[Change]:
    found = []
    if before.title != after.title:
        found.append(Change("label", after.name, after.title, before.title, after.title))
    if before.required != after.required:
        found.append(Change("required" if after.required else "optional", after.name, after.title))
    if before.type != after.type:
        found.append(Change("type", after.name, after.title, before.type, after.type))
    if not found and before.source != after.source:
        found.append(Change("settings", after.name, after.title))
    return found
