"""Writes authenticated by the session cookie must come from the site itself (CSRF).

A logged-in user's browser sends Plone's session cookie ``__ac`` with every request to the
site, also with one that a page of another website makes it send: a form posted to the site,
or ``fetch`` with ``text/plain`` that needs no CORS preflight. plone.protect's token refuses
such writes in the Classic UI, but plone.restapi turns it off for its writes. So every write
(any method but GET, HEAD and OPTIONS) of a logged-in user whose request carries the session
cookie and no ``Authorization`` header must name the site's own origin:

- ``Origin`` when the browser sends it (always on a cross-origin write; ``null`` where it hides
  the page: refused), else the origin of ``Referer``, else ``Sec-Fetch-Site`` (``same-origin``,
  or ``none`` for what the user did in the browser's own interface);
- with none of the three the write is accepted: every current browser sends ``Origin`` on a
  cross-origin write (and ``Sec-Fetch-Site`` besides), so a request without them comes from a
  program that holds the cookie itself and could send any header it likes.

The site's own origin is the one of the request's URL (``SERVER_URL``, as the
VirtualHostMonster rewrites it behind a proxy), plus the origins listed in the setting
``digitalgemeinde.allowed_origins``. Not checked, because a foreign page cannot borrow their
credentials: requests with an ``Authorization`` header (Basic, or plone.restapi's token:
programs, the specialist applications), requests that carry the password themselves (the
login form, ``@login``), and anonymous ones (a citizen's ``@submit``, the signed
``@status-update``): what a foreign page sends without a credential, the attacker could send
directly.

A refused write ends with 403 and the JSON error body of our endpoints, in the request's
language; the transaction is aborted, so nothing is stored.
"""

import json
import logging
from urllib.parse import urlsplit

from AccessControl import getSecurityManager
from Acquisition import aq_base
from plone import api
from plone.api.exc import CannotGetPortalError
from plone.protect.authenticator import isAnonymousUser
from zExceptions import Forbidden
from zope.component import adapter
from zope.component.hooks import getSite
from zope.i18n import translate
from zope.interface import Invalid
from ZPublisher.interfaces import IPubAfterTraversal

from digitalgemeinde import _

logger = logging.getLogger("digitalgemeinde.security")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Sec-Fetch-Site values that name no other website
OWN_FETCH_SITES = frozenset({"same-origin", "none"})
REFUSED = _(
    "This change was refused because it was sent from another website. Please make your "
    "changes on this site itself."
)


class CrossOriginWrite(Forbidden):
    """A write authenticated by a cookie that another website made the browser send."""


def normalized_origin(url: str | None) -> str | None:
    """``scheme://host[:port]`` of ``url``, lower case and without a default port; None when
    ``url`` names no origin (``null``, a relative or malformed URL)."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def check_origin_line(value: str) -> bool:
    """Constraint of the setting: an origin, nothing after the host and port."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        parts = None
    bare = parts and parts.path in ("", "/") and not (parts.query or parts.fragment)
    if bare and not parts.username and normalized_origin(value) is not None:
        return True
    raise Invalid(
        _(
            "An address such as https://www.liestal.ch: http or https, the host and maybe a "
            "port, nothing after them."
        )
    )


def extra_origins() -> set[str]:
    """The origins a Manager allowed besides the site's own (Site Setup)."""
    try:
        values = api.portal.get_registry_record("digitalgemeinde.allowed_origins", default=[])
    except CannotGetPortalError:  # outside a Plone site, e.g. the Zope root
        return set()
    return {origin for origin in map(normalized_origin, values or []) if origin}


def is_own_origin(origin: str | None, request) -> bool:
    if origin is None:
        return False
    return origin == normalized_origin(request.get("SERVER_URL")) or origin in extra_origins()


def foreign_source(request) -> str | None:
    """What names another website as the request's sender (for the log), or None when the
    request comes from the site itself or names no sender at all."""
    origin = request.getHeader("Origin")
    if origin is not None:
        return None if is_own_origin(normalized_origin(origin), request) else f"Origin {origin}"
    referer = request.getHeader("Referer")
    if referer is not None:
        if is_own_origin(normalized_origin(referer), request):
            return None
        return f"Referer {referer}"
    fetch_site = request.getHeader("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.strip().lower() not in OWN_FETCH_SITES:
        return f"Sec-Fetch-Site {fetch_site}"
    return None


def session_cookies() -> set[str]:
    """The names of the cookies that log a user in: plone.session's (``__ac`` unless the
    site changed it) and that of PAS's cookie plugin, where the site has one."""
    names = {"__ac"}
    acl_users = aq_base(getattr(getSite(), "acl_users", None))
    for plugin_id in ("session", "credentials_cookie_auth"):
        name = getattr(getattr(acl_users, plugin_id, None), "cookie_name", None)
        if name:
            names.add(name)
    return names


def authenticated_by_cookie(request) -> bool:
    """A user is logged in, and the browser sent the session cookie on its own: no
    ``Authorization`` header (Zope moves it out of the environment into ``_auth``)."""
    if getattr(request, "_auth", None):
        return False
    if not any(request.cookies.get(name) for name in session_cookies()):
        return False
    return not isAnonymousUser(getSecurityManager().getUser())


@adapter(IPubAfterTraversal)
def refuse_cross_origin_writes(event) -> None:
    """Publication subscriber: the user is known once traversal is over."""
    request = event.request
    if request.get("REQUEST_METHOD", "GET").upper() in SAFE_METHODS:
        return
    if not authenticated_by_cookie(request):
        return
    source = foreign_source(request)
    if source is None:
        return
    logger.warning(
        "Refused %s %s by %s: sent from another website (%s)",
        request.get("REQUEST_METHOD"),
        request.get("ACTUAL_URL", request.get("URL")),
        getSecurityManager().getUser().getId(),
        source[:200],
    )
    raise CrossOriginWrite(translate(REFUSED, context=request))


class CrossOriginWriteView:
    """The exception view: 403 with the JSON error body of our endpoints (see
    services/base.py), also for the Classic UI, where only another website gets it."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self) -> None:
        body = {"type": "Forbidden", "message": str(self.context)}
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        # locked: ZPublisher and plone.transformchain set the status from the exception's
        # class name afterwards, which they do not know
        response.setStatus(403, lock=True)
        response.setBody(json.dumps(body, indent=2, sort_keys=True), lock=True)
