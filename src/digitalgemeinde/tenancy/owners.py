"""Which object each managed group was made for; no group is handed to another object.

Group ids are made from names (``tenancy.tenant_group_id``, ``tenancy.office_group_id``), and
different names can make the same id: the office ``ag-einwohnerdienste`` of ``reinach`` and the
office ``einwohnerdienste`` of ``reinach-ag`` both make ``reinach-ag-einwohnerdienste-staff``,
two offices of one tenant in different folders with the same id make the same group too. So
each group records its owner when it is made: the UID of its tenant or office (the
association's groups belong to the association, :data:`ASSOCIATION`, however many there are).
A group owned by one object is never given to another: adding, renaming or moving an office or
tenant whose group another object owns is refused with :class:`GroupTaken`, and renaming,
moving or deleting an object moves or deletes only the groups it owns.

Sites made before owners were recorded keep working without an upgrade: a group without a
recorded owner belongs to the object it was set up for, found when it first matters and then
recorded. Setting up a group always granted it its roles on its object, so that object is the
tenant, office or association whose own group it is (by its current name, or by its former name
while it is renamed or moved) and which holds the group in its local roles. If two hold it, a
name was taken before this rule existed: the one created first made the group, the later one got
it only by the clash. A new object (added, pasted, imported) is never the owner of a group that
exists already. A group that exists and that no such object holds was made by hand or is left
over: it belongs to no one we can name and is given to no one.
"""

from dataclasses import dataclass

from Acquisition import aq_base
from Acquisition import aq_parent
from BTrees.OOBTree import OOBTree
from plone import api
from plone.uuid.interfaces import IUUID
from z3c.form.interfaces import ActionExecutionError
from zExceptions import BadRequest
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Invalid

from digitalgemeinde import _
from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.interfaces import IAssociation
from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy import tenant_group_ids
from digitalgemeinde.tenants import tenant_of

OWNERS_KEY = "digitalgemeinde.group_owners"
ASSOCIATION = "association"  # not a UID: the key of the association's groups


@dataclass(frozen=True)
class Owner:
    key: str | None  # a UID or ASSOCIATION; None: the group exists but belongs to no one here
    obj: object = None


# --- the registry -------------------------------------------------------------------------------


def group_owners(create: bool = True):
    """Group id -> owner key, kept on the site. Without ``create`` a site that has none yet gets
    an empty dict (nothing is written when only reading)."""
    annotations = IAnnotations(api.portal.get())
    if OWNERS_KEY not in annotations:
        if not create:
            return {}
        annotations[OWNERS_KEY] = OOBTree()
    return annotations[OWNERS_KEY]


def owner_key(obj) -> str | None:
    if IAssociation.providedBy(obj):
        return ASSOCIATION
    return IUUID(obj, None)


def forget(group_id: str) -> None:
    owners = group_owners(create=False)
    if group_id in owners:
        del owners[group_id]


# --- whose group is it --------------------------------------------------------------------------


def own_group_ids(obj) -> list[str]:
    """The groups ``obj`` has by its current name and place."""
    if IAssociation.providedBy(obj):
        return list(ASSOCIATION_GROUPS)
    if ITenant.providedBy(obj):
        return tenant_group_ids(obj.getId())
    if IOffice.providedBy(obj):
        tenant = tenant_of(aq_parent(obj))
        return [office_group_id(tenant.getId(), obj.getId())] if tenant is not None else []
    return []


def by_uid(uid: str):
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(UID=uid):
        return brain._unrestrictedGetObject()
    return None


def created(obj) -> tuple:
    when = obj.created() if callable(getattr(obj, "created", None)) else None
    return (when is None, when.millis() if when is not None else 0, obj.getPhysicalPath())


