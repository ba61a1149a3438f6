"""Updating an adopted Service to a newer release of its standard.

A newer release is offered as an update with a per-field diff; applying it keeps local
overrides and adds new form fields without removing any (submissions keep their own copy of
the form's fields anyway).
"""

import difflib
from dataclasses import dataclass
from dataclasses import field

from plone.app.textfield.value import RichTextValue

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import follow
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.adoption import is_overridden
from digitalgemeinde.association.adoption import refuse_code
from digitalgemeinde.association.adoption import standard_of
from digitalgemeinde.association.releases import FORM_SETTINGS
from digitalgemeinde.association.releases import comparable
from digitalgemeinde.association.template_merge import Merged
from digitalgemeinde.association.template_merge import merge_form
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.content_types.inheritance import COPIED_FIELDS
from digitalgemeinde.content_types.inheritance import TAGS
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.service_description import DESCRIPTIVE_FIELDS


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
    for name in (*DESCRIPTIVE_FIELDS, *FORM_SETTINGS, "form_template"):
        old, new = adopted.get(name), latest["fields"].get(name)
        if comparable(old) == comparable(new):
            continue
        overridden = overridden_here(service, name, old)
        changes.append(FieldChange(name, old, new, overridden, word_diff(plain(old), plain(new))))
    return changes


def overridden_here(service, name: str, adopted_value) -> bool:
    """Whether the municipality changed ``name``: a descriptive field by its override, a form
    setting by the form's value differing from the release it adopted."""
    if name == "form_template":
        return False
    if name not in FORM_SETTINGS:
        return is_overridden(service, name)
    form = form_of(service)
    return form is None or comparable(form_setting(form, name)) != comparable(adopted_value)


def form_setting(form, name: str):
    return getattr(IRequestForm(form), FORM_SETTINGS[name], None)


def merge_template(local_xml: str, template_xml: str) -> tuple[str, list[str]]:
    """``local_xml`` with the fields of ``template_xml`` it lacks added (in their fieldset when
    the local form has one of that name); nothing is removed or changed. Returns the new model
    and the names added. ``template_merge.merge_form`` also merges changes against a base."""
    merged = merge_form(local_xml, template_xml)
    return merged.model, merged.added


def form_preview(service, change: FieldChange) -> Merged | None:
    """What applying the form template's ``change`` would do to the service's form."""
    form = form_of(service)
    if form is None or change.name != "form_template" or not change.new:
        return None
    try:
        return merge_form(form.fields_model, change.new, change.old)
    except AdoptionError:
        return None


def apply_update(service) -> dict:
    """Bring ``service`` to the latest release: fields it did not override take the new value
    (empty ones show the new text), its form gets the template's new fields. Returns what was
    done: ``{"version", "updated", "kept", "form_fields_added", "form_fields_updated",
    "form_fields_kept"}`` (the last two: fields whose condition or group the release changed,
    taken over or kept as changed here)."""
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
    merged = None
    if form is not None and any(change.name == "form_template" for change in changes):
        refuse_code(latest["fields"]["form_template"])
        base = adopted_release(service)["fields"].get("form_template")
        merged = merge_form(form.fields_model, latest["fields"]["form_template"], base)
    updated, kept = [], []
    for change in changes:
        if change.name == "form_template":
            continue
        if change.overridden:
            kept.append(change.name)
            continue
        if change.name in FORM_SETTINGS:
            setattr(IRequestForm(form), FORM_SETTINGS[change.name], bool(change.new))
        elif change.name in COPIED_FIELDS:
            setattr(service, change.name, copy_new(change.new))
        updated.append(change.name)
    if merged is not None:
        form.fields_model = merged.model
        form.reindexObject()
    follow(service, standard, latest)
    service.reindexObject()
    return {
        "version": latest["version"],
        "updated": updated,
        "kept": kept,
        "form_fields_added": merged.added if merged else [],
        "form_fields_updated": merged.updated if merged else [],
        "form_fields_kept": merged.kept if merged else [],
    }


def copy_new(value):
    """A new value to store: lists copied, so the release snapshot is not shared."""
    return list(value) if isinstance(value, list | tuple) else value
