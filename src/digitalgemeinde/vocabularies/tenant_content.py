"""Sources for relations that must stay inside a tenant.

A Service may name as responsible office only an Office of its own tenant or of that tenant's
canton, and as online form only an EasyForm of its own tenant. The same source lists the choices
in the edit form and decides membership when a value is validated, in the browser and over
plone.restapi alike (both bind the field to the content, see ``context_from_request``).
"""

from plone import api
from plone.uuid.interfaces import IUUID
from zope.interface import implementer
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import context_from_request
from digitalgemeinde.tenants import tenant_of


def allowed_tenants(context, include_canton: bool) -> list:
    tenant = tenant_of(context) if context is not None else None
    if tenant is None:
        return []
    tenants = [tenant]
    canton = canton_of(tenant) if include_canton else None
    if canton is not None and canton.getPhysicalPath() != tenant.getPhysicalPath():
        tenants.append(canton)
    return tenants


def tenant_content(portal_type: str, tenants: list):
    """``(brain, label)`` of each object of the type in the tenants, the first tenant's first.

    Unrestricted: an editor may pick an office of the canton that is not yet published.
    """
    catalog = api.portal.get_tool("portal_catalog")
    for tenant in tenants:
        path = "/".join(tenant.getPhysicalPath())
        for brain in catalog.unrestrictedSearchResults(
            portal_type=portal_type, path=path, sort_on="sortable_title"
        ):
            label = brain.Title if tenant is tenants[0] else f"{brain.Title} ({tenant.title})"
            yield brain, label


class TenantContentVocabulary(SimpleVocabulary):
    """Objects of one type inside the allowed tenants; membership is decided by location."""

    def __init__(self, portal_type: str, tenants: list):
        self.portal_type = portal_type
        self.tenant_paths = {tenant.getPhysicalPath() for tenant in tenants}
        terms = [
            SimpleTerm(value=brain._unrestrictedGetObject(), token=brain.UID, title=label)
            for brain, label in tenant_content(portal_type, tenants)
        ]
        super().__init__(terms)

    def __contains__(self, value):
        if getattr(value, "portal_type", None) != self.portal_type:
            return False
        tenant = tenant_of(value)
        return tenant is not None and tenant.getPhysicalPath() in self.tenant_paths

    def getTerm(self, value):
        uid = IUUID(value, None)
        if uid is not None and uid in self.by_token:
            return self.by_token[uid]
        return super().getTerm(value)


@implementer(IContextSourceBinder)
class TenantContentSource:
    def __init__(self, portal_type: str, include_canton: bool):
        self.portal_type = portal_type
        self.include_canton = include_canton

    def __call__(self, context):
        context = context_from_request(context)
        return TenantContentVocabulary(
            self.portal_type, allowed_tenants(context, self.include_canton)
        )


offices_of_tenant_and_canton = TenantContentSource("Office", include_canton=True)
forms_of_tenant = TenantContentSource("EasyForm", include_canton=False)


@provider(IVocabularyFactory)
def FormOfficesVocabularyFactory(context=None):
    """Offices a form of this tenant may deliver to, by UID (stored in the actions model)."""
    context = context_from_request(context)
    tenants = allowed_tenants(context, include_canton=True)
    return SimpleVocabulary(
        [
            SimpleTerm(value=brain.UID, token=brain.UID, title=label)
            for brain, label in tenant_content("Office", tenants)
        ]
    )