def namesakes(group_id: str) -> list:
    """The tenants, offices and associations whose own group ``group_id`` is by their current
    name, found unrestricted by name (not by grants: the catalog does not list the grants on
    what anyone may view)."""
    catalog = api.portal.get_tool("portal_catalog")
    search = catalog.unrestrictedSearchResults
    found = []
    if group_id in ASSOCIATION_GROUPS:
        found += [b._unrestrictedGetObject() for b in search(portal_type="Association")]
    for brain in search(object_provides=ITenant.__identifier__):
        prefix = f"{brain.getId}-"
        if not group_id.startswith(prefix):
            continue
        found.append(brain._unrestrictedGetObject())
        office_id = group_id[len(prefix) : -len("-staff")] if group_id.endswith("-staff") else ""
        if office_id:
            offices = search(object_provides=IOffice.__identifier__, getId=office_id)
            found += [b._unrestrictedGetObject() for b in offices]
    return [obj for obj in found if group_id in own_group_ids(obj)]


def holds(obj, group_id: str) -> bool:
    return group_id in dict(obj.get_local_roles())


def rightful_owner(group_id: str, former=None) -> Owner | None:
    """The rule for a group without a recorded owner (see the module's docstring).
    ``former``: an object that had ``group_id`` as its own group by its former name."""
    found = {}
    for obj in namesakes(group_id):
        if holds(obj, group_id):
            found.setdefault(owner_key(obj), obj)
    if former is not None and holds(former, group_id):
        found.setdefault(owner_key(former), former)
    found.pop(None, None)
    if not found:
        return None
    first = min(found.values(), key=created)
    return Owner(owner_key(first), first)


def owner_of(group_id: str, claimant=None, former: bool = False, record: bool = True):
    """Who owns ``group_id``: an :class:`Owner`, or None when no one does.

    A recorded owner equal to ``claimant`` is taken as it is. With ``former`` the claimant is
    an object that exists already (renamed or moved): it may be the owner of a group it holds
    from before owners were recorded. ``record`` keeps what the rule found."""
    owners = group_owners(create=record)
    key = owners.get(group_id)
    if key is not None:
        if claimant is not None and key == owner_key(claimant):
            return Owner(key, claimant)
        if key == ASSOCIATION:
            return Owner(key)
        obj = by_uid(key)
        if obj is not None:
            return Owner(key, obj)
        # recorded, but the object is gone: as if nothing were recorded
    owner = rightful_owner(group_id, claimant if former else None)
    if owner is not None and record:
        owners[group_id] = owner.key
    return owner


def group_exists(group_id: str) -> bool:
    return api.portal.get_tool("portal_groups").getGroupById(group_id) is not None


def taken_by(group_id: str, claimant=None, former: bool = False, record: bool = True):
    """The :class:`Owner` that keeps ``claimant`` (None: a new object) from having
    ``group_id``, or None when the group is free for it."""
    owner = owner_of(group_id, claimant, former, record)
    if owner is not None:
        mine = claimant is not None and owner.key == owner_key(claimant)
        return None if mine else owner
    return Owner(None) if group_exists(group_id) else None


def owns(group_id: str, obj) -> bool:
    """``obj`` (existing, perhaps renamed or moved since) owns ``group_id``."""
    owner = owner_of(group_id, obj, former=True)
    return owner is not None and owner.key == owner_key(obj)


def claim(group_id: str, claimant, former: bool = False, name: str | None = None) -> None:
    """Record ``claimant`` as the owner of ``group_id``; :class:`GroupTaken` if another is."""
    owner = taken_by(group_id, claimant, former)
    if owner is not None:
        raise GroupTaken(name or claimant.getId(), group_id, owner)
    group_owners()[group_id] = owner_key(claimant)


def is_own_group(group_id: str, obj) -> bool:
    """For pages: ``group_id`` is the group of ``obj`` and no one else's (nothing written)."""
    return group_id in own_group_ids(obj) and taken_by(group_id, obj, record=False) is None


# --- what an object about to be added, renamed or moved would have -----------------------------


def offices_in(container):
    """The Offices inside ``container``, found by walking the tree.

    Not by the catalog: while a tenant is renamed or deleted its catalog entries are already
    gone or not yet there. Offices are not entered (their inboxes can be large)."""
    for item in container.objectValues():
        if IOffice.providedBy(item):
            yield item
        elif getattr(aq_base(item), "isPrincipiaFolderish", False):
            yield from offices_in(item)


