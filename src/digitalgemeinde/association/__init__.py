"""The association's side: its groups, releases of standard services, adoption, figures."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone import api

from digitalgemeinde.interfaces import IAssociation
from digitalgemeinde.interfaces import IMunicipality

EDITORS_GROUP = "association-editors"
INNOVATORS_GROUP = "public-innovators"

# Group -> local roles on the Association (and everything in it).
ASSOCIATION_GROUPS = {
    EDITORS_GROUP: ("Editor", "Contributor", "Reviewer", "Reader"),
    INNOVATORS_GROUP: ("PublicInnovator", "Reader"),
}
GROUP_TITLES = {
    EDITORS_GROUP: "Verband: Redaktion",
    INNOVATORS_GROUP: "Verband: Public Innovators",
}


def association_of(context):
    """The Association that ``context`` lies in (or is), else None."""
    for item in aq_chain(aq_inner(context)):
        if IAssociation.providedBy(item):
            return item
    return None


def municipalities_of_canton(abbreviation: str | None) -> list:
    """The Municipalities of the canton ``abbreviation`` (all when None), by title; found
    unrestricted: figures count every municipality that takes part, published or not."""
    catalog = api.portal.get_tool("portal_catalog")
    found = [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Municipality", sort_on="sortable_title"
        )
    ]
    return [item for item in found if abbreviation is None or item.canton == abbreviation]


def standards_of(association) -> list:
    """The StandardServices in the association's catalogs, by title (unrestricted)."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="StandardService",
            path="/".join(association.getPhysicalPath()),
            sort_on="sortable_title",
        )
    ]


def state_of(obj) -> str | None:
    return api.content.get_state(obj, default=None)


def is_municipality(obj) -> bool:
    return IMunicipality.providedBy(obj)
