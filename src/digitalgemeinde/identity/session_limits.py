"""How long a session lasts, and the recent login that sensitive steps need.

Sessions are plone.session's signed tickets (cookie ``__ac``, see ``sessions``). The settings of
Site Setup (``providers.LoginSettings``) limit them:

- **idle**: a ticket is valid for ``idle_minutes`` after it was issued (plone.session's
  ``timeout``, set by ``apply_timeout`` when the settings are saved and at install). A request
  of a logged-in person renews the ticket (same user data, new time) once it is older than
  ``RENEW_AFTER`` seconds: a cookie is set, nothing is written to the database, and never on a
  response that a cache may keep for others (``Cache-Control: public``).
- **lifetime**: ``session_hours`` after the login (``t`` in the ticket) the session ends, active
  or not. A password login gets its ``t`` in the response that opens its session
  (``stamp_password_login``); a login through a provider brings it (``sessions.open_session``).
- an ended session is dropped before Zope authenticates the request (``end_ended_session``, at
  the site's traversal): the cookie is expired, the request is anonymous, and a page asked for
  by the browser sends it to the login page with "Your session has expired" (``SessionEnded``).

**Re-login**: a sensitive step (the inbox export, changing where an office's requests go)
calls ``require_recent_login``. A session whose login is older than ``relogin_minutes`` raises
``ReloginRequired``: the browser goes to the provider's login with ``prompt=login`` (a new login
there renews ``t``), or for a password login to ``@@confirm-login`` (``confirm_password``);
a REST client gets 401. Programs that send their credentials with every request (HTTP Basic,
a JWT token) are not asked: only sessions of the cookie are.
"""

from __future__ import annotations

import binascii
import json
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from AccessControl import getSecurityManager
from plone import api
from plone.api.exc import CannotGetPortalError
from plone.session import tktauth

from digitalgemeinde import _
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import login_settings
from digitalgemeinde.identity.sessions import SESSION_PLUGIN
from digitalgemeinde.identity.sessions import user_data
from digitalgemeinde.identity.web import login_url
from digitalgemeinde.security.limits import translated

logger = logging.getLogger("digitalgemeinde.identity")

RENEW_AFTER = 60  # seconds: a ticket younger than this is not renewed
ENDED = "digitalgemeinde.session_ended"  # request key: why the session of the request ended
RENEWED = "digitalgemeinde.session_renewed"  # request key: the ticket was looked at once
SAID = "digitalgemeinde.session_ended_said"  # request key: the person was told
CONFIRM_VIEW = "@@confirm-login"
SESSION_EXPIRED = _(
    "session_expired",
    default="Your session has expired. Please log in again.",
)
LOG_IN_AGAIN = _("log_in_again", default="Please log in again.")


class SessionEnded(Exception):
    """A page asked for with a session that has just ended: to the login page."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url
        self.message = SESSION_EXPIRED


class ReloginRequired(Exception):
    """A sensitive step with a login older than ``relogin_minutes``: log in again at ``url``."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url
        self.message = LOG_IN_AGAIN


@dataclass(frozen=True)
class Ticket:
    userid: str
    tokens: tuple
    data: dict  # the user data (provider, level, acr, login time ``t``)
    timestamp: int  # when the ticket was issued (or renewed)

    @property
    def login_time(self) -> int:
        """When the person logged in (the ticket's time for a ticket without ``t``)."""
        return int(self.data.get("t") or self.timestamp)


def plugin_of(portal):
    return portal.acl_users._getOb(SESSION_PLUGIN, None) if portal is not None else None


def parse(plugin, cookie: str) -> Ticket | None:
    """The ticket of ``cookie`` if its signature is right, whatever its age."""
    try:
        raw = binascii.a2b_base64(cookie)
        timestamp = tktauth.splitTicket(raw)[4]
    except (binascii.Error, TypeError, ValueError):
        return None
    data = plugin._validateTicket(raw, now=timestamp)  # the signature only
    if data is None:
        return None
    _digest, userid, tokens, raw_data, timestamp = data
    return Ticket(userid, tuple(tokens), user_data(raw_data), int(timestamp))


def request_ticket(request, plugin) -> Ticket | None:
    cookie = request.cookies.get(plugin.cookie_name) if plugin is not None else None
    return parse(plugin, cookie) if cookie else None


