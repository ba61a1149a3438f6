"""Every password check of the site passes the login throttle (``throttle.py``).

The hook is a PAS authentication plugin, ``login_throttle``, that stands in for the site's
password checkers (``source_users``): installing it deactivates their authentication role and
the plugin calls them itself. So one place sees every login by password, whichever route it
came by: the Classic UI login form (credentials of the cookie extractor), HTTP Basic auth (the
basic-auth extractor) and plone.restapi's ``@login`` (``acl_users.authenticate``); also the
check of the current password when it is changed. Sessions and JWT tokens carry no password and
are not concerned.

A refused attempt raises ``LoginThrottled`` (HTTP 429 with ``Retry-After``) before any password is
checked; ``LoginThrottledView`` renders it: a page for browsers, JSON for REST clients. A login
unknown to the site but known to a user folder above it (the Zope root's ``admin``) is not
counted: that folder checks it next.
"""

import hashlib
import json

from AccessControl.class_init import InitializeClass
from AccessControl.SecurityInfo import ClassSecurityInfo
from Acquisition import aq_parent
from plone import api
from plone.rest.interfaces import IAPIRequest
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zExceptions import HTTPTooManyRequests
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer

from digitalgemeinde.security.throttle import THROTTLE
from digitalgemeinde.security.throttle import Refusal
from digitalgemeinde.security.throttle import throttle_settings

PLUGIN_ID = "login_throttle"
WRAPPED_IDS = ("source_users",)  # the password checkers of a Plone site
ATTEMPTS_KEY = "digitalgemeinde.login_attempts"


class LoginThrottled(HTTPTooManyRequests):
    """A login attempt refused by the throttle; ``refusal`` says for how long and why."""

    def __init__(self, refusal):
        super().__init__(translate(refusal.message, context=getRequest()))
        self.refusal = refusal
        self.setHeader("Retry-After", str(refusal.seconds))


def attempts_of(request) -> dict:
    """The password checks made while answering ``request``: (login, hash) -> outcome."""
    if request is None or not hasattr(request, "other"):
        return {}
    return request.other.setdefault(ATTEMPTS_KEY, {})


def client_address(credentials) -> str:
    request = getRequest()
    address = None
    if request is not None and hasattr(request, "getClientAddr"):
        address = request.getClientAddr()
    return address or credentials.get("remote_address") or ""


@implementer(IAuthenticationPlugin)
class LoginThrottlePlugin(BasePlugin):
    """Checks passwords through the plugins named in ``wrapped_ids``, within the throttle."""

    meta_type = "Digitalgemeinde Login Throttle"
    security = ClassSecurityInfo()
    wrapped_ids: tuple[str, ...] = ()

    def __init__(self, id, title=""):
        self._setId(id)
        self.title = title

    def _wrapped(self):
        pas = aq_parent(self)
        return [pas._getOb(pid) for pid in self.wrapped_ids if pid in pas.objectIds()]

    def _known_only_above(self, login: str) -> bool:
        """A login no user of the site has, but a user folder above the site knows."""
        pas = aq_parent(self)
        if pas._verifyUser(pas.plugins, login=login):
            return False
        above = aq_parent(aq_parent(pas))
        user_folder = getattr(above, "acl_users", None) if above is not None else None
        getter = getattr(user_folder, "getUser", None)
        return getter is not None and getter(login) is not None

    @security.private
    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not login or password is None:
            return None  # not a login by password (a session, a token)
        # One request may ask twice (REST @login: at traversal and in the service): one attempt.
        seen = attempts_of(getRequest())
        key = (login, hashlib.sha256(str(password).encode("utf-8", "replace")).hexdigest())
        if key not in seen:
            seen[key] = self._attempt(login, credentials)
        if isinstance(seen[key], Refusal):
            raise LoginThrottled(seen[key])
        return seen[key]

    def _attempt(self, login: str, credentials):
        """The user found, None, or the ``Refusal`` of an attempt made too soon."""
        settings = throttle_settings()
        address = client_address(credentials)
        refusal = THROTTLE.refusal(login, address, settings)
        if refusal is not None:
            return refusal
        for plugin in self._wrapped():
            found = plugin.authenticateCredentials(credentials)
            if found and found[0]:
                THROTTLE.succeeded(login)
                return found
        if not self._known_only_above(login):
            THROTTLE.failed(login, address, settings)
        return None


InitializeClass(LoginThrottlePlugin)


def install_login_throttle(portal) -> None:
    """Put ``login_throttle`` in front of the site's password checkers (repeatable)."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, LoginThrottlePlugin(PLUGIN_ID, title="Login throttle"))
    plugin = pas._getOb(PLUGIN_ID)
    registry = pas.plugins
    active = registry.listPluginIds(IAuthenticationPlugin)
    newly = [pid for pid in WRAPPED_IDS if pid in active]
    plugin.wrapped_ids = tuple(dict.fromkeys((*plugin.wrapped_ids, *newly)))
    for pid in newly:
        registry.deactivatePlugin(IAuthenticationPlugin, pid)
    if PLUGIN_ID not in active:
        registry.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
    registry.movePluginsTop(IAuthenticationPlugin, [PLUGIN_ID])


def uninstall_login_throttle(portal) -> None:
    """Give the password checks back to the wrapped plugins and remove ``login_throttle``."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        return
    registry = pas.plugins
    active = registry.listPluginIds(IAuthenticationPlugin)
    for pid in pas._getOb(PLUGIN_ID).wrapped_ids:
        if pid in pas.objectIds() and pid not in active:
            registry.activatePlugin(IAuthenticationPlugin, pid)
    registry.removePluginById(PLUGIN_ID)
    pas._delObject(PLUGIN_ID)


class LoginThrottledView(BrowserView):
    """The answer to a refused login: 429, in the request's language."""

    index = ViewPageTemplateFile("templates/login_throttled.pt")

    def __call__(self):
        refusal = self.context.refusal
        response = self.request.response
        response.setStatus(429, lock=True)
        response.setHeader("Retry-After", str(refusal.seconds))
        response.setHeader("Cache-Control", "no-store")
        self.message = translate(refusal.message, context=self.request)
        accept = self.request.getHeader("Accept", "") or ""
        if IAPIRequest.providedBy(self.request) or "application/json" in accept:
            response.setHeader("Content-Type", "application/json")
            error = {"type": "Too many failed logins", "message": self.message}
            return json.dumps({"error": error})
        if "text/html" not in accept:
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return self.message
        self.context = self.__parent__
        self.request.set("disable_border", True)
        try:
            return self.index()
        except Exception:  # no site around the error: the message alone
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return self.message

    def login_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/login"
