"""Releases of a StandardService: the transition "release" (or "release_version") freezes the
descriptive fields and the form template into a numbered snapshot with its change note.

Adopters follow snapshots only, so editing a released standard changes nothing for them until
the next release. A release needs a change note (the transition's comment), and a new version
needs a change since the last one: both are refused before anything is stored.
"""

from datetime import UTC
from datetime import datetime

from plone import api
from plone.app.textfield.value import RichTextValue
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.content_types.service_description import DESCRIPTIVE_FIELDS
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.form_code import refused_in_template

RELEASING = ("release", "release_version")
# Settings of the standard's form that adopting municipalities' forms take: the standard's
# field -> the form's field (IRequestForm). A standard may show its form as steps (issue 19).
FORM_SETTINGS = {"form_as_steps": "as_steps"}
RELEASED_FIELDS = (*DESCRIPTIVE_FIELDS, "office_hint", "form_template", *FORM_SETTINGS)


def comparable(value):
    """A value as compared between versions: rich text by its source, lists as tuples."""
    if isinstance(value, RichTextValue):
        return value.raw or ""
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(value)
    if value is None or value is False:  # a setting not yet set is off
        return ""
    return value


def working_fields(standard) -> dict:
    """The fields of the standard as they are being edited now."""
    return {name: copy_value(getattr(standard, name, None)) for name in RELEASED_FIELDS}


def copy_value(value):
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return value


def changed_fields(old: dict | None, new: dict) -> list[str]:
    """The names of the fields whose values differ between two snapshots' fields."""
    old = old or {}
    return [
        name for name in RELEASED_FIELDS if comparable(old.get(name)) != comparable(new.get(name))
    ]


def message(text) -> str:
    return translate(text, context=api.portal.get().REQUEST)


def before_transition(standard, event):
    transition = event.transition.id if event.transition is not None else None
    if transition not in RELEASING:
        return
    comment = ((event.kwargs or {}).get("comment", "") or "").strip()
    if not comment:
        raise WorkflowException(
            message(_("A release needs a change note: say what is new in this version."))
        )
    try:
        parse_form_template(standard.form_template)
    except InvalidFormTemplate as error:
        raise WorkflowException(message(error.doc())) from error
    refused = refused_in_template(standard.form_template)
    if refused is not None:
        raise WorkflowException(message(refused))
    latest = standard.latest_release()
    if latest is not None and not changed_fields(latest["fields"], working_fields(standard)):
        raise WorkflowException(
            message(
                _(
                    "Nothing has changed since version ${version}: there is nothing to release.",
                    mapping={"version": latest["version"]},
                )
            )
        )


def after_transition(standard, event):
    transition = event.transition.id if event.transition is not None else None
    if transition not in RELEASING:
        return
    comment = ((event.kwargs or {}).get("comment", "") or "").strip()
    standard.add_release(
        {
            "version": standard.version + 1,
            "date": datetime.now(UTC),
            "note": comment,
            "actor": api.user.get_current().getId(),
            "uid": api.content.get_uuid(standard),
            "fields": working_fields(standard),
        }
    )
    standard.reindexObject()
