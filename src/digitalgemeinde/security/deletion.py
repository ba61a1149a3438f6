"""Requests leave only through retention or a site Manager's logged act.

A request (a Submission) stays in the office it was delivered to (or forwarded to). Deleting or
moving away a container that holds requests (an office, a municipality, a canton, any folder)
would take them with it, so it is refused for everyone who lacks the permission
``digitalgemeinde: Remove requests`` on the site: by default only a site Manager holds it, and
the system user of the retention script. The same holds for a request itself: deleting it, or
moving it to another container other than by forwarding it. Renaming a container or a request
keeps every request where it is and is allowed to whoever may rename. A container without
requests is deleted or moved as before.

The refusal is :class:`RequestsHeld`, raised when OFS announces the removal or move
(``IObjectWillBeMovedEvent``), before any other subscriber ran (:func:`first_look`); it is a
``Forbidden``, so the request that tried fails as a whole and its transaction is aborted.
Exception views answer it: REST with 403 and a JSON error (services/deletion.py), Classic UI
with a status message (browser/deletion.py).

What a Manager removes or moves away is logged at WARNING (logger ``digitalgemeinde.deletion``)
and kept in an audit trail of the site (:func:`audit_trail`), in the same transaction as the
deletion itself. Retention deletes through :func:`retention_removal` and logs its own summary.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC
from datetime import datetime

from AccessControl import getSecurityManager
from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from OFS.interfaces import IObjectManager
from OFS.interfaces import IObjectWillBeMovedEvent
from Products.CMFCore.utils import getToolByName
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.event import subscribers as event_subscribers
from zope.globalrequest import getRequest
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.interfaces import ISubmission

logger = logging.getLogger("digitalgemeinde.deletion")

REMOVE_REQUESTS = "digitalgemeinde: Remove requests"
AUDIT_KEY = "digitalgemeinde.deletion_audit"

_by_retention = ContextVar("digitalgemeinde_retention_removal", default=False)


@contextmanager
def retention_removal():
    """Deletions in this block are retention's: allowed, and not logged one by one."""
    token = _by_retention.set(True)
    try:
        yield
    finally:
        _by_retention.reset(token)


# --- the refusal ------------------------------------------------------------------------------


def holds_message(obj, count: int):
    mapping = {"count": count, "title": obj.Title() if hasattr(obj, "Title") else obj.getId()}
    if IOffice.providedBy(obj):
        return _("This office holds ${count} request(s).", mapping=mapping)
    if IMunicipality.providedBy(obj):
        return _("This municipality holds ${count} request(s).", mapping=mapping)
    if ICanton.providedBy(obj):
        return _("This canton holds ${count} request(s).", mapping=mapping)
    return _("“${title}” holds ${count} request(s).", mapping=mapping)


def refusal_messages(obj, count: int, removing: bool) -> list:
    if ISubmission.providedBy(obj):
        if removing:
            return [
                _(
                    "Only site managers can delete a request: closed requests are deleted "
                    "when their retention period is over."
                )
            ]
        return [
            _(
                "Only site managers can move a request: forward it to the office responsible "
                "instead."
            )
        ]
    if removing:
        reason = _(
            "Only site managers can delete a place that holds requests: requests leave the "
            "portal only when their retention period is over."
        )
    else:
        reason = _(
            "Only site managers can move a place that holds requests elsewhere. You can rename it."
        )
    return [holds_message(obj, count), reason]


class RequestsHeld(Forbidden):
    """Refused: ``obj`` holds ``count`` requests (or is one) and the user may not remove them.

    ``url`` is where ``obj`` stays; ``text(request)`` says why, in the request's language."""

    def __init__(self, obj, count: int, removing: bool):
        self.count = count
        self.removing = removing
        self.url = obj.absolute_url()
        self.messages = refusal_messages(obj, count, removing)
        super().__init__(self.text(getRequest()))

    def text(self, request=None) -> str:
        return " ".join(translate(message, context=request) for message in self.messages)


