"""The session limits of Site Setup at work in every request (identity.session_limits).

At the site's traversal, before Zope authenticates the request, an ended session is dropped;
after the traversal a page asked for with it goes to the login page; at the end of the request
the ticket is renewed (or a password login gets its login time). Changing where an office's
requests go needs a recent login, whatever the route (the routing form, the office's edit form,
REST).
"""

from zope.globalrequest import getRequest

from digitalgemeinde.content_types.office_routing import ROUTING_FIELDS
from digitalgemeinde.identity import session_limits
from digitalgemeinde.interfaces import IDigitalgemeindeLayer


def ours(request) -> bool:
    """A request to a site with this add-on installed (its browser layer is applied at the
    site's traversal, before these subscribers run)."""
    return request is not None and IDigitalgemeindeLayer.providedBy(request)


def before_site_traversal(portal, event) -> None:
    """``IBeforeTraverseEvent`` of the Plone site."""
    request = getattr(event, "request", None)
    if ours(request) and hasattr(request, "cookies"):
        session_limits.end_ended_session(portal, request)


def after_traversal(event) -> None:
    """``IPubAfterTraversal``."""
    if ours(event.request):
        session_limits.after_traversal(event.request)


def before_commit(event) -> None:
    """``IPubBeforeCommit``: the event carries the request."""
    if ours(event.request):
        session_limits.renew(event.request)


def before_abort(event) -> None:
    """``IPubBeforeAbort``: after the error page and PAS's challenge."""
    if ours(event.request):
        session_limits.after_failure(event.request)


def before_streaming(event) -> None:
    """``IPubBeforeStreaming``: the headers go out now; the event carries the response."""
    request = getRequest()
    if ours(request) and getattr(request, "response", None) is event.response:
        session_limits.renew(request)


def office_modified(office, event) -> None:
    """A change of ``email``, ``interface_url`` or ``interface_secret`` needs a recent login."""
    names = set()
    for description in getattr(event, "descriptions", ()) or ():
        # "email" from z3c.form, "IOfficeSchema.email" from plone.restapi
        names.update(name.rsplit(".", 1)[-1] for name in getattr(description, "attributes", ()))
    if names & set(ROUTING_FIELDS):
        session_limits.require_recent_login(getRequest())
