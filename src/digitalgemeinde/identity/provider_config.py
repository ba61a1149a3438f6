"""What a Manager enters in Site Setup for a login provider, read and checked before it is stored.

The control panel (``browser/login_providers.py``) hands the form's values to ``validate``, which
answers the ``Provider`` or, per field, what is wrong (a malformed line is named by its number
and text). ``check_issuer`` then asks the provider's discovery document, through the portal's
outgoing check, before anything is stored; ``store`` saves it (an empty secret keeps the stored
one) and drops the cached metadata. ``form_values`` is the other way round, for the edit form;
it never contains the secret.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from plone import api
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.identity import discovery
from digitalgemeinde.identity.providers import CITIZENS
from digitalgemeinde.identity.providers import ID
from digitalgemeinde.identity.providers import PERSON_DATA
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import Level
from digitalgemeinde.identity.providers import Provider
from digitalgemeinde.identity.providers import provider as stored_provider
from digitalgemeinde.identity.providers import save_provider
from digitalgemeinde.outgoing_addresses import Refused
from digitalgemeinde.security.outgoing import vet

LEVEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
CLAIM = re.compile(r"^[A-Za-z0-9_:./-]{1,100}$")
SCOPE = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")  # RFC 6749 3.3 scope-token
AUDIENCES = (CITIZENS, STAFF)


class Errors(dict):
    """Field name -> message (the first problem found per field)."""

    def add(self, name: str, message: Message) -> None:
        self.setdefault(name, message)


def _lines(text: str | None) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate((text or "").splitlines(), start=1)
        if line.strip()
    ]


FORMATS = {
    "levels": _("provider_format_levels", default="name|acr value|title"),
    "claims": _("provider_format_claims", default="our name|claim"),
    "group_map": _("provider_format_groups", default="their group|our group id"),
}


def _bad_line(number: int, line: str, expected: Message) -> Message:
    return _(
        "provider_bad_line",
        default="Line ${number} («${line}») is not of the form ${expected}.",
        mapping={"number": number, "line": line, "expected": expected},
    )


def _split(number: int, line: str, parts: int, expected: Message) -> list[str]:
    values = [part.strip() for part in line.split("|")]
    if len(values) != parts or not all(values):
        raise ValueError(_bad_line(number, line, expected))
    return values


def parse_levels(text: str | None) -> tuple[Level, ...]:
    """``name|acr value|title`` per line, lowest first; names unique."""
    levels, names = [], set()
    for number, line in _lines(text):
        name, acr, title = _split(number, line, 3, FORMATS["levels"])
        if not LEVEL_NAME.match(name) or name in names:
            raise ValueError(
                _(
                    "provider_bad_level_name",
                    default="Line ${number} («${line}»): the name must be unique and written "
                    "in lower case letters, digits, - or _.",
                    mapping={"number": number, "line": line},
                )
            )
        names.add(name)
        levels.append(Level(name, acr, title))
    return tuple(levels)


def parse_claims(text: str | None) -> dict[str, str]:
    """``our name|claim`` per line; our names are those of PERSON_DATA."""
    claims = {}
    for number, line in _lines(text):
        ours, claim = _split(number, line, 2, FORMATS["claims"])
        if ours not in PERSON_DATA or not CLAIM.match(claim):
            raise ValueError(
                _(
                    "provider_bad_claim",
                    default="Line ${number} («${line}»): «${name}» is not one of ${names}.",
                    mapping={
                        "number": number,
                        "line": line,
                        "name": ours,
                        "names": ", ".join(PERSON_DATA),
                    },
                )
            )
        claims[ours] = claim
    return claims


def parse_group_map(text: str | None) -> tuple[tuple[str, str], ...]:
    """``their group|our group id`` per line; each of our groups must exist."""
    pairs = []
    for number, line in _lines(text):
        theirs, ours = _split(number, line, 2, FORMATS["group_map"])
        if api.group.get(groupname=ours) is None:
            raise ValueError(
                _(
                    "provider_unknown_group",
                    default="Line ${number} («${line}»): there is no group «${group}» in "
                    "this portal.",
                    mapping={"number": number, "line": line, "group": ours},
                )
            )
        pairs.append((theirs, ours))
    return tuple(pairs)


def parse_scopes(text: str | None) -> tuple[str, ...]:
    scopes = tuple(dict.fromkeys((text or "").split()))
    if "openid" not in scopes or not all(SCOPE.match(scope) for scope in scopes):
        raise ValueError(
            _(
                "provider_bad_scopes",
                default="The scopes are separated by spaces and include «openid».",
            )
        )
    return scopes


def _check_issuer_spelling(issuer: str) -> None:
    parts = urlsplit(issuer)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            _(
                "provider_bad_issuer",
                default="The issuer is the provider's address, e.g. https://login.example.ch "
                "(without /.well-known/openid-configuration).",
            )
        )


def _parsed(data: dict, errors: Errors) -> dict:
    """The values of the fields that need reading, each refusal added to ``errors``."""
    readers = {
        "levels": parse_levels,
        "claims": parse_claims,
        "group_map": parse_group_map,
        "scopes": parse_scopes,
    }
    values = {}
    for name, read in readers.items():
        try:
            values[name] = read(data.get(name))
        except ValueError as error:
            errors.add(name, error.args[0])
    try:
        _check_issuer_spelling((data.get("issuer") or "").strip())
    except ValueError as error:
        errors.add("issuer", error.args[0])
    return values


def validate(data: dict, provider_id: str, adding: bool) -> tuple[Provider | None, Errors]:
    """The provider the form's ``data`` describe, or None and what is wrong per field."""
    errors = Errors()
    provider_id = (provider_id or "").strip()
    if adding and not ID.match(provider_id):
        errors.add(
            "id",
            _(
                "provider_bad_id",
                default="The id starts with a lower case letter and has at most 32 lower case "
                "letters, digits and hyphens (e.g. agov).",
            ),
        )
    elif adding and stored_provider(provider_id) is not None:
        errors.add(
            "id",
            _(
                "provider_id_taken",
                default="There is already a provider «${id}».",
                mapping={"id": provider_id},
            ),
        )
    audience = data.get("audience") or CITIZENS
    if audience not in AUDIENCES:
        errors.add("audience", _("provider_bad_audience", default="Citizens or staff."))
    values = _parsed(data, errors)
    if audience == STAFF and values.get("group_map") and not (data.get("group_claim") or ""):
        errors.add(
            "group_claim",
            _("provider_group_claim_missing", default="Name the claim that lists the groups."),
        )
    if errors:
        return None, errors
    return Provider(
        id=provider_id,
        title=(data.get("title") or "").strip(),
        issuer=data["issuer"].strip(),
        client_id=(data.get("client_id") or "").strip(),
        client_secret=data.get("client_secret") or "",
        audience=audience,
        verified=tuple(data.get("verified") or ()),
        required=tuple(data.get("required") or ()),
        group_claim=(data.get("group_claim") or "").strip(),
        enabled=bool(data.get("enabled")),
        **values,
    ), errors