# --- the check --------------------------------------------------------------------------------


def requests_in(container) -> int:
    """How many requests ``container`` holds, at any depth: one catalog query, unrestricted."""
    catalog = getToolByName(container, "portal_catalog", None)
    search = getattr(catalog, "unrestrictedSearchResults", None)
    if search is None:
        return 0  # outside a Plone site
    path = "/".join(container.getPhysicalPath())
    return len(search(portal_type="Submission", path=path))


def may_remove_requests(obj) -> bool:
    """Only with the permission on the site (a local Manager role on a tenant is not enough)."""
    portal_url = getToolByName(obj, "portal_url", None)
    site = portal_url.getPortalObject() if portal_url is not None else obj
    return bool(getSecurityManager().checkPermission(REMOVE_REQUESTS, site))


def leaves(event) -> bool:
    """The object is removed or moves to another container (a rename keeps it in place)."""
    if event.oldParent is None:
        return False  # being added
    if event.newParent is None:
        return True
    return aq_base(event.newParent) is not aq_base(event.oldParent)


def check(obj, count: int, event) -> None:
    if _by_retention.get():
        return
    removing = event.newParent is None
    if not may_remove_requests(obj):
        raise RequestsHeld(obj, count, removing)
    if removing or not ISubmission.providedBy(obj):  # a request's own move is a forwarding
        record(obj, count, event)


def will_move(event) -> None:
    """Check an OFS ``IObjectWillBeMovedEvent`` once, at the top of a removal or move."""
    if getattr(event, "_requests_checked", False):
        return
    event._requests_checked = True
    obj = event.object
    if not leaves(event):
        return  # being added, or renamed in place
    if ISubmission.providedBy(obj):
        check(obj, 1, event)
    elif IObjectManager.providedBy(obj):
        count = requests_in(obj)
        if count:
            check(obj, count, event)


def first_look(event) -> None:
    """A zope.event subscriber ahead of zope.component's dispatch: OFS hands a removal to the
    contents first and the catalog unindexes each of them, in an order of subscribers that
    differs between registries; here nothing has been unindexed yet, the count is whole."""
    if IObjectWillBeMovedEvent.providedBy(event):
        will_move(event)


def install() -> None:
    if first_look not in event_subscribers:
        event_subscribers.insert(0, first_look)


install()  # as zope.component.event installs its dispatch: on import


# --- the trail of a Manager's acts --------------------------------------------------------------


def record(obj, count: int, event) -> None:
    """Log and keep what a Manager removes or moves away: who, what, where to, how many."""
    user = getSecurityManager().getUser()
    entry = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user.getId() or user.getUserName(),
        "action": "delete" if event.newParent is None else "move",
        "path": "/".join(obj.getPhysicalPath()),
        "portal_type": getattr(aq_base(obj), "portal_type", ""),
        "requests": count,
        "to": (
            "/".join((*event.newParent.getPhysicalPath(), event.newName))
            if event.newParent is not None
            else ""
        ),
    }
    logger.warning(
        "%(user)s: %(action)s %(path)s (%(portal_type)s) holding %(requests)s request(s)%(to)s",
        {**entry, "to": f" to {entry['to']}" if entry["to"] else ""},
    )
    portal_url = getToolByName(obj, "portal_url", None)
    if portal_url is None:
        return
    annotations = IAnnotations(portal_url.getPortalObject(), None)
    if annotations is None:
        return
    trail = annotations.get(AUDIT_KEY)
    if trail is None:
        trail = annotations[AUDIT_KEY] = OOBTree()
    trail[(entry["when"], entry["path"], len(trail))] = entry


def audit_trail(portal) -> list[dict]:
    """What Managers removed or moved away, oldest first."""
    return [dict(entry) for entry in (IAnnotations(portal).get(AUDIT_KEY) or {}).values()]
