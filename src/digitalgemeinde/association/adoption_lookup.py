"""What a municipality may adopt and name: the standard services offered to it, its offices.

The adoption page (``@@adopt``) and the REST endpoint (``@adopt``) both look a chosen standard
service and office up here, by UID, among what is offered to the municipality only.
"""

from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde.association import standards_of
from digitalgemeinde.association.adopting import allowed_offices


def offered_standards(municipality) -> list:
    """The standard services of the associations of the municipality's canton and of those
    for all cantons (found unrestricted)."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(portal_type="Association"):
        association = brain._unrestrictedGetObject()
        if association.canton in (None, getattr(municipality, "canton", None)):
            found.extend(standards_of(association))
    return found


def offered_standard(municipality, uid):
    """The standard service of UID ``uid`` offered to ``municipality``, or None."""
    if not uid:
        return None
    for standard in offered_standards(municipality):
        if IUUID(standard) == uid:
            return standard
    return None


def allowed_office(municipality, uid):
    """The office of UID ``uid`` that a service of ``municipality`` may name, or None."""
    if not uid:
        return None
    for office in allowed_offices(municipality):
        if IUUID(office) == uid:
            return office
    return None
