"""The accounts a login at a provider creates: a PAS plugin of ours, ``oidc_accounts``.

An account is found by the provider's issuer and subject (``iss`` + ``sub``), never by the
e-mail: its user id is derived from both (``oidc-`` and 24 characters of their hash), so two
providers cannot share one, and a changed e-mail at the provider changes nothing here. A first
login creates the account from the claims; every login updates them. The plugin enumerates the
accounts, gives them the role Member and their person data as properties (first in the order, so
that a claim wins over an empty member property).

Staff: the provider's group claim is mapped to our groups (the provider's ``group_map``) at every
login, as real memberships, so that office lists and assignments see the person. Memberships the
provider gave and no longer gives are removed; memberships a tenant admin gave by hand stay.
"""

from __future__ import annotations

import hashlib
import time
from base64 import b32encode

from AccessControl.class_init import InitializeClass
from AccessControl.SecurityInfo import ClassSecurityInfo
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IRolesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer

from digitalgemeinde.identity.providers import Provider

PLUGIN_ID = "oidc_accounts"
PREFIX = "oidc-"
SEARCHABLE = ("fullname", "email")


def userid_for(issuer: str, subject: str) -> str:
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).digest()
    return PREFIX + b32encode(digest).decode("ascii").lower()[:24]


def person_data(provider: Provider, claims: dict) -> tuple[dict, set[str]]:
    """Our names of the person's data from ``claims`` (by the provider's claim mapping), and the
    names of those the provider vouches for."""
    data = {}
    for ours, theirs in provider.claims.items():
        value = claims.get(theirs) if theirs else None
        if value not in (None, "", {}):
            data[ours] = value
    verified = {name for name in provider.verified if name in data}
    if "email" in data and claims.get("email_verified") is not True:
        verified.discard("email")
    elif "email" in data and claims.get("email_verified") is True:
        verified.add("email")
    return data, verified


def properties_of(data: dict) -> dict:
    """Plone's member properties from the person data."""
    name = " ".join(str(data[key]) for key in ("given_name", "family_name") if data.get(key))
    props = {"fullname": name, "email": str(data.get("email") or "")}
    address = data.get("address")
    if isinstance(address, dict):
        props["street"] = str(address.get("street_address") or "")
        props["postal_code"] = str(address.get("postal_code") or "")
        props["city"] = str(address.get("locality") or "")
    return {key: value for key, value in props.items() if value}


@implementer(IUserEnumerationPlugin, IPropertiesPlugin, IRolesPlugin)
class OIDCAccounts(BasePlugin):
    meta_type = "Digitalgemeinde OpenID Connect accounts"
    security = ClassSecurityInfo()

    def __init__(self, id, title=""):
        self._setId(id)
        self.title = title
        self._accounts = OOBTree()  # userid -> PersistentMapping
        self._subjects = OOBTree()  # "issuer\nsubject" -> userid

    # -- the accounts --------------------------------------------------------------------
    @security.private
    def account(self, userid: str):
        return self._accounts.get(userid)

    @security.private
    def find(self, issuer: str, subject: str):
        userid = self._subjects.get(f"{issuer}\n{subject}")
        return self._accounts.get(userid) if userid else None

    @security.private
    def remember(self, provider: Provider, issuer: str, subject: str, claims: dict):
        """The account of (issuer, subject), created or updated from ``claims``; and whether it
        was created now."""
        userid = userid_for(issuer, subject)
        record = self._accounts.get(userid)
        created = record is None
        if created:
            record = PersistentMapping(
                {"userid": userid, "issuer": issuer, "subject": subject, "created": time.time()}
            )
            self._accounts[userid] = record
            self._subjects[f"{issuer}\n{subject}"] = userid
        data, verified = person_data(provider, claims)
        record.update(
            {
                "provider": provider.id,
                "data": data,
                "verified": tuple(sorted(verified)),
                "properties": properties_of(data),
                "last_login": time.time(),
            }
        )
        return record, created

    @security.private
    def set_provider_groups(self, userid: str, groups: set[str]) -> set[str]:
        """Record the groups the provider gives now; the ones it gave before and no longer
        does are returned (for the caller to remove)."""
        record = self._accounts[userid]
        before = set(record.get("provider_groups", ()))
        record["provider_groups"] = tuple(sorted(groups))
        return before - groups

    # -- PAS -----------------------------------------------------------------------------
    @security.private
    def enumerateUsers(
        self, id=None, login=None, exact_match=False, sort_by=None, max_results=None, **kw
    ):
        wanted = id or login
        if exact_match and wanted:
            ids = [wanted] if isinstance(wanted, str) else list(wanted)
            found = [self._accounts[each] for each in ids if each in self._accounts]
        else:
            found = [record for record in self._accounts.values() if _matches(record, wanted, kw)]
        if max_results:
            found = found[:max_results]
        return tuple(
            {
                "id": record["userid"],
                "login": record["userid"],
                "pluginid": self.getId(),
                "title": record.get("properties", {}).get("fullname", ""),
            }
            for record in found
        )

    @security.private
    def getPropertiesForUser(self, user, request=None):
        record = self._accounts.get(user.getId())
        return dict(record.get("properties", {})) if record is not None else {}

    @security.private
    def getRolesForPrincipal(self, principal, request=None):
        return ("Member",) if principal.getId() in self._accounts else ()


def _matches(record, wanted, kw) -> bool:
    """A search of PAS (no exact match): every given term is in the id or the property."""
    properties = record.get("properties", {})
    terms = {"id": wanted} if wanted else {}
    terms.update({key: kw[key] for key in SEARCHABLE if kw.get(key)})
    for key, term in terms.items():
        value = record["userid"] if key == "id" else properties.get(key, "")
        if str(term).lower() not in str(value).lower():
            return False
    return True


InitializeClass(OIDCAccounts)
