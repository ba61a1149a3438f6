"""The OpenID Connect login: authorization code flow with PKCE, ``state`` and ``nonce``.

``start`` builds the provider's authorization URL and keeps what the callback must check (state,
nonce, PKCE verifier, the level asked for, where to go afterwards) in a short-lived cookie signed
with the site's keyring, so any instance of a cluster can finish the login. ``finish`` checks the
callback against it, exchanges the code, validates the ID token (signature against the provider's
JWKS, issuer, audience, expiry, nonce, and the ``acr`` against the level asked for) and reads the
userinfo. Authlib speaks OAuth, joserfc checks the token: nothing here parses a JWT by hand.

Every refusal is a ``LoginRefused`` with a reason (logged by the caller, shown in the user's
language); nothing is created before ``finish`` returned.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from base64 import urlsafe_b64decode
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from dataclasses import field

import requests
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from plone.keyring.interfaces import IKeyManager
from zope.component import getUtility

from digitalgemeinde.identity import discovery
from digitalgemeinde.identity.errors import LoginRefused
from digitalgemeinde.identity.providers import Provider

logger = logging.getLogger("digitalgemeinde.identity")

COOKIE = "__dg_oidc"
FLOW_SECONDS = 600  # a login must come back from the provider within ten minutes
LEEWAY = 60  # seconds of clock difference allowed on exp/iat/nbf


@dataclass(frozen=True)
class Identity:
    """Who the provider says logged in, and how."""

    provider: str  # our id of the provider
    issuer: str
    subject: str
    acr: str
    level: str  # our name of the level the acr meets, "" when the provider has no levels
    claims: dict = field(default_factory=dict)  # userinfo over the ID token's claims
    id_token: str = ""  # for the provider's logout (id_token_hint)
    auth_time: int = 0


@dataclass(frozen=True)
class Flow:
    """What ``start`` keeps for ``finish`` (in the signed cookie)."""

    provider: str
    state: str
    nonce: str
    verifier: str
    level: str = ""  # our level name the login must meet ("" = any)
    came_from: str = ""
    purpose: str = "login"  # login | relogin (a sensitive step) | stepup
    attempt: int = 1
    expires: int = 0


def now() -> int:
    """The time the ID token is checked at (a seam for the expiry tests)."""
    return int(time.time())


def _key() -> bytes:
    return getUtility(IKeyManager).secret().encode("utf-8")


def seal(flow: Flow) -> str:
    body = urlsafe_b64encode(json.dumps(flow.__dict__, separators=(",", ":")).encode()).decode()
    mac = hmac.new(_key(), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def unseal(value: str) -> Flow | None:
    """The flow of a cookie ``seal`` made, or None when it is forged, broken or expired."""
    body, _, mac = (value or "").rpartition(".")
    keys = getUtility(IKeyManager)["_system"]
    macs = [hmac.new(k.encode(), body.encode(), hashlib.sha256).hexdigest() for k in keys if k]
    if not body or not any(hmac.compare_digest(mac, each) for each in macs):
        return None
    try:
        flow = Flow(**json.loads(urlsafe_b64decode(body.encode())))
    except (ValueError, TypeError):
        return None
    return flow if flow.expires >= time.time() else None


def authorization_url(
    provider: Provider, redirect_uri: str, flow: Flow, prompt: str = "", max_age: int | None = None
) -> str:
    meta = discovery.metadata(provider)
    extra = {}
    # always ask for the acr (the level of a login is recorded): a form's level and above, or
    # any of the provider's levels, the lowest first
    level = provider.level(flow.level) if flow.level else None
    if level is not None:
        extra["acr_values"] = " ".join(provider.acr_at_or_above(level.name))
    elif provider.levels:
        extra["acr_values"] = " ".join(each.acr for each in provider.levels)
    if prompt:
        extra["prompt"] = prompt
    if max_age is not None:
        extra["max_age"] = max_age
    client = _client(provider, redirect_uri)
    url, _state = client.create_authorization_url(
        meta["authorization_endpoint"],
        state=flow.state,
        nonce=flow.nonce,
        code_verifier=flow.verifier,
        **extra,
    )
    return url


def new_flow(provider: Provider, level: str = "", came_from: str = "", purpose: str = "login"):
    return Flow(
        provider=provider.id,
        state=generate_token(32),
        nonce=generate_token(32),
        verifier=generate_token(64),
        level=level,
        came_from=came_from,
        purpose=purpose,
        expires=int(time.time()) + FLOW_SECONDS,
    )


def _client(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=" ".join(provider.scopes),
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def check_callback(flow: Flow | None, params: dict, provider: Provider | None) -> None:
    """The callback's own parameters: a flow of ours, the same state, the provider's issuer."""
    if flow is None or provider is None:
        raise LoginRefused("no_flow")
    if params.get("error"):
        reason = "cancelled" if params["error"] == "access_denied" else "provider_error"
        raise LoginRefused(reason, str(params.get("error_description") or params["error"]))
    if not hmac.compare_digest(str(params.get("state") or ""), flow.state):
        raise LoginRefused("state")
    if params.get("iss") and params["iss"] != provider.issuer:  # RFC 9207
        raise LoginRefused("issuer", str(params["iss"]))
    if not params.get("code"):
        raise LoginRefused("no_code")


def fetch_tokens(provider: Provider, redirect_uri: str, code: str, verifier: str) -> dict:
    """The token endpoint's answer for ``code`` (the seam the tests use for bad tokens)."""
    meta = discovery.metadata(provider)
    discovery.vet_url(meta["token_endpoint"])
    client = _client(provider, redirect_uri)
    return client.fetch_token(
        meta["token_endpoint"],
        code=code,
        code_verifier=verifier,
        timeout=discovery.TIMEOUT,
        allow_redirects=False,
    )


