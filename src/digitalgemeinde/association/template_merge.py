"""Merging a newer release's form template into a municipality's form (issue 19).

Three models meet: the municipality's form as it is now (*local*), the template of the release
it adopted last (*base*) and the template of the newer release (*new*). What the new template
adds arrives: new fields (in their fieldset, a step of a form shown as steps; a repeating group
whole, with its row), new sub-fields of a group's row. What it changes arrives where the
municipality left the base alone: a field's condition (``dg:show-when``), a group's minimum,
maximum and "add" label. Where the municipality changed it, its own stays and is reported as
kept. Nothing is removed: requests keep their own copy of the form's fields anyway.
"""

from copy import deepcopy
from dataclasses import dataclass
from dataclasses import field

from lxml import etree

from digitalgemeinde import _
from digitalgemeinde.association.adoption import SUPERMODEL
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.submissions.field_rules import AUTOFILL_NS

NS = {"m": SUPERMODEL}
SHOW_WHEN = f"{{{AUTOFILL_NS}}}show-when"
GROUP_SETTINGS = ("min_length", "max_length", "add_label")


@dataclass
class Merged:
    """The merged model, and the names of the fields added, updated and kept as changed here."""

    model: str
    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)


def parse(xml: str):
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    schema = root.find("m:schema", NS)
    if schema is None:
        raise AdoptionError(_("The form cannot be updated: its field model has no schema."))
    return root, schema


def form_fields(schema) -> list:
    """The fields of a model's schema and of its fieldsets: not the sub-fields in a repeating
    group's ``<row>``, which belong to their group (issue 19)."""
    return schema.xpath("m:field | m:fieldset/m:field", namespaces=NS)


def by_name(schema) -> dict:
    return {element.get("name"): element for element in form_fields(schema)}


def merge_form(local_xml: str, new_xml: str, base_xml: str | None = None) -> Merged:
    """``local_xml`` with what ``new_xml`` adds, and its changes against ``base_xml`` where the
    local form kept the base (see the module). Without a base, only additions arrive."""
    local, local_schema = parse(local_xml)
    _root, new_schema = parse(new_xml)
    base = by_name(parse(base_xml)[1]) if base_xml else {}
    existing = by_name(local_schema)
    result = Merged(model="")
    for element in form_fields(new_schema):
        name = element.get("name")
        if name in existing:
            if base_xml:
                merge_field(existing[name], element, base.get(name), result)
            continue
        parent = element.getparent()
        target = local_schema
        if parent.tag == f"{{{SUPERMODEL}}}fieldset":
            target = local_schema.find(f"m:fieldset[@name='{parent.get('name')}']", NS)
            if target is None:
                target = etree.SubElement(local_schema, parent.tag, dict(parent.attrib))
        target.append(deepcopy(element))
        existing[name] = element
        result.added.append(name)
    result.model = etree.tostring(local, encoding="unicode")
    parse_form_template(result.model)  # refuse rather than store a model easyform cannot read
    return result


def merge_field(local, new, base, result: Merged) -> None:
    """One field both forms have: its condition and, for a group, its row and settings."""
    name = local.get("name")
    changes = [
        three_way(local, new, base, attribute_of(SHOW_WHEN), set_attribute(SHOW_WHEN)),
        *(
            three_way(local, new, base, child_text(setting), set_child(setting))
            for setting in GROUP_SETTINGS
            if is_group(new)
        ),
        add_row_fields(local, new) if is_group(new) and is_group(local) else None,
    ]
    if "updated" in changes:
        result.updated.append(name)
    elif "kept" in changes:
        result.kept.append(name)


def three_way(local, new, base, read, write) -> str | None:
    """Take the new value where the local one is still the base's: "updated"; the local one
    stays where it was changed here: "kept"; None when the new release changes nothing."""
    new_value, local_value = read(new), read(local)
    if local_value == new_value:
        return None
    if base is None or local_value != read(base):  # added or changed here: it stays
        return "kept" if base is None or new_value != read(base) else None
    write(local, new_value)
    return "updated"


def attribute_of(name):
    return lambda element: element.get(name)


def set_attribute(name):
    def write(element, value):
        if value is None:
            element.attrib.pop(name, None)
        else:
            element.set(name, value)

    return write


def child_text(tag):
    def read(element):
        child = element.find(f"m:{tag}", NS)
        return None if child is None else (child.text or "")

    return read


def set_child(tag):
    def write(element, value):
        child = element.find(f"m:{tag}", NS)
        if value is None:
            if child is not None:
                element.remove(child)
            return
        if child is None:
            child = etree.SubElement(element, f"{{{SUPERMODEL}}}{tag}")
            row = element.find("m:row", NS)
            if row is not None:  # the settings before the row, as the editor writes them
                row.addprevious(child)
        child.text = value

    return write


def is_group(element) -> bool:
    return element.find("m:row", NS) is not None


def add_row_fields(local, new) -> str | None:
    """The sub-fields of the new release's row that the local group's row lacks, at its end."""
    row = local.find("m:row", NS)
    have = {sub.get("name") for sub in row.findall("m:field", NS)}
    added = False
    for sub in new.find("m:row", NS).findall("m:field", NS):
        if sub.get("name") not in have:
            row.append(deepcopy(sub))
            added = True
    return "updated" if added else None
