"""The routing fields of an Office (where its requests go) and the log of their changes.

Every change of ``email``, ``interface_url`` or ``interface_secret``, whatever its route, is
logged at WARNING by ``note_change``, which ``Office.__setattr__`` calls; the secret is never
written to the log. Who may make such a change is ``security.routing``'s concern.
"""

import logging

from AccessControl import getSecurityManager
from plone import api
from plone.api.exc import CannotGetPortalError

logger = logging.getLogger("digitalgemeinde.security")

ROUTE_REQUESTS = "digitalgemeinde: Route requests"
ROUTE_REQUESTS_ID = "digitalgemeinde.RouteRequests"
# The fields that decide where a request's data flows (the format only decides its shape).
ROUTING_FIELDS = ("email", "interface_url", "interface_secret")
SECRET_FIELDS = frozenset({"interface_secret"})


def same(old, new) -> bool:
    """Whether ``new`` (as sent) leaves the stored value ``old`` as it is; empty is empty."""
    if isinstance(new, str):
        new = new.strip()
    return (old or None) == (new or None)


def current_user() -> str:
    user = getSecurityManager().getUser()
    return user.getId() or user.getUserName()


def office_path(office) -> str | None:
    """The office's path; None for an office that is not stored yet (being added)."""
    path = office.getPhysicalPath()
    if len(path) > 1:
        return "/".join(path)
    return stored_path(office)


def stored_path(office) -> str | None:
    """The path of an unwrapped office, from the catalog (``__setattr__`` gets it unwrapped)."""
    uid = getattr(office, "_plone.uuid", None)
    if not uid:
        return None
    try:
        catalog = api.portal.get_tool("portal_catalog")
    except CannotGetPortalError:  # no site (a script, an import)
        return None
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0].getPath() if brains else None


def shown(name: str, value) -> str:
    if name in SECRET_FIELDS:
        return "(set)" if value else "(empty)"
    return repr(value or None)


def note_change(office, name: str, old, new) -> None:
    """Log a change of a routing field: who, which office, old → new (never the secret).

    Setting the fields of an office that is being created, before it is stored, is not a
    change: its creation is in its history."""
    if name not in ROUTING_FIELDS or same(old, new):
        return
    path = office_path(office)
    if path is None:
        return
    logger.warning(
        "Request routing of office %s changed by %s: %s %s -> %s",
        path,
        current_user(),
        name,
        shown(name, old),
        shown(name, new),
    )
