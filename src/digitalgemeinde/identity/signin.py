"""Logging a person in with what a provider vouched for (an ``Identity`` of ``flow.finish``).

Citizens: the account is created at the first login and updated at every one. Staff (a
provider for staff): the group claim gives our groups, checked at every login; a person to whom
it gives none of ours is refused, and nothing is created. Then Plone's session is opened with
the provider and the level in it (``sessions``).
"""

from __future__ import annotations

import logging
import time

from plone import api
from Products.PlonePAS.events import UserInitialLoginInEvent
from Products.PlonePAS.events import UserLoggedInEvent
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IRolesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin
from zope.event import notify

from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.accounts import OIDCAccounts
from digitalgemeinde.identity.errors import LoginRefused
from digitalgemeinde.identity.flow import Identity
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import provider as provider_by_id
from digitalgemeinde.identity.sessions import Login
from digitalgemeinde.identity.sessions import open_session

logger = logging.getLogger("digitalgemeinde.identity")
INTERFACES = (IUserEnumerationPlugin, IPropertiesPlugin, IRolesPlugin)


def accounts() -> OIDCAccounts:
    return api.portal.get().acl_users._getOb(PLUGIN_ID)


def install_accounts(portal) -> None:
    """Add and activate ``oidc_accounts`` (repeatable); its properties come first."""
    pas = portal.acl_users
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(PLUGIN_ID, OIDCAccounts(PLUGIN_ID, title="OpenID Connect accounts"))
    for interface in INTERFACES:
        if PLUGIN_ID not in pas.plugins.listPluginIds(interface):
            pas.plugins.activatePlugin(interface, PLUGIN_ID)
    pas.plugins.movePluginsTop(IPropertiesPlugin, [PLUGIN_ID])


def uninstall_accounts(portal) -> None:
    pas = portal.acl_users
    if PLUGIN_ID in pas.objectIds():
        pas.plugins.removePluginById(PLUGIN_ID)
        pas._delObject(PLUGIN_ID)


def staff_groups(identity: Identity) -> set[str] | None:
    """Our groups for a staff login (None for a citizens' provider)."""
    provider = provider_by_id(identity.provider)
    if provider is None or provider.audience != STAFF:
        return None
    known = {group.getId() for group in api.group.get_groups()}
    return {
        group
        for group in provider.groups_for(identity.claims.get(provider.group_claim))
        if group in known
    }


def log_in(request, identity: Identity) -> tuple[str, bool]:
    """Create or update the account of ``identity`` and open its session: (userid, created)."""
    provider = provider_by_id(identity.provider)
    if provider is None:
        raise LoginRefused("unknown_provider", identity.provider)
    groups = staff_groups(identity)
    plugin = accounts()
    if groups is not None and not groups:
        known = plugin.find(identity.issuer, identity.subject)
        if known is not None:  # removed there: removed here too, before the refusal
            apply_groups(plugin, known["userid"], set())
        raise LoginRefused("no_account", f"{identity.issuer} {identity.subject}")
    record, created = plugin.remember(provider, identity.issuer, identity.subject, identity.claims)
    record["id_token"] = identity.id_token
    userid = record["userid"]
    if groups is not None:
        apply_groups(plugin, userid, groups)
    open_session(
        request,
        userid,
        Login(provider=provider.id, level=identity.level, acr=identity.acr, at=int(time.time())),
    )
    logger.info(
        "login %s via %s (acr %s, level %s)%s",
        userid,
        provider.id,
        identity.acr or "-",
        identity.level or "-",
        " (new account)" if created else "",
    )
    user = api.user.get(userid=userid)
    if user is not None:
        notify(UserInitialLoginInEvent(user) if created else UserLoggedInEvent(user))
    return userid, created


def apply_groups(plugin: OIDCAccounts, userid: str, groups: set[str]) -> None:
    """Memberships as the provider says now: added, and removed where it no longer gives them."""
    for group in sorted(plugin.set_provider_groups(userid, groups)):
        api.group.remove_user(groupname=group, username=userid)
    current = {group.getId() for group in api.group.get_groups(username=userid)}
    for group in sorted(groups - current):
        api.group.add_user(groupname=group, username=userid)