def ended(ticket: Ticket, settings: LoginSettings, now: float) -> str:
    """Why the session of ``ticket`` has ended ("idle", "lifetime"), or ""."""
    if now - ticket.login_time >= settings.session_hours * 3600:
        return "lifetime"
    if now - ticket.timestamp >= settings.idle_minutes * 60:
        return "idle"
    return ""


def apply_timeout(portal=None) -> None:
    """plone.session's ticket timeout is the idle time of the settings (after they are saved,
    and at install)."""
    plugin = plugin_of(portal or api.portal.get())
    seconds = max(60, int(login_settings().idle_minutes) * 60)
    if plugin is not None and plugin.timeout != seconds:
        plugin.timeout = seconds


def issue(plugin, response, ticket: Ticket, data: dict) -> None:
    """A new ticket for ``ticket``'s user, issued now, with ``data`` as its user data."""
    raw = json.dumps(data, separators=(",", ":"))
    plugin._setupSession(ticket.userid, response, ticket.tokens, raw)


def expire_cookie(plugin, response) -> None:
    options = {"path": plugin.path}
    if plugin.cookie_domain:
        options["domain"] = plugin.cookie_domain
    response.expireCookie(plugin.cookie_name, **options)


# -- the site's traversal: ended sessions are dropped before authentication -------------------


def end_ended_session(portal, request) -> None:
    """Drop the session cookie of ``request`` if its session has ended (idle or lifetime):
    Zope then authenticates nobody, and the browser's cookie is expired."""
    plugin = plugin_of(portal)
    ticket = request_ticket(request, plugin)
    if ticket is None:
        return
    reason = ended(ticket, login_settings(), time.time())
    if not reason:
        return
    request.cookies.pop(plugin.cookie_name, None)
    request.other.pop(plugin.cookie_name, None)
    expire_cookie(plugin, request.response)
    request.other[ENDED] = reason
    logger.info("session of %s ended (%s)", ticket.userid, reason)


def say_ended(request) -> None:
    """ "Your session has expired", on the page the browser shows next (the login page), once;
    not before the traversal, when the request's language is not known yet."""
    if request.other.get(SAID) or not is_page_request(request):
        return
    request.other[SAID] = True
    # in the citizen's language even where the request's own negotiation has not run (an
    # error page after an ended session): the language switch's cookie, else Accept-Language
    api.portal.show_message(translated(SESSION_EXPIRED, request), request=request, type="warning")


def after_failure(request) -> None:
    """A request that ends in an error: the ended session's cookie stays expired (on
    ``Unauthorized`` PAS's cookie challenge drops the cookies set for ``__ac``)."""
    if not request.other.get(ENDED):
        return
    try:
        plugin = plugin_of(api.portal.get())
    except CannotGetPortalError:
        return
    if plugin is not None and plugin.cookie_name not in request.response.cookies:
        expire_cookie(plugin, request.response)
    if request.response.cookies.get("statusmessages", {}).get("value") == "deleted":
        request.other[SAID] = False  # the error page showed it: the login page says it again
    say_ended(request)


def is_page_request(request) -> bool:
    """A page the browser navigates to (not REST, a resource or a form's post)."""
    from plone.rest.interfaces import IAPIRequest

    if IAPIRequest.providedBy(request):
        return False
    if request.get("REQUEST_METHOD", "GET").upper() not in ("GET", "HEAD"):
        return False
    return "text/html" in (request.getHeader("Accept") or "")


def after_traversal(request) -> None:
    """A page asked for with a session that has just ended goes to the login page."""
    if not request.other.get(ENDED) or not is_page_request(request):
        return
    say_ended(request)
    portal_url = api.portal.get().absolute_url()
    here = request.get("ACTUAL_URL", "")
    if here.rstrip("/").endswith(("/login", "/logout", "/@@oidc-callback")):
        return
    query = request.get("QUERY_STRING", "")
    came_from = f"{here}?{query}" if query else here
    raise SessionEnded(f"{portal_url}/login?{urlencode({'came_from': came_from})}")


# -- the end of the request: renewal, and the login time of a password login -------------------


def publicly_cached(response) -> bool:
    return "public" in (response.getHeader("Cache-Control") or "").lower()


