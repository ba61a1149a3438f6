"""What the current session says about its login: the provider, the level, when.

A login through a provider opens Plone's own session (plone.session's ticket, cookie ``__ac``)
with these in the ticket's user data, signed with the rest of the ticket: ``{"p": provider id,
"l": level name, "a": acr, "t": login time}``. A login with a password carries none of them
(``provider`` is then ""). plone.session keeps the user data when it renews the ticket.
"""

from __future__ import annotations

import binascii
import json
import time
from dataclasses import dataclass

from plone import api

SESSION_PLUGIN = "session"


@dataclass(frozen=True)
class Login:
    provider: str = ""  # "" for a login with a password
    level: str = ""
    acr: str = ""
    at: int = 0  # when the person logged in (seconds since the epoch)
    issued: int = 0  # when this ticket was issued (renewed)

    @property
    def age(self) -> float:
        return time.time() - self.at if self.at else float("inf")


def session_plugin():
    return api.portal.get().acl_users._getOb(SESSION_PLUGIN, None)


def user_data(raw: str) -> dict:
    """The user data of a ticket as a dict ({} for none, or for data not of ours)."""
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def ticket_data(request):
    """plone.session's validated ticket of ``request`` as (userid, user_data, timestamp)."""
    plugin = session_plugin()
    raw = request.get(plugin.cookie_name) if plugin is not None else None
    if not raw:
        return None
    try:
        ticket = binascii.a2b_base64(raw)
    except (binascii.Error, TypeError):
        return None
    data = plugin._validateTicket(ticket)
    if data is None:
        return None
    _digest, userid, _tokens, user_data, timestamp = data
    return userid, user_data, timestamp


def current_login(request) -> Login | None:
    """The login of the session ``request`` came with; None without a valid session."""
    data = ticket_data(request)
    if data is None:
        return None
    _userid, raw, timestamp = data
    values = user_data(raw)
    return Login(
        provider=str(values.get("p") or ""),
        level=str(values.get("l") or ""),
        acr=str(values.get("a") or ""),
        at=int(values.get("t") or 0),
        issued=int(timestamp),
    )


def open_session(request, userid: str, login: Login) -> None:
    """Log ``userid`` in: plone.session's ticket with ``login`` in its user data."""
    user_data = json.dumps(
        {"p": login.provider, "l": login.level, "a": login.acr, "t": login.at or int(time.time())},
        separators=(",", ":"),
    )
    session_plugin()._setupSession(userid, request.response, user_data=user_data)
