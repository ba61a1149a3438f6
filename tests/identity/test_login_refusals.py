"""Issue 18, bad input: every way a login can go wrong, against the real OpenID Provider.

A tampered or expired token, a token for another website, a changed or replayed ``state``, a
token of another login (``nonce``), a level below the one asked for, a forged flow cookie, an
answer naming another issuer: refused with a clear message in the citizen's language, logged
with its reason, no session and no account. The citizen who cancels at the provider gets a calm
page. An unreachable provider: a clear message, and the password login still works. Next to
each refusal the legitimate login works.

The Plone server runs in this process: ``flow.fetch_tokens`` (the code exchange) and
``flow.now`` (the clock the ID token's expiry is checked against) are patched here to hand
the site real tokens of the provider, changed the way an attacker would.
"""

import html
import json
import logging
import re
from base64 import urlsafe_b64decode
from base64 import urlsafe_b64encode
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import parse_qs
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import pytest
import requests
import transaction
from joserfc import jwt
from joserfc.jwk import KeySet

from digitalgemeinde import sitesetup
from digitalgemeinde.identity import discovery
from digitalgemeinde.identity import flow
from digitalgemeinde.identity.accounts import userid_for
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import save_login_settings
from tests.helpers import PASSWORD
from tests.helpers import build_world
from tests.identity.conftest import SECRET
from tests.identity.conftest import accounts
from tests.identity.conftest import configure
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client
from tests.oidc.provider import login_at_provider

ELSEWHERE = "elsewhere"  # a client of the same provider: another website
MESSAGE = re.compile(r'<p[^>]*id="login-refused"[^>]*>(.*?)</p>', re.S)
AGAIN = "Erneut anmelden"


@pytest.fixture
def oidc(acceptance, tmp_path):
    """conftest's fixture (providers agov and kanton), with a third client at the provider
    (another website, for tokens with the wrong audience), the site in German."""
    portal = acceptance["portal"]
    build_world(portal)
    site = f"http://localhost:{acceptance['port']}/plone"
    names = ("plone", "plone-staff", ELSEWHERE)
    with TestProvider([client(name, SECRET, site) for name in names], tmp_dir=tmp_path) as op:
        configure(portal, op.issuer, int(op.issuer.rsplit(":", 1)[1]))
        sitesetup.configure_languages("de")
        transaction.commit()
        discovery.forget()
        yield SimpleNamespace(site=site, op=op, portal=portal, callback=f"{site}/@@oidc-callback")
    discovery.forget()


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="digitalgemeinde.identity")
    return caplog