def planned_groups(obj, parent, name: str, is_office: bool | None = None) -> list[tuple]:
    """``(group id, claimant)`` of ``obj`` as ``name`` in ``parent``: a tenant's own groups and
    those of the offices inside it, or an office's staff group. ``obj`` may be None for an
    object not made yet (an add form): ``is_office`` says which kind it will be."""
    if is_office is None:
        is_office = IOffice.providedBy(obj)
    if is_office:
        tenant = tenant_of(parent)
        return [(office_group_id(tenant.getId(), name), obj)] if tenant is not None else []
    planned = [(group_id, obj) for group_id in tenant_group_ids(name)]
    if obj is not None:
        offices = offices_in(obj)
        planned += [(office_group_id(name, office.getId()), office) for office in offices]
    return planned


def check_free(obj, parent, name: str, existing: bool, is_office: bool | None = None) -> None:
    """Refuse (:class:`GroupTaken`) to let ``obj`` be ``name`` in ``parent`` when one of the
    groups it would have is another object's. ``existing``: it is renamed or moved, not new."""
    for group_id, claimant in planned_groups(obj, parent, name, is_office):
        owner = taken_by(group_id, claimant, former=existing)
        if owner is not None:
            raise NameRefused(name, group_id, owner)


# --- the refusal --------------------------------------------------------------------------------


def taken_message(name: str, group_id: str, owner: Owner):
    mapping = {"name": name, "group": group_id}
    obj = owner.obj
    if owner.key == ASSOCIATION:
        return _(
            "error_group_taken_association",
            default="The short name «${name}» gives the group «${group}», which already "
            "belongs to the association. Please choose another short name.",
            mapping=mapping,
        )
    if obj is None:
        return _(
            "error_group_taken_unowned",
            default="The short name «${name}» gives the group «${group}», which already "
            "exists and belongs to no office or tenant. Please choose another short name, or "
            "ask a site manager to remove the group.",
            mapping=mapping,
        )
    if IOffice.providedBy(obj):
        tenant = tenant_of(obj)
        mapping.update(office=obj.Title(), tenant=tenant.Title() if tenant is not None else "")
        return _(
            "error_group_taken_office",
            default="The short name «${name}» gives the group «${group}», which already "
            "belongs to the office «${office}» of ${tenant}. Please choose another short name.",
            mapping=mapping,
        )
    mapping["tenant"] = obj.Title()
    if ICanton.providedBy(obj):
        return _(
            "error_group_taken_canton",
            default="The short name «${name}» gives the group «${group}», which already "
            "belongs to the canton «${tenant}». Please choose another short name.",
            mapping=mapping,
        )
    return _(
        "error_group_taken_municipality",
        default="The short name «${name}» gives the group «${group}», which already belongs "
        "to the municipality «${tenant}». Please choose another short name.",
        mapping=mapping,
    )


class GroupTaken(BadRequest):
    """Refused: the name ``name`` would give an object the group ``group_id``, which ``owner``
    owns. A Bad Request for the publisher: the request's transaction is aborted, exception
    views answer REST with 400 and Classic UI with a status message."""

    def __init__(self, name: str, group_id: str, owner: Owner):
        self.name = name
        self.group_id = group_id
        self.owner = owner
        self.url = None  # where a page sends the user back to, when known
        self.message = taken_message(name, group_id, owner)
        text = self.text(getRequest())
        BadRequest.__init__(self, text)
        self.error = Invalid(text)  # for z3c.form, see NameRefused

    def text(self, request=None) -> str:
        return translate(self.message, context=request)

    def __str__(self) -> str:
        return self.text(getRequest())


class NameRefused(GroupTaken, ActionExecutionError):
    """The same, raised before anything was changed (:func:`check_free`): also an action error
    for z3c.form, so that a form that caused it (an add form naming the object from its title)
    shows it with the values kept; a form then commits nothing of the refused change."""
