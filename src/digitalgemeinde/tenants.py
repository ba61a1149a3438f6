"""Which tenant (Canton or Municipality) a piece of content lies in, and the object a field is
validated for. A leaf: the content types and vocabularies use it, beneath the tenancy package
(the tenants' groups, owners and members)."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone import api

from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.interfaces import ITenant


def tenant_of(context):
    """The Canton or Municipality that ``context`` lies in (or is), else None."""
    for item in aq_chain(aq_inner(context)):
        if ITenant.providedBy(item):
            return item
    return None


def canton_of(tenant):
    """The Canton a tenant belongs to: itself, or the Canton named by a Municipality."""
    if tenant is None:
        return None
    if ICanton.providedBy(tenant):
        return tenant
    abbreviation = getattr(tenant, "canton", None)
    if not abbreviation:
        return None
    for canton in all_cantons():
        if canton.abbreviation == abbreviation:
            return canton
    return None


def all_cantons() -> list:
    """Every Canton, found unrestricted: a municipality's editor may not be allowed to view a
    canton that is still private, yet its services and offices belong to the municipality."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="Canton")
    ]


def context_from_request(context):
    """The content object a field is validated for.

    z3c.form binds fields to a dict in add forms; then the container of the add view that is
    being published is the context. Elsewhere (edit forms, plone.restapi) it is the object.
    """
    if hasattr(context, "aq_chain"):
        return context
    from zope.globalrequest import getRequest

    request = getRequest()
    published = request.get("PUBLISHED") if request is not None else None
    return getattr(published, "context", None)