def start(oidc, session=None, provider="agov", level="", headers=None):
    session = session or requests.Session()
    if headers:
        session.headers.update(headers)
    query = {"provider": provider, "level": level}
    answer = session.get(f"{oidc.site}/@@oidc-login", params=query, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    return session, answer.headers["location"]


def to_callback(oidc, user="anna", acr=LOW, session=None, level="", edit=None, provider="agov"):
    """Log in at the provider; the callback URL it sends the browser to (not fetched yet)."""
    session, url = start(oidc, session, provider, level)
    if edit is not None:
        url = edit(url)
    return session, login_at_provider(session, url, user, acr, oidc.callback)


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def message(answer) -> str:
    found = MESSAGE.search(answer.text)
    assert found, answer.text[:2000]
    return html.unescape(found.group(1)).strip()


def assert_refused(oidc, answer, session, log, reason, status=403):
    """The refusal as the citizen and the operator see it: status, no session, no account,
    the reason in the log."""
    assert answer.status_code == status, answer.text[:2000]
    assert "__ac=" not in answer.headers.get("set-cookie", "")
    assert "__ac" not in session.cookies
    assert answer.headers.get("cache-control") == "no-store"
    assert accounts(oidc.portal) == {}
    logged = [r.getMessage() for r in log.records if r.name == "digitalgemeinde.identity"]
    assert any(f"login refused ({reason})" in line for line in logged), logged


def assert_login_works(oidc, user="anna"):
    """The legitimate login, next to the refusal."""
    session, callback = to_callback(oidc, user)
    answer = session.get(callback, allow_redirects=False)
    assert answer.status_code == 302, MESSAGE.search(answer.text) or answer.text[:2000]
    assert answer.headers["location"].startswith(oidc.site)
    assert "__ac" in session.cookies
    assert userid_for(oidc.op.issuer, user) in accounts(oidc.portal)


def patch_tokens(monkeypatch, change):
    """``flow.fetch_tokens`` answers what ``change(tokens, provider, redirect_uri, code,
    verifier)`` makes of the provider's real answer."""
    real = flow.fetch_tokens

    def fetch_tokens(provider, redirect_uri, code, verifier):
        tokens = real(provider, redirect_uri, code, verifier)
        return change(tokens, provider, redirect_uri, code, verifier)

    monkeypatch.setattr(flow, "fetch_tokens", fetch_tokens)
    return real


def claims_of(provider, raw: str) -> dict:
    """The ID token's claims, checked against the provider's keys."""
    return jwt.decode(raw, KeySet.import_key_set(discovery.jwks(provider))).claims


def flip_signature(raw: str) -> str:
    head, body, signature = raw.split(".")
    middle = len(signature) // 2
    flipped = "A" if signature[middle] != "A" else "B"
    return ".".join((head, body, signature[:middle] + flipped + signature[middle + 1 :]))


def change_subject(raw: str) -> str:
    head, body, signature = raw.split(".")
    claims = json.loads(urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "ben"
    body = urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return ".".join((head, body, signature))


class TestTokenRefused:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("de", "Die Signatur passt nicht zu den Schlüsseln des Anmeldedienstes"),
            ("fr", "sa signature ne correspond pas aux clés du service de connexion"),
            ("it", "la firma non corrisponde alle chiavi del servizio di accesso"),
        ],
    )
    def test_a_tampered_signature(self, oidc, log, monkeypatch, language, expected):
        patch_tokens(monkeypatch, lambda t, *_: {**t, "id_token": flip_signature(t["id_token"])})
        session = requests.Session()
        session.headers["Accept-Language"] = language
        session, callback = to_callback(oidc, session=session)
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "signature")
        assert expected in message(answer)
        monkeypatch.undo()
        assert_login_works(oidc)

    def test_claims_changed_after_signing(self, oidc, log, monkeypatch):
        """Anna's token made out to Ben: the signature no longer matches."""
        patch_tokens(monkeypatch, lambda t, *_: {**t, "id_token": change_subject(t["id_token"])})
        session, callback = to_callback(oidc)
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "signature")
        assert "Die Anmeldung konnte nicht geprüft werden" in message(answer)
        assert AGAIN in answer.text
        monkeypatch.undo()
        assert_login_works(oidc)

    def test_an_expired_token(self, oidc, log, monkeypatch):
        clock = {}

        def late(tokens, provider, *_):
            expires = claims_of(provider, tokens["id_token"])["exp"]
            clock["now"] = expires + flow.LEEWAY + clock["after"]
            return tokens

        patch_tokens(monkeypatch, late)
        monkeypatch.setattr(flow, "now", lambda: clock["now"])
        clock["after"] = 1  # one second past the token's expiry and the clocks' leeway
        session, callback = to_callback(oidc)
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "expired")
        assert message(answer) == "Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an."
        clock["after"] = -1  # the last second of the leeway: still accepted
        assert_login_works(oidc)

    def test_a_token_issued_to_another_website(self, oidc, log, monkeypatch):
        """The provider's real token for another of its clients, with this login's nonce."""
        real = flow.fetch_tokens
        seen = {}

        def as_elsewhere(provider, redirect_uri, code, verifier):
            elsewhere = replace(provider, id=ELSEWHERE, client_id=ELSEWHERE)
            tokens = real(elsewhere, redirect_uri, code, verifier)
            seen["aud"] = claims_of(provider, tokens["id_token"])["aud"]
            return tokens

        monkeypatch.setattr(flow, "fetch_tokens", as_elsewhere)
        session, callback = to_callback(oidc, edit=lambda url: with_query(url, client_id=ELSEWHERE))
        answer = session.get(callback, allow_redirects=False)
        assert seen["aud"] == ELSEWHERE  # a real token, signed by the provider, for elsewhere
        assert_refused(oidc, answer, session, log, "audience")
        assert message(answer) == "Die Anmeldung wurde für eine andere Website ausgestellt."
        monkeypatch.undo()
        assert_login_works(oidc)

    def test_a_token_of_another_login_nonce(self, oidc, log, monkeypatch):
        """The provider's real token of another login (another browser's flow) is handed to
        this one: its nonce is not this login's."""
        first, first_callback = to_callback(oidc)
        first_code = parse_qs(urlsplit(first_callback).query)["code"][0]
        first_flow = unquote(first.cookies[flow.COOKIE])

        def other_login(provider, redirect_uri, code, verifier):
            return real(provider, redirect_uri, first_code, flow.unseal(first_flow).verifier)

        real = flow.fetch_tokens
        monkeypatch.setattr(flow, "fetch_tokens", other_login)
        session, callback = to_callback(oidc)
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "nonce")
        assert "gehört nicht zu der hier begonnenen Anmeldung" in message(answer)
        monkeypatch.undo()
        assert_login_works(oidc)


