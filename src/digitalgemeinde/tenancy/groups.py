"""Keep each tenant's and office's groups and local-role grants in step with the content.

Creating a tenant makes ``<id>-editors``, ``<id>-reviewers`` and ``<id>-admins`` and grants them
their roles on the tenant only; creating an Office makes ``<tenant>-<office>-staff``. Renaming
moves the members to groups of the new name; deleting removes the groups; a copy gets groups of
its own and keeps no grant of the groups of the original.
"""

import logging

from Acquisition import aq_base
from BTrees.OOBTree import OOTreeSet
from plone import api
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.tenancy import OFFICE_STAFF_ROLES
from digitalgemeinde.tenancy import TENANT_GROUPS
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy import tenant_group_id
from digitalgemeinde.tenancy import tenant_of

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


def ensure_group(group_id: str, title: str) -> None:
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


def move_group(old_id: str, new_id: str, title: str) -> None:
    """Make ``new_id`` with the members and grants of ``old_id``, then delete ``old_id``."""
    if old_id == new_id:
        ensure_group(new_id, title)
        return
    tool = groups_tool()
    ensure_group(new_id, title)
    old = tool.getGroupById(old_id)
    if old is None:
        return
    new = tool.getGroupById(new_id)
    for member_id in old.getMemberIds():
        new.addMember(member_id)
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


def setup_tenant(tenant) -> None:
    tenant_id = tenant.getId()
    for suffix in TENANT_GROUPS:
        ensure_group(tenant_group_id(tenant_id, suffix), f"{tenant.title}: {GROUP_TITLES[suffix]}")
    grant(tenant, tenant_grants(tenant_id))


def office_title(office, tenant) -> str:
    return f"{tenant.title}, {office.title}: Mitarbeitende"


def setup_office(office) -> None:
    tenant = tenant_of(office.__parent__)
    if tenant is None:
        logger.warning("Office %s lies outside any tenant: no staff group", office.absolute_url())
        return
    group_id = office_group_id(tenant.getId(), office.getId())
    ensure_group(group_id, office_title(office, tenant))
    grant(office, {group_id: OFFICE_STAFF_ROLES})


def offices_in(container):
    """The Offices inside ``container``, found by walking the tree.

    Not by the catalog: while a tenant is renamed or deleted its catalog entries are already
    gone or not yet there. Offices are not entered (their inboxes can be large).
    """
    for item in container.objectValues():
        if IOffice.providedBy(item):
            yield item
        elif getattr(aq_base(item), "isPrincipiaFolderish", False):
            yield from offices_in(item)


def rename_tenant(tenant, old_id: str) -> None:
    new_id = tenant.getId()
    for suffix in TENANT_GROUPS:
        move_group(
            tenant_group_id(old_id, suffix),
            tenant_group_id(new_id, suffix),
            f"{tenant.title}: {GROUP_TITLES[suffix]}",
        )
    grant(tenant, tenant_grants(new_id))
    for office in offices_in(tenant):
        move_group(
            office_group_id(old_id, office.getId()),
            office_group_id(new_id, office.getId()),
            office_title(office, tenant),
        )
        grant(office, {office_group_id(new_id, office.getId()): OFFICE_STAFF_ROLES})


def remove_tenant_groups(tenant_id: str, office_ids: list[str]) -> None:
    for suffix in TENANT_GROUPS:
        remove_group(tenant_group_id(tenant_id, suffix))
    for office_id in office_ids:
        remove_group(office_group_id(tenant_id, office_id))
