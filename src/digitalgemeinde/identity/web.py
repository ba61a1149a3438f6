"""The login through a provider as the pages see it: begin, complete, log out.

``begin`` answers the URL to send the browser to (the provider's authorization endpoint) and sets
the flow's signed cookie; ``complete`` checks the callback, logs the person in and answers where
to go next. A level that was asked for and not met is asked for once more with ``prompt=login``
(step-up); the second time it is refused. Every refusal is logged with its reason and the
provider's detail, and nothing is created.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlencode

from plone import api

from digitalgemeinde.identity import flow as oidc
from digitalgemeinde.identity.discovery import Unreachable
from digitalgemeinde.identity.errors import LoginRefused
from digitalgemeinde.identity.providers import provider as provider_by_id
from digitalgemeinde.identity.sessions import current_login
from digitalgemeinde.identity.signin import accounts
from digitalgemeinde.identity.signin import log_in
from digitalgemeinde.tenancy.landing import redirect_after_login

logger = logging.getLogger("digitalgemeinde.identity")
CALLBACK = "@@oidc-callback"
LOGGED_OUT = "@@oidc-logged-out"


def portal_url() -> str:
    return api.portal.get().absolute_url()


def callback_url() -> str:
    return f"{portal_url()}/{CALLBACK}"


def safe_came_from(came_from: str) -> str:
    """``came_from`` when it is a page of this site, else the portal's home."""
    url_tool = api.portal.get_tool("portal_url")
    if came_from and came_from.startswith(("http://", "https://")):
        return came_from if url_tool.isURLInPortal(came_from) else portal_url()
    return portal_url()


def _set_cookie(request, flow: oidc.Flow) -> None:
    secure = request.get("SERVER_URL", "").startswith("https://")
    request.response.setCookie(
        oidc.COOKIE,
        oidc.seal(flow),
        path="/",
        http_only=True,
        secure=secure,
        same_site="Lax",
        max_age=oidc.FLOW_SECONDS,
    )


def _forget_cookie(request) -> None:
    request.response.expireCookie(oidc.COOKIE, path="/")


def begin(
    request, provider_id: str, level: str = "", came_from: str = "", purpose: str = "login"
) -> str:
    """The provider's authorization URL for a new login (``LoginRefused`` when the provider is
    unknown, switched off or unreachable)."""
    provider = provider_by_id(provider_id)
    if provider is None or not provider.enabled:
        raise LoginRefused("unknown_provider", provider_id)
    if level and provider.level(level) is None:
        level = ""
    flow = oidc.new_flow(provider, level, safe_came_from(came_from) if came_from else "", purpose)
    prompt = "login" if purpose == "relogin" else ""
    url = oidc.authorization_url(provider, callback_url(), flow, prompt=prompt)
    _set_cookie(request, flow)
    return url


def complete(request) -> str:
    """Finish the login of the callback ``request``: where to send the browser next."""
    params = {key: request.form.get(key) for key in ("code", "state", "iss", "error")}
    params["error_description"] = request.form.get("error_description")
    flow = oidc.unseal(request.cookies.get(oidc.COOKIE, ""))
    _forget_cookie(request)  # one callback per flow: a replay finds no flow
    provider = provider_by_id(flow.provider) if flow is not None else None
    try:
        identity = oidc.finish(flow, params, provider, callback_url())
        userid, _created = log_in(request, identity)
    except LoginRefused as refusal:
        if refusal.reason == "level" and flow is not None and flow.attempt == 1:
            logger.info("login below level %s at %s: asking again", flow.level, flow.provider)
            return _ask_again(request, provider, flow)
        log_refusal(refusal, flow)
        raise
    landing = redirect_after_login(api.user.get(userid=userid), flow.came_from or None)
    return landing or flow.came_from or portal_url()


def _ask_again(request, provider, flow: oidc.Flow) -> str:
    again = replace(oidc.new_flow(provider, flow.level, flow.came_from, flow.purpose), attempt=2)
    url = oidc.authorization_url(provider, callback_url(), again, prompt="login")
    _set_cookie(request, again)
    return url


def log_refusal(refusal: LoginRefused, flow: oidc.Flow | None, provider_id: str = "") -> None:
    logger.warning(
        "login refused (%s) at provider %s: %s",
        refusal.reason,
        flow.provider if flow is not None else (provider_id or "?"),
        refusal.detail or "-",
    )


def logout_target(request) -> str | None:
    """Before Plone's logout: the provider's logout URL when this session came from one."""
    login = current_login(request)
    if login is None or not login.provider:
        return None
    provider = provider_by_id(login.provider)
    if provider is None:
        return None
    user = api.user.get_current()
    record = accounts().account(user.getId()) if user is not None else None
    id_token = record.get("id_token", "") if record is not None else ""
    try:
        return oidc.logout_url(provider, id_token, f"{portal_url()}/{LOGGED_OUT}")
    except Unreachable:
        return None


def login_url(provider_id: str, level: str = "", came_from: str = "") -> str:
    """Our page that starts a login at ``provider_id`` (for links and redirects)."""
    query = {"provider": provider_id}
    if level:
        query["level"] = level
    if came_from:
        query["came_from"] = came_from
    return f"{portal_url()}/@@oidc-login?{urlencode(query)}"


def again_after_refusal(request) -> str:
    """Where «Log in again» leads after a refused callback: the same provider, level and page
    the refused login was for ("" without a flow of ours)."""
    flow = oidc.unseal(request.cookies.get(oidc.COOKIE, ""))
    if flow is None:
        return ""
    return login_url(flow.provider, flow.level, flow.came_from)
