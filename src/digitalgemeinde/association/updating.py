"""Updating an adopted Service to a newer release of its standard.

A newer release is offered as an update with a per-field diff; applying it keeps local
overrides and adds new form fields without removing any (submissions keep their own copy of
the form's fields anyway).
"""

import difflib
from copy import deepcopy
from dataclasses import dataclass
from dataclasses import field

from lxml import etree
from plone.app.textfield.value import RichTextValue

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import SUPERMODEL
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import follow
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.adoption import is_overridden
from digitalgemeinde.association.adoption import refuse_code
from digitalgemeinde.association.adoption import standard_of
from digitalgemeinde.association.releases import comparable
from digitalgemeinde.content_types.inheritance import COPIED_FIELDS
from digitalgemeinde.content_types.inheritance import TAGS
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.service_description import DESCRIPTIVE_FIELDS
from digitalgemeinde.content_types.standard_service import parse_form_template


@dataclass
class FieldChange:
    """What a newer release changes in one field, and whether the local value stays."""

    name: str
    old: object
    new: object
    overridden: bool
    words: list = field(default_factory=list)  # (kind, text): kind in equal/insert/delete


def update_available(service) -> dict | None:
    """The newer release of the service's standard, if there is one."""
    release = adopted_release(service)
    standard = standard_of(service)
    if release is None or standard is None:
        return None
    latest = standard.latest_release()
    if latest is None or latest["version"] <= release["version"]:
        return None
    return latest


def plain(value) -> str:
    """A field value as plain text (rich text without its tags, lists joined)."""
    if isinstance(value, RichTextValue):
        return " ".join(TAGS.sub(" ", value.raw or "").split())
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Words kept, deleted and inserted between two texts, for showing a change inline."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("insert", " ".join(new_words[j1:j2])))
    return parts


def pending_changes(service) -> list[FieldChange]:
    """Per field, what the newer release changes and whether the local value stays."""
    latest = update_available(service)
    if latest is None:
        return []
    adopted = adopted_release(service)["fields"]
    changes = []
    for name in (*DESCRIPTIVE_FIELDS, "form_template"):
        old, new = adopted.get(name), latest["fields"].get(name)
        if comparable(old) == comparable(new):
            continue
        overridden = name != "form_template" and is_overridden(service, name)
        changes.append(FieldChange(name, old, new, overridden, word_diff(plain(old), plain(new))))
    return changes


def merge_template(local_xml: str, template_xml: str) -> tuple[str, list[str]]:
    """``local_xml`` with the fields of ``template_xml`` it lacks added (in their fieldset when
    the local form has one of that name); nothing is removed or changed. Returns the new model
    and the names added."""
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False)
    local = etree.fromstring(local_xml.encode("utf-8"), parser)
    template = etree.fromstring(template_xml.encode("utf-8"), parser)
    ns = {"m": SUPERMODEL}
    local_schema = local.find("m:schema", ns)
    template_schema = template.find("m:schema", ns)
    if local_schema is None or template_schema is None:
        raise AdoptionError(_("The form cannot be updated: its field model has no schema."))
    existing = {element.get("name") for element in form_fields(local_schema)}
    added = []
    for element in form_fields(template_schema):
        name = element.get("name")
        if name in existing:
            continue
        parent = element.getparent()
        target = local_schema
        if parent.tag == f"{{{SUPERMODEL}}}fieldset":
            match = local_schema.find(f"m:fieldset[@name='{parent.get('name')}']", ns)
            if match is None:
                match = etree.SubElement(local_schema, parent.tag, dict(parent.attrib))
            target = match
        target.append(deepcopy(element))
        existing.add(name)
        added.append(name)
    merged = etree.tostring(local, encoding="unicode")
    parse_form_template(merged)  # refuse rather than store a model easyform cannot read
    return merged, added


def form_fields(schema) -> list:
    """The fields of a model's schema and of its fieldsets: not the sub-fields in a repeating
    group's ``<row>``, which belong to their group (issue 19)."""
    return schema.xpath("m:field | m:fieldset/m:field", namespaces={"m": SUPERMODEL})


def apply_update(service) -> dict:
    """Bring ``service`` to the latest release: fields it did not override take the new value
    (empty ones show the new text), its form gets the template's new fields. Returns what was
    done: ``{"version", "updated", "kept", "form_fields_added"}``."""
    latest = update_available(service)
    if latest is None:
        raise AdoptionError(_("This service already follows the latest version of its standard."))
    standard = standard_of(service)
    if state_of(standard) == "retired":
        raise AdoptionError(
            _(
                "The standard service «${title}» is retired: there is no update to apply.",
                mapping={"title": standard.title},
            )
        )
    changes = pending_changes(service)
    form = form_of(service)
    merged, added = None, []
    if form is not None and any(change.name == "form_template" for change in changes):
        refuse_code(latest["fields"]["form_template"])
        merged, added = merge_template(form.fields_model, latest["fields"]["form_template"])
    updated, kept = [], []
    for change in changes:
        if change.name == "form_template":
            continue
        if change.overridden:
            kept.append(change.name)
            continue
        if change.name in COPIED_FIELDS:
            setattr(service, change.name, copy_new(change.new))
        updated.append(change.name)
    if merged is not None:
        form.fields_model = merged
        form.reindexObject()
    follow(service, standard, latest)
    service.reindexObject()
    return {
        "version": latest["version"],
        "updated": updated,
        "kept": kept,
        "form_fields_added": added,
    }


def copy_new(value):
    """A new value to store: lists copied, so the release snapshot is not shared."""
    return list(value) if isinstance(value, list | tuple) else value
