"""The OpenID Connect providers the site trusts, and the login settings of Site Setup.

Kept in an annotation of the portal (a Manager edits them in the control panel ``@@login-
providers``). A provider's client secret is stored there too and is never shown again: the
control panel only says whether one is set.

A provider's *levels* are ordered from the lowest to the highest; each has our name (used in a
form's settings), the provider's ``acr`` value and a title shown to citizens and offices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import replace

from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

KEY = "digitalgemeinde.identity"
ID = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
CITIZENS = "citizens"
STAFF = "staff"
# our names of a person's data -> the standard claim they are read from (OpenID Connect Core 5.1)
DEFAULT_CLAIMS = {
    "given_name": "given_name",
    "family_name": "family_name",
    "email": "email",
    "birthdate": "birthdate",
    "address": "address",
}
PERSON_DATA = (*DEFAULT_CLAIMS, "ahv_number")


@dataclass(frozen=True)
class Level:
    name: str
    acr: str
    title: str


@dataclass(frozen=True)
class Provider:
    id: str
    title: str
    issuer: str
    client_id: str
    client_secret: str = ""
    audience: str = CITIZENS
    scopes: tuple[str, ...] = ("openid", "profile", "email", "address")
    levels: tuple[Level, ...] = ()
    # our name of a person's data -> the provider's claim
    claims: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CLAIMS))
    # our names of the data the provider vouches for (the e-mail also needs email_verified)
    verified: tuple[str, ...] = ()
    # our names of the data a citizen's login must bring; missing ones are asked for, unverified
    required: tuple[str, ...] = ()
    # staff: the claim listing the person's groups there, and which of our groups each gives
    group_claim: str = ""
    group_map: tuple[tuple[str, str], ...] = ()
    enabled: bool = True

    def level(self, name: str) -> Level | None:
        return next((level for level in self.levels if level.name == name), None)

    def level_of_acr(self, acr: str) -> Level | None:
        return next((level for level in self.levels if level.acr == acr), None)

    def acr_at_or_above(self, name: str) -> list[str]:
        """The acr values that meet the level ``name``, lowest first ([] for an unknown level)."""
        names = [level.name for level in self.levels]
        if name not in names:
            return []
        return [level.acr for level in self.levels[names.index(name) :]]

    def groups_for(self, values) -> set[str]:
        """Our group ids for the values of the provider's group claim."""
        values = {values} if isinstance(values, str) else set(values or ())
        return {ours for theirs, ours in self.group_map if theirs in values}


@dataclass(frozen=True)
class LoginSettings:
    local_login: bool = True  # citizens may also register and log in with a password here
    session_hours: int = 8  # a session ends this long after the login, active or not
    idle_minutes: int = 30  # ... or after this long without a request
    relogin_minutes: int = 15  # sensitive steps need a login (or password check) this recent


def _store(create: bool = False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(KEY)
    if store is None and create:
        store = annotations[KEY] = PersistentMapping(
            {"providers": PersistentMapping(), "settings": PersistentMapping()}
        )
    return store


def _to_record(provider: Provider) -> PersistentMapping:
    record = PersistentMapping()
    for each in fields(Provider):
        value = getattr(provider, each.name)
        if each.name == "levels":
            value = tuple((level.name, level.acr, level.title) for level in value)
        elif each.name == "claims":
            value = dict(value)
        record[each.name] = value
    return record


def _from_record(record) -> Provider:
    known = {each.name for each in fields(Provider)}
    values = {name: value for name, value in record.items() if name in known}
    values["levels"] = tuple(Level(*level) for level in values.get("levels", ()))
    values["claims"] = dict(values.get("claims", DEFAULT_CLAIMS))
    for name in ("scopes", "verified", "required"):
        values[name] = tuple(values.get(name, ()))
    values["group_map"] = tuple(tuple(pair) for pair in values.get("group_map", ()))
    return Provider(**values)


def providers(enabled_only: bool = False, audience: str | None = None) -> list[Provider]:
    """The configured providers, in the order they were added."""
    store = _store()
    found = [_from_record(record) for record in (store or {}).get("providers", {}).values()]
    return [
        provider
        for provider in found
        if (provider.enabled or not enabled_only)
        and (audience is None or provider.audience == audience)
    ]


def provider(provider_id: str) -> Provider | None:
    store = _store()
    record = (store or {}).get("providers", {}).get(provider_id)
    return _from_record(record) if record is not None else None


def save_provider(provider: Provider, keep_secret: bool = True) -> Provider:
    """Store ``provider`` (added or replaced). An empty secret keeps the stored one."""
    if not ID.match(provider.id):
        raise ValueError(f"invalid provider id {provider.id!r}")
    store = _store(create=True)
    old = store["providers"].get(provider.id)
    if keep_secret and not provider.client_secret and old is not None:
        provider = replace(provider, client_secret=old.get("client_secret", ""))
    store["providers"][provider.id] = _to_record(provider)
    return provider


def delete_provider(provider_id: str) -> None:
    store = _store()
    if store is not None and provider_id in store["providers"]:
        del store["providers"][provider_id]


def login_settings() -> LoginSettings:
    store = _store()
    saved = dict((store or {}).get("settings", {}))
    known = {each.name for each in fields(LoginSettings)}
    return LoginSettings(**{name: value for name, value in saved.items() if name in known})


def save_login_settings(settings: LoginSettings) -> None:
    store = _store(create=True)
    store["settings"] = PersistentMapping(
        {each.name: getattr(settings, each.name) for each in fields(LoginSettings)}
    )


def level_choices() -> list[tuple[str, str]]:
    """What a form may require, as (token, title): any login, then each citizens' provider's
    levels as ``<provider>:<level>``."""
    choices = []
    for each in providers(enabled_only=True, audience=CITIZENS):
        choices.extend(
            (f"{each.id}:{level.name}", f"{each.title}: {level.title}") for level in each.levels
        )
    return choices