def check_issuer(provider: Provider) -> Message | None:
    """Why the provider's discovery document cannot be used (None when it can)."""
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    host = urlsplit(url).netloc
    try:
        vet(url)
    except OSError:
        pass  # the name does not resolve: unreachable, said below
    except Refused:
        return _(
            "provider_issuer_not_allowed",
            default="The portal may not connect to ${host}: only https:// addresses on the "
            "internet are allowed. To use a provider in your own network, add «${host}» in Site "
            "Setup > Einwohnerportal > Outgoing connections.",
            mapping={"host": host},
        )
    try:
        found = discovery.get_json(url)
    except discovery.Unreachable:
        return _(
            "provider_issuer_unreachable",
            default="The provider's discovery document (${url}) could not be read: the address "
            "does not answer or does not answer with OpenID Connect metadata.",
            mapping={"url": url},
        )
    if found.get("issuer") != provider.issuer:
        return _(
            "provider_issuer_mismatch",
            default="The discovery document names the issuer «${found}», not «${issuer}». "
            "Enter the issuer exactly as the provider names it.",
            mapping={"found": str(found.get("issuer") or ""), "issuer": provider.issuer},
        )
    discovery.forget()
    try:
        discovery.metadata(provider, fresh=True)
    except discovery.Unreachable as error:
        return _(
            "provider_issuer_incomplete",
            default="The provider's discovery document is incomplete (${detail}).",
            mapping={"detail": error.detail},
        )
    return None


def store(provider: Provider) -> Provider:
    """Save ``provider`` (an empty secret keeps the stored one) and forget cached metadata."""
    saved = save_provider(provider, keep_secret=True)
    discovery.forget()
    return saved


def form_values(provider: Provider) -> dict:
    """The edit form's values for ``provider``; never its secret."""
    return {
        "title": provider.title,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": "",
        "audience": provider.audience,
        "scopes": " ".join(provider.scopes),
        "levels": "\n".join(f"{lv.name}|{lv.acr}|{lv.title}" for lv in provider.levels),
        "claims": "\n".join(f"{ours}|{claim}" for ours, claim in provider.claims.items()),
        "verified": list(provider.verified),
        "required": list(provider.required),
        "group_claim": provider.group_claim,
        "group_map": "\n".join(f"{theirs}|{ours}" for theirs, ours in provider.group_map),
        "enabled": provider.enabled,
    }
