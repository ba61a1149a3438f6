"""Tenancy: the groups that edit each tenant, and its offices (which tenant a piece of content
belongs to: ``digitalgemeinde.tenants``)."""

from plone import api

# Group suffix -> local roles it gets on its tenant's subtree.
TENANT_GROUPS = {
    "editors": ("Editor", "Contributor", "Reader"),
    "reviewers": ("Reviewer", "Reader"),
    "admins": ("TenantAdmin", "Reader"),
}
OFFICE_STAFF_ROLES = ("OfficeStaff", "Reader")


def tenant_group_id(tenant_id: str, suffix: str) -> str:
    return f"{tenant_id}-{suffix}"


def office_group_id(tenant_id: str, office_id: str) -> str:
    return f"{tenant_id}-{office_id}-staff"


def tenant_group_ids(tenant_id: str) -> list[str]:
    return [tenant_group_id(tenant_id, suffix) for suffix in TENANT_GROUPS]


def offices_of(tenant) -> list:
    """The Offices inside ``tenant``, from the catalog (unrestricted), sorted by title."""
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(tenant.getPhysicalPath())
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Office", path=path, sort_on="sortable_title"
        )
    ]
