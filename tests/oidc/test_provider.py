"""The test OpenID Provider works, driven by Authlib as our relying party (RP) must drive it.

These tests are also the recipe for the RP: authorization with PKCE (S256), state and nonce; the
authorization response's `iss` checked; the code exchanged with the verifier; the ID token's
signature checked against the JWKS with joserfc, then iss, aud, exp, nonce and acr with Authlib's
CodeIDToken; the profile claims read from userinfo (whose `sub` must be the ID token's).
"""

import time
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlparse

import pytest
import requests

from tests.oidc.provider import HIGH
from tests.oidc.provider import LEVELS
from tests.oidc.provider import LOW
from tests.oidc.provider import SCOPES
from tests.oidc.provider import LoginAsked
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client
from tests.oidc.provider import confirm_logout
from tests.oidc.provider import login_at_provider

SITE = "http://127.0.0.1:9/Plone"  # never fetched: the flow stops at its callback
CALLBACK = SITE + "/@@oidc-callback"
LOGGED_OUT = SITE + "/@@oidc-logged-out"
CLIENT_ID, SECRET = "plone", "test-secret"


@pytest.fixture(scope="module")
def op(tmp_path_factory):
    clients = [client(CLIENT_ID, SECRET, SITE)]
    with TestProvider(clients, tmp_dir=tmp_path_factory.mktemp("op")) as op:
        yield op


@pytest.fixture(scope="module")
def meta(op):
    return requests.get(op.url("/.well-known/openid-configuration"), timeout=10).json()


def oauth():
    from authlib.integrations.requests_client import OAuth2Session

    return OAuth2Session(
        CLIENT_ID, SECRET, scope=SCOPES, redirect_uri=CALLBACK, code_challenge_method="S256"
    )


def rp_start(meta, **extra):
    """The login URL for the citizen's browser, and what the RP keeps until the callback."""
    from authlib.common.security import generate_token

    keep = {"state": generate_token(32), "nonce": generate_token(32)}
    keep["verifier"] = generate_token(64)
    url, _ = oauth().create_authorization_url(
        meta["authorization_endpoint"],
        state=keep["state"],
        nonce=keep["nonce"],
        code_verifier=keep["verifier"],
        **{k: v for k, v in extra.items() if v is not None},
    )
    return url, keep


def rp_callback(meta, callback_url, keep, min_acr=None):
    """What the RP does at @@oidc-callback: (ID token claims, userinfo, token)."""
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    query = {k: v[0] for k, v in parse_qs(urlparse(callback_url).query).items()}
    assert query["state"] == keep["state"]
    assert query["iss"] == meta["issuer"]  # RFC 9207
    session = oauth()
    token = session.fetch_token(
        meta["token_endpoint"], code=query["code"], code_verifier=keep["verifier"], timeout=10
    )
    keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    algorithms = meta["id_token_signing_alg_values_supported"]
    decoded = jwt.decode(token["id_token"], keys, registry=JWSRegistry(algorithms=algorithms))
    options = {
        "iss": {"essential": True, "value": meta["issuer"]},
        "aud": {"essential": True, "value": CLIENT_ID},
    }
    if min_acr:  # the levels at or above the one the form needs
        options["acr"] = {"essential": True, "values": LEVELS[LEVELS.index(min_acr) :]}
    params = {"nonce": keep["nonce"], "client_id": CLIENT_ID}
    params["access_token"] = token["access_token"]
    claims = CodeIDToken(decoded.claims, decoded.header, options, params)
    claims.validate(leeway=60)
    userinfo = session.get(meta["userinfo_endpoint"], timeout=10).json()
    assert userinfo["sub"] == claims["sub"]
    return dict(claims), userinfo, token


def login(meta, browser, user, acr=LOW, prompts=None, **extra):
    url, keep = rp_start(meta, **extra)
    callback = login_at_provider(browser, url, user, acr, CALLBACK, prompts)
    return callback, keep


def test_discovery(op, meta):
    assert op.issuer.startswith("http://127.0.0.1:")
    assert meta["issuer"] == op.issuer
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["acr_values_supported"] == [LOW, HIGH]
    assert meta["end_session_endpoint"] == op.url("/session/end")
    assert set(SCOPES.split()) <= set(meta["scopes_supported"])
    assert meta["response_types_supported"] == ["code"]


def test_code_flow_anna(meta):
    callback, keep = login(meta, requests.Session(), "anna", acr_values=LOW)
    assert callback.startswith(CALLBACK + "?code=")
    claims, userinfo, _ = rp_callback(meta, callback, keep, min_acr=LOW)
    assert claims["iss"] == meta["issuer"] and claims["aud"] == CLIENT_ID
    assert claims["sub"] == "anna" and claims["acr"] == LOW and claims["nonce"] == keep["nonce"]
    assert userinfo["given_name"] == "Anna" and userinfo["family_name"] == "Muster"
    assert userinfo["email"] == "anna@example.ch" and userinfo["email_verified"] is True
    assert userinfo["birthdate"] == "1980-02-29"
    assert userinfo["address"] == {
        "street_address": "Rathausstrasse 1",
        "postal_code": "4410",
        "locality": "Liestal",
        "country": "CH",
    }