def stamp_password_login(plugin, request) -> bool:
    """A ticket issued in this response without our data came from a password (Plone's login
    form, a changed password): it gets the login time. True when the response sets a ticket."""
    cookie = request.response.cookies.get(plugin.cookie_name)
    if cookie is None:
        return False
    value = cookie.get("value") or ""
    value = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
    ticket = parse(plugin, value.strip('"')) if value and value != "deleted" else None
    if ticket is not None and not ticket.data:
        issue(plugin, request.response, ticket, {"p": "", "t": ticket.timestamp})
    return True


def renew(request, now: float | None = None) -> None:
    """Once per request, at its end: renew the session's ticket (see the module)."""
    if request.other.get(RENEWED):
        return
    request.other[RENEWED] = True
    try:
        plugin = plugin_of(api.portal.get())
    except CannotGetPortalError:
        return
    if plugin is None or stamp_password_login(plugin, request):
        return
    if request.other.get(ENDED) or publicly_cached(request.response):
        return
    ticket = request_ticket(request, plugin)
    if ticket is None or not same_user(ticket):
        return
    now = time.time() if now is None else now
    if now - ticket.timestamp < RENEW_AFTER or ended(ticket, login_settings(), now):
        return
    issue(plugin, request.response, ticket, {"p": "", **ticket.data, "t": ticket.login_time})


def same_user(ticket: Ticket) -> bool:
    """The request was authenticated as the ticket's user."""
    user = getSecurityManager().getUser()
    return user is not None and user.getId() == ticket.userid


# -- re-login for sensitive steps -------------------------------------------------------------


def cookie_session(request) -> Ticket | None:
    """The ticket the request was authenticated with; None for HTTP Basic, a JWT token (an
    ``Authorization`` header) or anonymous."""
    if getattr(request, "_auth", None):
        return None
    ticket = request_ticket(request, plugin_of(api.portal.get()))
    return ticket if ticket is not None and same_user(ticket) else None


def login_is_recent(ticket: Ticket, settings: LoginSettings, now: float) -> bool:
    at = int(ticket.data.get("t") or 0)
    return bool(at) and now - at <= settings.relogin_minutes * 60


def relogin_url(ticket: Ticket, came_from: str) -> str:
    provider = str(ticket.data.get("p") or "")
    if provider:
        return f"{login_url(provider, came_from=came_from)}&relogin=1"
    query = urlencode({"came_from": came_from}) if came_from else ""
    return f"{api.portal.get().absolute_url()}/{CONFIRM_VIEW}" + (f"?{query}" if query else "")


def came_from_of(request) -> str:
    """Where to come back after the re-login: this page (a GET), else the page the form was
    on."""
    if request.get("REQUEST_METHOD", "GET").upper() in ("GET", "HEAD"):
        here = request.get("ACTUAL_URL", "")
        query = request.get("QUERY_STRING", "")
        return f"{here}?{query}" if query else here
    referer = request.getHeader("Referer") or ""
    url_tool = api.portal.get_tool("portal_url")
    return referer if referer and url_tool.isURLInPortal(referer) else ""


def require_recent_login(request, came_from: str | None = None) -> None:
    """Raise ``ReloginRequired`` if the request's session logged in too long ago."""
    if request is None:
        return
    ticket = cookie_session(request)
    if ticket is None or login_is_recent(ticket, login_settings(), time.time()):
        return
    logger.info("re-login asked of %s", ticket.userid)
    raise ReloginRequired(
        relogin_url(ticket, came_from_of(request) if came_from is None else came_from)
    )


def current_password_session(request) -> Ticket | None:
    """The cookie session of a password login (None for one through a provider)."""
    ticket = cookie_session(request)
    return ticket if ticket is not None and not ticket.data.get("p") else None


def confirm_password(request, password: str) -> bool:
    """``@@confirm-login``: check the password of the session's user through PAS (so the login
    throttle counts it); right: the login time of the session is now. False when wrong."""
    ticket = current_password_session(request)
    if ticket is None or not password:
        return False
    portal = api.portal.get()
    login = getSecurityManager().getUser().getUserName()
    user = portal.acl_users.authenticate(login, password, request)
    if user is None or user.getId() != ticket.userid:
        logger.warning("re-login of %s refused: wrong password", ticket.userid)
        return False
    issue(
        plugin_of(portal), request.response, ticket, {**ticket.data, "p": "", "t": int(time.time())}
    )
    request.other[RENEWED] = True  # this response already carries the new ticket
    return True