class TestCallbackRefused:
    def test_a_changed_state(self, oidc, log):
        session, callback = to_callback(oidc)
        answer = session.get(with_query(callback, state="x" * 43), allow_redirects=False)
        assert_refused(oidc, answer, session, log, "state")
        assert "gehört nicht zu diesem Browser" in message(answer)
        assert AGAIN in answer.text
        # the flow is spent: the right state does not help afterwards either
        assert session.get(callback, allow_redirects=False).status_code == 400
        assert_login_works(oidc)

    def test_a_replayed_callback(self, oidc, log):
        session, callback = to_callback(oidc)
        old_flow = session.cookies[flow.COOKIE]
        assert session.get(callback, allow_redirects=False).status_code == 302
        known = accounts(oidc.portal)
        assert list(known) == [userid_for(oidc.op.issuer, "anna")]

        # the same callback again: the flow cookie is gone
        again = requests.Session()
        answer = again.get(callback, allow_redirects=False)
        assert answer.status_code == 400
        assert "wurde schon verwendet oder hat länger als zehn Minuten gedauert" in message(answer)
        assert "__ac" not in again.cookies

        # with the old flow cookie put back: the provider refuses the code it already redeemed
        answer = again.get(callback, cookies={flow.COOKIE: old_flow}, allow_redirects=False)
        assert answer.status_code == 403
        assert "hat diese Anmeldung nicht bestätigt" in message(answer)
        assert "__ac" not in again.cookies
        assert "__ac=" not in answer.headers.get("set-cookie", "")
        assert accounts(oidc.portal) == known
        logged = [r.getMessage() for r in log.records if r.name == "digitalgemeinde.identity"]
        assert any("login refused (no_flow)" in line for line in logged), logged
        assert any("login refused (code)" in line for line in logged), logged

    def test_no_flow_at_all(self, oidc, log):
        session = requests.Session()
        answer = session.get(f"{oidc.callback}?code=abc&state=def", allow_redirects=False)
        assert_refused(oidc, answer, session, log, "no_flow", status=400)
        assert "Bitte melden Sie sich erneut an" in message(answer)

    @pytest.mark.parametrize("forge", ["garbled", "changed", "unsigned"])
    def test_a_forged_flow_cookie(self, oidc, log, forge):
        session, callback = to_callback(oidc)
        sealed = unquote(session.cookies[flow.COOKIE])
        body, _, mac = sealed.rpartition(".")
        saved = json.loads(urlsafe_b64decode(body))
        if forge == "garbled":
            value = sealed[: len(sealed) // 2]
        elif forge == "changed":  # the level asked for lowered, the signature kept
            changed = json.dumps({**saved, "level": "", "came_from": "https://evil.example"})
            value = f"{urlsafe_b64encode(changed.encode()).decode()}.{mac}"
        else:
            value = body
        forged = requests.Session()
        cookies = {flow.COOKIE: quote(value, safe="")}
        answer = forged.get(callback, cookies=cookies, allow_redirects=False)
        assert_refused(oidc, answer, forged, log, "no_flow", status=400)
        assert "Bitte melden Sie sich erneut an" in message(answer)
        assert_login_works(oidc)

    def test_an_answer_naming_another_issuer(self, oidc, log):
        session, callback = to_callback(oidc)
        assert parse_qs(urlsplit(callback).query)["iss"] == [oidc.op.issuer]  # RFC 9207
        forged = with_query(callback, iss="https://login.example.org")
        answer = session.get(forged, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "issuer")
        assert "nicht von dem Anmeldedienst" in message(answer)
        assert_login_works(oidc)


class TestLevelRefused:
    def test_a_lower_level_is_asked_for_once_more_then_refused(self, oidc, log):
        session, callback = to_callback(oidc, acr=LOW, level="high")
        answer = session.get(callback, allow_redirects=False)
        assert answer.status_code == 302  # asked once more, at the provider, with a new flow
        again = answer.headers["location"]
        assert again.startswith(oidc.op.issuer)
        query = parse_qs(urlsplit(again).query)
        assert query["prompt"] == ["login"]
        assert query["acr_values"] == [HIGH]
        assert "__ac" not in session.cookies
        prompts = []
        callback = login_at_provider(session, again, "anna", LOW, oidc.callback, prompts)
        assert prompts  # the provider asked for a login again
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "level")
        assert message(answer) == (
            "Für diesen Dienst ist eine Anmeldung auf der Stufe «hoch» nötig. Die Anmeldung "
            "erfolgte auf einer tieferen Stufe."
        )
        # «Erneut anmelden» asks the same provider for the same level again
        again = re.search(r'href="([^"]*@@oidc-login[^"]*)"[^>]*>\s*' + AGAIN, answer.text)
        assert again, answer.text
        assert parse_qs(urlsplit(html.unescape(again.group(1))).query)["level"] == ["high"]
        # the right level is accepted
        session, callback = to_callback(oidc, acr=HIGH, level="high")
        assert session.get(callback, allow_redirects=False).status_code == 302
        assert "__ac" in session.cookies


