"""Whose content a refused page is: the tenant it lies in, and how to reach that tenant.

A staff member of one municipality who opens a page of another (``/allschwil/<private>`` or its
edit form) is told whose content it is and who maintains it, instead of Plone's generic
"Insufficient privileges". Only the tenant is named, never the object: its title may be
private; a tenant the person may not view (not published yet) is not named either. The page is
found unrestricted from the address the person was refused.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from plone import api

from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import tenant_of


@dataclass(frozen=True)
class Owner:
    """The tenant a refused page belongs to."""

    title: str
    url: str
    email: str  # the tenant's contact address, else its first office's ("" without either)


def found_object(url: str):
    """The deepest object on the path of ``url`` (view names and the like skipped), or None
    for an address outside the portal."""
    if not url or not api.portal.get_tool("portal_url").isURLInPortal(url):
        return None
    portal = api.portal.get()
    portal_path = urlsplit(portal.absolute_url()).path.rstrip("/")
    path = urlsplit(url).path
    if not path.startswith(portal_path):
        return None
    obj = portal
    for name in path[len(portal_path) :].strip("/").split("/"):
        if not name or name.startswith(("@@", "++")):
            break
        child = obj.get(name) if hasattr(obj, "get") and hasattr(obj, "objectIds") else None
        if child is None:
            break
        obj = child
    return obj


def contact_email(tenant) -> str:
    if getattr(tenant, "email", None):
        return tenant.email
    for office in offices_of(tenant):
        if getattr(office, "email", None):
            return office.email
    return ""


def owner_of_page(url: str) -> Owner | None:
    """The tenant the page at ``url`` lies in, or None (the portal's own pages, and a tenant
    the person may not view: its name is not public yet)."""
    obj = found_object(url)
    tenant = tenant_of(obj) if obj is not None else None
    if tenant is None or not api.user.has_permission("View", obj=tenant):
        return None
    return Owner(tenant.title, tenant.absolute_url(), contact_email(tenant))
