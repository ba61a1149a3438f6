"""What adopting a standard service and updating an adopted service share.

A Service adopted from a StandardService keeps the standard's UID and a copy of the release it
follows (``standard_release``); this module finds the standard, the service a tenant adopted
and its online form, tells whether a field was changed locally, and refuses a form template
that holds code the current user may not add. Adopting is in ``adopting.py``, taking a newer
release in ``updating.py``; what a field shows (the own value or the release's) is in
``content_types/inheritance.py``.
"""

from Acquisition import aq_base
from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde.association.releases import comparable
from digitalgemeinde.content_types.inheritance import INHERITED_FIELDS
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.inheritance import is_empty
from digitalgemeinde.form_code import refused_in_template

SUPERMODEL = "http://namespaces.plone.org/supermodel/schema"


class AdoptionError(Exception):
    """Adoption or update refused; ``args[0]`` is the message for the editor."""


def standard_of(service):
    """The StandardService a service was adopted from (unrestricted), or None."""
    uid = getattr(aq_base(service), "standard_uid", None)
    if not uid:
        return None
    return api.content.get(UID=uid) or unrestricted_by_uid(uid)


def unrestricted_by_uid(uid: str):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def adopted_in(standard, tenant):
    """The Service of ``tenant`` adopted from ``standard``, or None."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Service",
        standard_uid=IUUID(standard),
        path="/".join(tenant.getPhysicalPath()),
    )
    return brains[0]._unrestrictedGetObject() if brains else None


def form_of(service):
    """The online form a service links to, or None."""
    relation = getattr(aq_base(service), "online_form", None)
    return getattr(relation, "to_object", None) if relation is not None else None


def is_overridden(service, name: str) -> bool:
    """Whether the service has its own value for ``name`` (an update leaves it alone)."""
    own = getattr(aq_base(service), name, None)
    if name in INHERITED_FIELDS:
        return not is_empty(own)
    release = adopted_release(service)
    if release is None:
        return True
    return comparable(own) != comparable(release["fields"].get(name))


def follow(service, standard, release: dict) -> None:
    """Make ``service`` follow ``release`` of ``standard``."""
    service.standard_uid = IUUID(standard)
    service.standard_version = release["version"]
    service.standard_release = dict(release)


def refuse_code(template: str) -> None:
    """The adopted form is made with a Manager's roles: check the adopter's own right to code."""
    refused = refused_in_template(template)
    if refused is not None:
        raise AdoptionError(refused)