def validate_id_token(provider: Provider, flow: Flow, tokens: dict) -> dict:
    """The ID token's claims, once signature, issuer, audience, expiry, nonce and acr hold."""
    raw = tokens.get("id_token")
    if not raw:
        raise LoginRefused("token", "no id_token")
    meta = discovery.metadata(provider)
    algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        decoded = _decode(provider, raw, algorithms)
    except JoseError as error:
        raise LoginRefused("signature", str(error)) from error
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }
    params = {"nonce": flow.nonce, "client_id": provider.client_id}
    if tokens.get("access_token"):
        params["access_token"] = tokens["access_token"]
    claims = CodeIDToken(decoded.claims, decoded.header, options, params)
    try:
        claims.validate(now=now(), leeway=LEEWAY)
    except Exception as error:  # authlib's JoseError family: expired, invalid claim …
        raise LoginRefused(_claim_reason(error), str(error)) from error
    return dict(claims)


def _decode(provider: Provider, raw: str, algorithms: list[str]):
    registry = JWSRegistry(algorithms=algorithms)
    try:
        return jwt.decode(raw, KeySet.import_key_set(discovery.jwks(provider)), registry=registry)
    except JoseError:
        # a key the provider rotated in since we fetched its JWKS: fetch it once more
        return jwt.decode(
            raw, KeySet.import_key_set(discovery.jwks(provider, fresh=True)), registry=registry
        )


def _claim_reason(error: Exception) -> str:
    text = str(error).lower()
    for word, reason in (("expired", "expired"), ("aud", "audience"), ("nonce", "nonce")):
        if word in text:
            return reason
    if "iss" in text:
        return "issuer"
    return "token"


def level_of(provider: Provider, flow: Flow, claims: dict) -> str:
    """Our name of the level the token's acr meets; refused below the level the flow asked."""
    acr = str(claims.get("acr") or "")
    reached = provider.level_of_acr(acr)
    wanted = provider.level(flow.level) if flow.level else None
    if wanted is not None and acr not in provider.acr_at_or_above(wanted.name):
        raise LoginRefused("level", acr or "-", mapping={"level": wanted.title})
    return reached.name if reached is not None else ""


def finish(flow: Flow | None, params: dict, provider: Provider | None, redirect_uri: str):
    """The ``Identity`` of a callback, or ``LoginRefused``."""
    check_callback(flow, params, provider)
    try:
        tokens = fetch_tokens(provider, redirect_uri, params["code"], flow.verifier)
    except discovery.Unreachable:
        raise
    except requests.RequestException as error:  # the token endpoint did not answer
        raise discovery.Unreachable(f"token endpoint: {error!r}") from error
    except (OAuthError, ValueError) as error:  # OAuthError (invalid_grant: a code used twice …)
        raise LoginRefused("code", str(error)) from error
    claims = validate_id_token(provider, flow, tokens)
    level = level_of(provider, flow, claims)
    userinfo = discovery.userinfo(provider, tokens.get("access_token", ""))
    if userinfo.get("sub") not in (None, claims["sub"]):
        raise LoginRefused("userinfo", "sub differs")
    return Identity(
        provider=provider.id,
        issuer=claims["iss"],
        subject=str(claims["sub"]),
        acr=str(claims.get("acr") or ""),
        level=level,
        claims={**claims, **userinfo},
        id_token=tokens.get("id_token", ""),
        auth_time=int(claims.get("auth_time") or time.time()),
    )


def logout_url(provider: Provider, id_token: str, return_url: str, state: str = "") -> str | None:
    """The provider's end_session_endpoint for an RP-initiated logout, or None without one."""
    try:
        endpoint = discovery.metadata(provider).get("end_session_endpoint")
    except discovery.Unreachable:
        return None
    if not endpoint:
        return None
    params = [("client_id", provider.client_id), ("post_logout_redirect_uri", return_url)]
    if id_token:
        params.insert(0, ("id_token_hint", id_token))
    if state:
        params.append(("state", state))
    return add_params_to_uri(endpoint, params)