class TestCancelledAndUnknown:
    def test_the_citizen_cancels_at_the_provider(self, oidc, log):
        session, callback = to_callback(oidc, user="nobody")
        assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]
        answer = session.get(callback, allow_redirects=False)
        assert answer.status_code == 200
        assert message(answer) == "Die Anmeldung wurde abgebrochen."
        assert "Anmeldung nicht abgeschlossen" in answer.text
        again = re.search(r'href="([^"]*@@oidc-login[^"]*)"[^>]*>\s*' + AGAIN, answer.text)
        assert again and "provider=agov" in html.unescape(again.group(1))
        assert "__ac" not in session.cookies
        assert accounts(oidc.portal) == {}
        assert_login_works(oidc)

    def test_an_unknown_provider(self, oidc, log):
        session = requests.Session()
        answer = session.get(
            f"{oidc.site}/@@oidc-login", params={"provider": "nope"}, allow_redirects=False
        )
        assert_refused(oidc, answer, session, log, "unknown_provider", status=404)
        assert message(answer) == "Dieser Anmeldedienst ist hier nicht verfügbar."
        assert_login_works(oidc)

    def test_staff_without_a_group_of_the_portal(self, oidc, log):
        session, callback = to_callback(oidc, user="clerk2", provider="kanton")
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "no_account")
        assert "gibt Ihnen keinen Zugang zu diesem Portal" in message(answer)
        assert_login_works(oidc)


class TestProviderUnreachable:
    def password_login(self, oidc):
        session = requests.Session()
        assert session.get(f"{oidc.site}/login").status_code == 200
        session.post(
            f"{oidc.site}/login",
            data={"__ac_name": "liestal-clerk", "__ac_password": PASSWORD, "buttons.login": "1"},
        )
        assert "__ac" in session.cookies
        inbox = session.get(f"{oidc.site}/liestal/einwohnerdienste/@@inbox", allow_redirects=False)
        assert inbox.status_code == 200

    def test_at_the_start_the_password_login_still_works(self, oidc, log):
        oidc.op.stop()
        discovery.forget()
        session = requests.Session()
        answer = session.get(
            f"{oidc.site}/@@oidc-login", params={"provider": "agov"}, allow_redirects=False
        )
        assert_refused(oidc, answer, session, log, "unreachable", status=503)
        assert any("(unreachable) at provider agov" in r.getMessage() for r in log.records)
        assert message(answer) == (
            "Der Anmeldedienst ist im Moment nicht erreichbar. Bitte versuchen Sie es später "
            "noch einmal."
        )
        assert f'href="{oidc.site}/login"' in answer.text
        assert "Mit Passwort anmelden" in answer.text
        self.password_login(oidc)

    def test_without_local_login_no_password_link(self, oidc, log):
        save_login_settings(LoginSettings(local_login=False))
        transaction.commit()
        oidc.op.stop()
        discovery.forget()
        answer = requests.get(f"{oidc.site}/@@oidc-login", params={"provider": "agov"})
        assert answer.status_code == 503
        assert "Mit Passwort anmelden" not in answer.text

    def test_at_the_callback(self, oidc, log):
        """The provider goes away while the citizen logs in there: the code exchange fails."""
        session, callback = to_callback(oidc)
        oidc.op.stop()
        answer = session.get(callback, allow_redirects=False)
        assert_refused(oidc, answer, session, log, "unreachable", status=503)
        assert "nicht erreichbar" in message(answer)
        self.password_login(oidc)
