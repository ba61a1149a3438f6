"""Keep each tenant's and office's groups and local-role grants in step with the content.

Creating a tenant makes ``<id>-editors``, ``<id>-reviewers`` and ``<id>-admins`` and grants them
their roles on the tenant only; creating an Office makes ``<tenant>-<office>-staff``. Renaming
moves the members to groups of the new name; deleting removes the groups; a copy gets groups of
its own and keeps no grant of the groups of the original.

Each group belongs to the object it was made for (tenancy.owners): an object never gets, takes
the members of, or deletes a group that another object owns; where one would, it is refused
(``GroupTaken``).
"""

import logging

from BTrees.OOBTree import OOTreeSet
from plone import api
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.tenancy import OFFICE_STAFF_ROLES
from digitalgemeinde.tenancy import TENANT_GROUPS
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy import tenant_group_id
from digitalgemeinde.tenancy.owners import claim
from digitalgemeinde.tenancy.owners import forget
from digitalgemeinde.tenancy.owners import offices_in
from digitalgemeinde.tenancy.owners import owns
from digitalgemeinde.tenants import tenant_of

logger = logging.getLogger("digitalgemeinde.tenancy")

GROUP_TITLES = {
    "editors": "Redaktion",
    "reviewers": "Prüfung",
    "admins": "Administration",
}
MANAGED_KEY = "digitalgemeinde.managed_groups"


def groups_tool():
    return api.portal.get_tool("portal_groups")


def managed_groups() -> OOTreeSet:
    """The ids of the groups made here: only their grants are ever taken away automatically."""
    annotations = IAnnotations(api.portal.get())
    if MANAGED_KEY not in annotations:
        annotations[MANAGED_KEY] = OOTreeSet()
    return annotations[MANAGED_KEY]


def ensure_group(group_id: str, title: str, owner=None, former: bool = False) -> None:
    """Make (or retitle) ``group_id`` for ``owner``; ``GroupTaken`` if another object owns it.
    ``former``: the owner exists already (it is renamed or moved), see owners.owner_of."""
    if owner is not None:
        claim(group_id, owner, former)
    tool = groups_tool()
    if tool.getGroupById(group_id) is None:
        tool.addGroup(group_id, title=title)
    else:
        tool.editGroup(group_id, title=title)
    managed_groups().add(group_id)


def objects_granting(group_id: str):
    """Objects where ``group_id`` has a local role that lets it view (the catalog names users
    and groups alike ``user:<id>``)."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(allowedRolesAndUsers=f"user:{group_id}"):
        obj = brain._unrestrictedGetObject()
        if group_id in dict(obj.get_local_roles()):
            yield obj


def move_grants(old_id: str, new_id: str | None) -> None:
    """Hand the local roles of ``old_id`` to ``new_id`` (or drop them when it is None)."""
    for obj in list(objects_granting(old_id)):
        roles = dict(obj.get_local_roles())[old_id]
        obj.manage_delLocalRoles([old_id])
        if new_id is not None:
            obj.manage_setLocalRoles(new_id, list(roles))
        obj.reindexObjectSecurity()


def move_group(old_id: str, new_id: str, title: str, owner) -> None:
    """Make ``new_id`` for ``owner`` with the members and grants of ``old_id``, then delete
    ``old_id``; only if ``owner`` owns ``old_id``: another's group keeps all it has."""
    ensure_group(new_id, title, owner, former=True)
    if old_id == new_id:
        return
    tool = groups_tool()
    old = tool.getGroupById(old_id)
    if old is None or not owns(old_id, owner):
        return
    for member_id in old.getMemberIds():
        # bookkeeping of a rename or move someone may do: not the member management of the
        # acting user (GroupData.addMember would ask for it)
        tool.addPrincipalToGroup(member_id, new_id)
    move_grants(old_id, new_id)
    remove_group(old_id)


def remove_group(group_id: str) -> None:
    """Delete the group and every local role it still holds anywhere in the site."""
    move_grants(group_id, None)
    tool = groups_tool()
    if tool.getGroupById(group_id) is not None:
        tool.removeGroup(group_id)
    if group_id in managed_groups():
        managed_groups().remove(group_id)
    forget(group_id)


def remove_own_group(group_id: str, owner) -> None:
    """Delete ``group_id`` as ``remove_group`` does, if ``owner`` owns it (else leave it)."""
    if owns(group_id, owner):
        remove_group(group_id)


def grant(obj, grants: dict[str, tuple[str, ...]]) -> None:
    """Grant exactly ``grants`` to our groups on ``obj``; drop grants of our other groups (those
    a copy brought along from its original).

    Grants to people or to groups not made here (set on the sharing page) stay as they are.
    """
    managed = managed_groups()
    for principal, _roles in list(obj.get_local_roles()):
        if principal in managed and principal not in grants:
            obj.manage_delLocalRoles([principal])
    for principal, roles in grants.items():
        obj.manage_setLocalRoles(principal, list(roles))
    obj.reindexObjectSecurity()


def tenant_grants(tenant_id: str) -> dict[str, tuple[str, ...]]:
    return {tenant_group_id(tenant_id, suffix): roles for suffix, roles in TENANT_GROUPS.items()}


def setup_tenant(tenant, new: bool = False) -> None:
    """Give ``tenant`` its groups (``new``: just added, pasted or imported)."""
    tenant_id = tenant.getId()
    for suffix in TENANT_GROUPS:
        title = f"{tenant.title}: {GROUP_TITLES[suffix]}"
        ensure_group(tenant_group_id(tenant_id, suffix), title, tenant, former=not new)
    grant(tenant, tenant_grants(tenant_id))


def office_title(office, tenant) -> str:
    return f"{tenant.title}, {office.title}: Mitarbeitende"


def setup_office(office, new: bool = False) -> None:
    """Give ``office`` its staff group (``new``: just added, pasted or imported)."""
    tenant = tenant_of(office.__parent__)
    if tenant is None:
        logger.warning("Office %s lies outside any tenant: no staff group", office.absolute_url())
        return
    group_id = office_group_id(tenant.getId(), office.getId())
    ensure_group(group_id, office_title(office, tenant), office, former=not new)
    grant(office, {group_id: OFFICE_STAFF_ROLES})


def rename_tenant(tenant, old_id: str) -> None:
    new_id = tenant.getId()
    for suffix in TENANT_GROUPS:
        move_group(
            tenant_group_id(old_id, suffix),
            tenant_group_id(new_id, suffix),
            f"{tenant.title}: {GROUP_TITLES[suffix]}",
            tenant,
        )
    grant(tenant, tenant_grants(new_id))
    for office in offices_in(tenant):
        move_group(
            office_group_id(old_id, office.getId()),
            office_group_id(new_id, office.getId()),
            office_title(office, tenant),
            office,
        )
        grant(office, {office_group_id(new_id, office.getId()): OFFICE_STAFF_ROLES})


def remove_tenant_groups(tenant, tenant_id: str, offices: list) -> None:
    """``tenant`` (named ``tenant_id``) and ``offices`` in it were deleted: their own groups go."""
    for suffix in TENANT_GROUPS:
        remove_own_group(tenant_group_id(tenant_id, suffix), tenant)
    for office in offices:
        remove_own_group(office_group_id(tenant_id, office.getId()), office)
