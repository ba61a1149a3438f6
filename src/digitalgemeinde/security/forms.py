"""Code in forms is for site Managers only, on every route.

Whatever route changes an EasyForm (REST, the model editor, the field and action edit forms,
easyform's import, our adoption, the demo) ends in setting one of its attributes: the guard on
``EasyForm.__setattr__`` compares the code the form holds before and after and refuses a change
that brings code in unless the user may use code in forms (a site Manager). Copying or moving a
form that holds code is a way of bringing it in too: subscribers refuse those. Code a Manager
stores is recorded as approved; code found without approval (stored before this guard existed)
is turned off until a Manager looks (``quarantine``, listed in Site Setup).
"""

import logging
from datetime import UTC
from datetime import datetime

from AccessControl import getSecurityManager
from Acquisition import aq_base
from Acquisition import aq_inner
from BTrees.OOBTree import OOBTree
from collective.easyform.content import EasyForm
from plone import api
from plone.restapi.exceptions import DeserializationError
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.i18n import translate
from ZPublisher.HTTPResponse import status_codes

from digitalgemeinde import _
from digitalgemeinde.form_code import FORM_EXPRESSIONS
from digitalgemeinde.form_code import GUARDED_ATTRIBUTES
from digitalgemeinde.form_code import MODELS
from digitalgemeinde.form_code import Fragment
from digitalgemeinde.form_code import InvalidModel
from digitalgemeinde.form_code import form_fragments
from digitalgemeinde.form_code import may_use_code
from digitalgemeinde.form_code import new_code
from digitalgemeinde.form_code import refusal
from digitalgemeinde.form_code import without_code
from digitalgemeinde.submissions.conditions import check_model as check_conditions

logger = logging.getLogger("digitalgemeinde.security")

APPROVED_KEY = "digitalgemeinde.form_code.approved"
TURNED_OFF_KEY = "digitalgemeinde.form_code.turned_off"
REGISTER_KEY = "digitalgemeinde.form_code.turned_off_forms"


class CodeInFormsRefused(DeserializationError, Forbidden):
    """A change that would bring code into a form, by someone who may not use code in forms.

    A DeserializationError, so that plone.restapi answers 400 with the message; Forbidden
    (403) on every other route. Its text is already in the request's language."""

    def __init__(self, fragment: Fragment | None = None, problem: str = ""):
        self.fragment = fragment
        if fragment is not None:
            message = refusal(fragment)
        else:
            message = _(
                "error_model_unreadable",
                default="The form model cannot be read (${problem}): it was not saved.",
                mapping={"problem": problem},
            )
        self.message = translate(message, context=getRequest())
        super().__init__(self.message)

    def __str__(self):
        return self.message


def current_values(form) -> dict:
    return {name: getattr(form, name, None) for name in GUARDED_ATTRIBUTES}


# Zope sets an error's status from its class name; tell it ours (otherwise 500).
status_codes[CodeInFormsRefused.__name__.lower()] = Forbidden.status


def check_changes(form, changes: dict) -> None:
    """Refuse setting the attributes ``changes`` on ``form`` if that brings in code the user
    may not use. Other keys of ``changes`` are left alone."""
    changes = {name: value for name, value in changes.items() if name in GUARDED_ATTRIBUTES}
    if not changes or may_use_code():
        return
    old = current_values(form)
    try:
        found = new_code(old, {**old, **changes})
    except InvalidModel as error:
        raise CodeInFormsRefused(problem=str(error)) from error
    if found:
        logger.warning(
            "Refused code in form %s by %s: %s",
            "/".join(form.getPhysicalPath()),
            getSecurityManager().getUser().getId(),
            found[0].location,
        )
        raise CodeInFormsRefused(found[0])


def record_approval(form) -> None:
    """A Manager stored the form: the code it now holds counts as approved."""
    try:
        fragments = form_fragments(current_values(form))
    except InvalidModel:
        return
    annotations = IAnnotations(form)
    if not fragments:
        annotations.pop(APPROVED_KEY, None)
        return
    annotations[APPROVED_KEY] = {
        "by": getSecurityManager().getUser().getId(),
        "at": datetime.now(UTC).isoformat(),
        "fragments": tuple(sorted(fragments)),
    }