def test_code_used_twice_and_nonce_mismatch_are_refused(meta):
    from authlib.integrations.base_client.errors import OAuthError
    from joserfc.errors import InvalidClaimError

    browser = requests.Session()
    callback, keep = login(meta, browser, "anna")
    rp_callback(meta, callback, keep)
    with pytest.raises(OAuthError, match="invalid_grant"):
        rp_callback(meta, callback, keep)  # a replayed callback
    callback, keep = login(meta, browser, "anna")
    with pytest.raises(InvalidClaimError, match="nonce"):
        rp_callback(meta, callback, dict(keep, nonce="another"))


def test_pkce_is_required(meta):
    query = {"client_id": CLIENT_ID, "response_type": "code", "scope": "openid"}
    query.update(redirect_uri=CALLBACK, state="s", nonce="n")
    response = requests.get(
        meta["authorization_endpoint"] + "?" + urlencode(query), allow_redirects=False, timeout=10
    )
    error = parse_qs(urlparse(response.headers["location"]).query)
    assert error["error"] == ["invalid_request"]
    assert "PKCE" in error["error_description"][0]


def test_step_up(meta):
    browser, prompts = requests.Session(), []
    callback, keep = login(meta, browser, "anna", LOW, prompts, acr_values=LOW)
    assert rp_callback(meta, callback, keep)[0]["acr"] == LOW
    # single sign-on at the same level: the OP does not ask again
    callback, keep = login(meta, browser, None, acr_values=LOW)
    assert rp_callback(meta, callback, keep, min_acr=LOW)[0]["acr"] == LOW
    # a form needs HIGH: the OP asks again because the session is LOW
    callback, keep = login(meta, browser, "anna", HIGH, prompts, acr_values=HIGH)
    assert rp_callback(meta, callback, keep, min_acr=HIGH)[0]["acr"] == HIGH
    assert prompts == ['login ["no_session","acr_values"]', 'login ["acr_values"]']
    # a HIGH session also serves a form that needs only LOW
    callback, keep = login(meta, browser, None, acr_values=LOW)
    assert rp_callback(meta, callback, keep, min_acr=LOW)[0]["acr"] == HIGH


def test_lower_acr_than_asked_is_refused_by_the_rp(meta):
    from joserfc.errors import InvalidClaimError

    callback, keep = login(meta, requests.Session(), "anna", LOW, acr_values=HIGH)
    with pytest.raises(InvalidClaimError, match="acr"):
        rp_callback(meta, callback, keep, min_acr=HIGH)


def test_unknown_login_is_access_denied(meta):
    callback, keep = login(meta, requests.Session(), "mallory")
    query = parse_qs(urlparse(callback).query)
    assert query["error"] == ["access_denied"] and query["state"] == [keep["state"]]


def test_ben_has_an_unverified_email_and_no_birthdate(meta):
    callback, keep = login(meta, requests.Session(), "ben")
    _, userinfo, _ = rp_callback(meta, callback, keep)
    assert userinfo["email_verified"] is False
    assert "birthdate" not in userinfo and "groups" not in userinfo


def test_groups_follow_the_users_file(op, meta):
    callback, keep = login(meta, requests.Session(), "clerk")
    assert rp_callback(meta, callback, keep)[1]["groups"] == ["BL-Liestal-Einwohnerdienste"]
    callback, keep = login(meta, requests.Session(), "clerk2")
    assert "groups" not in rp_callback(meta, callback, keep)[1]
    original = op.users()["clerk"]["groups"]
    op.edit_user("clerk", groups=None)  # removed from the group in the canton's directory
    try:
        callback, keep = login(meta, requests.Session(), "clerk")
        assert "groups" not in rp_callback(meta, callback, keep)[1]
    finally:
        op.edit_user("clerk", groups=original)
    callback, keep = login(meta, requests.Session(), "clerk")
    assert rp_callback(meta, callback, keep)[1]["groups"] == original


def test_rp_initiated_logout(meta):
    browser = requests.Session()
    callback, keep = login(meta, browser, "anna")
    token = rp_callback(meta, callback, keep)[2]
    query = {"id_token_hint": token["id_token"], "post_logout_redirect_uri": LOGGED_OUT}
    query["state"] = "after-logout"
    back = confirm_logout(browser, meta["end_session_endpoint"] + "?" + urlencode(query))
    assert back == LOGGED_OUT + "?state=after-logout"
    url, _ = rp_start(meta)
    with pytest.raises(LoginAsked):  # the session at the OP has ended
        login_at_provider(browser, url, None, LOW, CALLBACK)


def test_max_age_zero_asks_again_for_a_sensitive_step(meta):
    browser, prompts = requests.Session(), []
    callback, keep = login(meta, browser, "clerk")
    rp_callback(meta, callback, keep)
    before = int(time.time())
    callback, keep = login(meta, browser, "clerk", LOW, prompts, max_age=0)
    claims = rp_callback(meta, callback, keep)[0]
    assert prompts == ['login ["login_prompt"]'] and claims["auth_time"] >= before
