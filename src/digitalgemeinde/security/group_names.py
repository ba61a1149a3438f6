"""No office or tenant gets a group that another object owns, whatever route names it.

Group ids are made from names, so a name can give an office the staff group of an office of
another tenant (``reinach`` + ``ag-einwohnerdienste`` = ``reinach-ag`` + ``einwohnerdienste``).
tenancy.owners records which object each group belongs to; here every add, paste, import,
rename and move of a tenant or office is checked before it happens, when OFS announces it
(``IObjectWillBeMovedEvent``, of which adding is a kind), ahead of every other subscriber
(:func:`first_look`, as security.deletion does) so that nothing has been unindexed or moved
when it is refused. The refusal is tenancy.owners.GroupTaken: REST answers 400 naming the
conflict (services/group_names.py), Classic UI a status message (browser/group_names.py), and
a form shows it on the form with what was typed kept.

Classic forms that name the object (the short name of the add and edit forms, the rename
form) also check the name as a field (:class:`ShortNameValidator`), so that the message stands
at the field and an edit form changes nothing else.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from OFS.interfaces import IObjectWillBeMovedEvent
from plone.app.content.browser.actions import IRenameForm
from plone.app.dexterity.behaviors.id import IShortName
from plone.dexterity.interfaces import IDexterityFTI
from z3c.form import validator
from z3c.form.interfaces import IAddForm
from zope.component import queryUtility
from zope.dottedname.resolve import resolve
from zope.event import subscribers as event_subscribers
from zope.interface import Invalid

from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenancy.owners import GroupTaken
from digitalgemeinde.tenancy.owners import check_free


def has_groups(obj) -> bool:
    return ITenant.providedBy(obj) or IOffice.providedBy(obj)


def same(one, other) -> bool:
    return aq_base(one) is aq_base(other)


def will_move(event) -> None:
    """Check an add, rename or move of a tenant or office once, before it happens."""
    obj = event.object
    if getattr(event, "_groups_checked", False) or not has_groups(obj):
        return
    event._groups_checked = True
    if event.newParent is None:
        return  # removed: tenancy.groups deletes only the groups it owns
    existing = event.oldParent is not None
    if existing and event.oldName == event.newName and same(event.oldParent, event.newParent):
        return
    try:
        check_free(obj, event.newParent, event.newName, existing)
    except GroupTaken as error:
        # where the user stays: the object where it was, or where it was to be added
        error.url = (obj if existing else event.newParent).absolute_url()
        raise


def object_will_move(obj, event) -> None:
    """The same, registered as a subscriber: an event that somehow passed by first_look."""
    if event.object is obj:
        will_move(event)


def first_look(event) -> None:
    if IObjectWillBeMovedEvent.providedBy(event):
        will_move(event)


def install() -> None:
    if first_look not in event_subscribers:
        event_subscribers.insert(0, first_look)


install()  # on import, as zope.component.event installs its dispatch


# --- Classic forms ------------------------------------------------------------------------------


def form_of(view):
    return getattr(view, "parentForm", None) or view  # a fieldset's group, or the form


def type_is_office(portal_type: str) -> bool | None:
    """Whether objects of ``portal_type`` are Offices (True), tenants (False) or neither."""
    fti = queryUtility(IDexterityFTI, name=portal_type or "")
    if fti is None:
        return None
    klass = resolve(fti.klass)
    if IOffice.implementedBy(klass):
        return True
    return False if ITenant.implementedBy(klass) else None


class ShortNameValidator(validator.SimpleFieldValidator):
    """A new short name of a tenant or office (add, edit and rename forms) whose groups
    another object owns is an error at the field."""

    def validate(self, value, force=False):
        super().validate(value, force)
        if not value:
            return  # the add form names it from the title: checked when it is added
        form = form_of(self.view)
        target = aq_inner(getattr(form, "context", None))
        try:
            if IAddForm.providedBy(form):
                is_office = type_is_office(getattr(form, "portal_type", None))
                if is_office is not None:
                    check_free(None, target, value, existing=False, is_office=is_office)
            elif has_groups(target) and value != target.getId():
                check_free(target, aq_parent(target), value, existing=True)
        except GroupTaken as error:
            raise Invalid(error.text(self.request)) from None


validator.WidgetValidatorDiscriminators(ShortNameValidator, field=IShortName["id"])


class NewIdValidator(ShortNameValidator):
    """The same for the short name of the rename form (``@@object_rename``)."""


validator.WidgetValidatorDiscriminators(NewIdValidator, field=IRenameForm["new_id"])