ORIGINAL_SETATTR = EasyForm.__setattr__


def guarded_setattr(self, name, value):
    if name not in GUARDED_ATTRIBUTES:
        return ORIGINAL_SETATTR(self, name, value)
    if name == "fields_model":
        check_conditions(value)  # conditions are data: a malformed one is refused for all
    check_changes(self, {name: value})
    ORIGINAL_SETATTR(self, name, value)
    if may_use_code():
        record_approval(self)
    return None


def unapproved_code(form) -> list[Fragment]:
    """The code of ``form`` that no Manager stored."""
    try:
        fragments = form_fragments(current_values(form))
    except InvalidModel:
        return []
    approved = set(IAnnotations(form).get(APPROVED_KEY, {}).get("fragments", ()))
    return [fragment for fragment in fragments if fragment not in approved]


def is_copy_or_move(event) -> bool:
    """A copy, or a move to another folder (not an add, a removal or a rename in place)."""
    if hasattr(event, "original"):
        return True
    old, new = getattr(event, "oldParent", None), getattr(event, "newParent", None)
    return old is not None and new is not None and aq_base(old) is not aq_base(new)


def refuse_bringing_in(form, event) -> None:
    """Copying a form, or moving it to another folder, brings its code in as well."""
    if not is_copy_or_move(event) or may_use_code():
        return
    found = unapproved_code(form) or form_fragments(current_values(form))
    if found:
        raise CodeInFormsRefused(found[0])


# Forms whose code was turned off


def register() -> OOBTree:
    annotations = IAnnotations(api.portal.get())
    if REGISTER_KEY not in annotations:
        annotations[REGISTER_KEY] = OOBTree()
    return annotations[REGISTER_KEY]


def turn_off_code(form, reason: str = "") -> list[Fragment]:
    """Take the unapproved code out of ``form`` and keep it aside until a Manager decides."""
    found = unapproved_code(form)
    if not found:
        return []
    original = current_values(form)
    with api.env.adopt_roles(["Manager"]):
        for name in MODELS:
            setattr(form, name, without_code(name, original[name]))
        for name in FORM_EXPRESSIONS:
            if original[name]:
                setattr(form, name, "")
    IAnnotations(form)[TURNED_OFF_KEY] = original
    register()[api.content.get_uuid(form)] = {
        "path": "/".join(form.getPhysicalPath()),
        "title": form.Title(),
        "fragments": tuple((fragment.location, fragment.code) for fragment in found),
        "at": datetime.now(UTC).isoformat(),
        "reason": reason,
    }
    logger.warning(
        "Turned off code in form %s: %s",
        "/".join(form.getPhysicalPath()),
        ", ".join(fragment.location for fragment in found),
    )
    return found


def turned_off_forms() -> list[dict]:
    """The forms whose code waits for a Manager, oldest first."""
    rows = [{"uid": uid, **info} for uid, info in register().items()]
    return sorted(rows, key=lambda row: row["at"])


def decide(uid: str, restore: bool) -> str:
    """A Manager looked at the code of the form ``uid``: put it back (``restore``) or leave it
    out for good. Returns the form's title."""
    if not may_use_code():
        raise Unauthorized("Only site managers decide on code in forms.")
    info = register().pop(uid, None)
    form = api.content.get(UID=uid)
    if form is None:
        return info["title"] if info else uid
    original = IAnnotations(form).pop(TURNED_OFF_KEY, None)
    if restore and original:
        for name, value in original.items():
            setattr(form, name, value)
    logger.warning(
        "%s %s the code of form %s",
        getSecurityManager().getUser().getId(),
        "restored" if restore else "discarded",
        "/".join(form.getPhysicalPath()),
    )
    return form.Title()


def turn_off_unapproved_code(reason: str = "") -> int:
    """Every form of the site whose code no Manager stored: turned off. Returns how many."""
    catalog = api.portal.get_tool("portal_catalog")
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
        form = brain._unrestrictedGetObject()
        if turn_off_code(aq_inner(form), reason):
            count += 1
    return count
