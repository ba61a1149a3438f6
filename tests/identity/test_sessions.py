"""Issue 18, sessions: the idle time and the lifetime set in Site Setup end a session (the person
lands on the login page, told why); an active session is renewed; the inbox export and the
routing of an office need a recent login (the provider asks again with ``prompt=login``, a
password login confirms its password on ``@@confirm-login``); programs with HTTP Basic pass.

On the real server (the acceptance layer) and the real OpenID Provider of conftest. A session
that is older than the test is made by signing a ticket with the site's own secret, as
plone.session does, with a time in the past."""

import base64
import json
import time
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

import pytest
import requests
import transaction
from plone.keyring.interfaces import IKeyManager
from plone.session import tktauth

from digitalgemeinde import sitesetup
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import save_login_settings
from digitalgemeinde.identity.session_limits import apply_timeout
from tests.helpers import PASSWORD
from tests.helpers import basic_auth
from tests.identity.conftest import session_login
from tests.oidc.provider import LOW
from tests.oidc.provider import login_at_provider

HTML = {"Accept": "text/html,application/xhtml+xml", "Accept-Language": "de-CH,de"}
JSON = {"Accept": "application/json", "Accept-Language": "de-CH,de"}
INBOX = "liestal/einwohnerdienste"
EXPIRED_DE = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."


@pytest.fixture
def site(oidc):
    """conftest's server and provider, in German, with the default session settings."""
    sitesetup.configure_languages("de")
    settings(oidc.portal)
    return oidc


def settings(portal, **values) -> None:
    save_login_settings(LoginSettings(**values))
    apply_timeout(portal)
    transaction.commit()


def ticket(portal, userid: str, issued: float, data: dict) -> str:
    """A session cookie signed with the site's secret, issued at ``issued``."""
    transaction.begin()
    secret = portal.getSiteManager().getUtility(IKeyManager).secret()
    raw = tktauth.createTicket(
        secret, userid, user_data=json.dumps(data, separators=(",", ":")), timestamp=int(issued)
    )
    return base64.b64encode(raw).decode()


def set_ticket(session: requests.Session, value: str) -> None:
    """``value`` as the only session cookie (as the server sets it: for host ``localhost``)."""
    for cookie in [each for each in session.cookies if each.name == "__ac"]:
        session.cookies.clear(cookie.domain, cookie.path, cookie.name)
    session.cookies.set("__ac", value, domain="localhost.local", path="/")


def with_session(userid: str, portal, issued: float, data: dict) -> requests.Session:
    session = requests.Session()
    set_ticket(session, ticket(portal, userid, issued, data))
    return session


def password_login(site, user: str = "liestal-clerk") -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{site}/login",
        data={"__ac_name": user, "__ac_password": PASSWORD, "buttons.login": "1"},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:300]
    return session


def cookie_data(answer) -> dict | None:
    """The user data and time of the session cookie an answer sets (None: it sets none)."""
    cookie = answer.cookies.get("__ac")
    if cookie is None or cookie == "deleted":
        return None
    raw = base64.b64decode(unquote(cookie.strip('"')))
    _digest, userid, _tokens, user_data, timestamp = tktauth.splitTicket(raw)
    return {"userid": userid, "issued": timestamp, **json.loads(user_data or "{}")}


def expires_session(answer) -> bool:
    header = answer.headers.get("Set-Cookie", "")
    return "__ac=deleted" in header and "Max-Age=0" in header


class TestIdleAndLifetime:
    def test_a_password_login_carries_its_login_time(self, site):
        before = int(time.time())
        session = password_login(site.site)
        data = session_login(session)
        assert data["p"] == "" and before - 1 <= data["t"] <= time.time() + 1

    def test_the_idle_time_of_the_settings_is_plone_sessions_timeout(self, site):
        settings(site.portal, idle_minutes=20)
        transaction.begin()
        assert site.portal.acl_users.session.timeout == 20 * 60

    def test_an_idle_session_ends_and_the_person_is_told_at_the_login(self, site):
        settings(site.portal, idle_minutes=1)
        now = time.time()
        session = with_session("liestal-clerk", site.portal, now - 90, {"p": "", "t": now - 90})
        # a public page: to the login page, back here afterwards
        answer = session.get(f"{site.site}/liestal", headers=HTML, allow_redirects=False)
        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(f"{site.site}/login?")
        assert parse_qs(urlsplit(location).query)["came_from"] == [f"{site.site}/liestal"]
        assert expires_session(answer)
        login = session.get(location, headers=HTML)
        assert EXPIRED_DE in login.text
        assert 'name="__ac_password"' in login.text
        # the cookie is gone: the inbox asks for a login
        again = session.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML, allow_redirects=False)
        assert again.status_code == 302 and "login" in again.headers["location"]
        assert EXPIRED_DE not in session.get(again.headers["location"], headers=HTML).text

    def test_the_person_is_told_in_their_language(self, site):
        settings(site.portal, idle_minutes=1)
        now = time.time()
        for accept, expected in (
            ("fr-CH,fr", "Votre session a expiré"),
            ("it-CH,it", "La sessione è scaduta"),
            ("", EXPIRED_DE),  # none asked for: the portal's German
        ):
            session = with_session("liestal-clerk", site.portal, now - 90, {"p": "", "t": now - 90})
            headers = {"Accept": HTML["Accept"], "Accept-Language": accept}
            answer = session.get(f"{site.site}/liestal", headers=headers, allow_redirects=False)
            assert answer.status_code == 302
            login = session.get(answer.headers["location"], headers=headers)
            assert expected in login.text, (accept, login.text[:3000])

    def test_an_active_session_is_renewed_with_its_login(self, site):
        settings(site.portal, idle_minutes=2)
        now = time.time()
        login = {"p": "", "t": int(now - 600)}
        session = with_session("liestal-clerk", site.portal, now - 90, login)
        answer = session.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML, allow_redirects=False)
        assert answer.status_code == 200
        renewed = cookie_data(answer)
        assert renewed is not None and renewed["issued"] >= int(now)
        assert renewed["t"] == login["t"] and renewed["p"] == ""
        # still active 90 seconds after the renewal's predecessor: the session lives on
        assert session.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML).status_code == 200
        # a ticket younger than a minute is not issued again (no cookie on every request)
        session = with_session("liestal-clerk", site.portal, time.time() - 5, login)
        quiet = session.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML, allow_redirects=False)
        assert quiet.status_code == 200 and cookie_data(quiet) is None

    def test_a_session_past_its_lifetime_ends_although_active(self, site):
        settings(site.portal, session_hours=8)
        now = time.time()
        session = with_session(
            "liestal-clerk", site.portal, now - 5, {"p": "", "t": int(now - 8 * 3600 - 60)}
        )
        answer = session.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML, allow_redirects=False)
        assert answer.status_code == 302 and expires_session(answer), (
            answer.headers.get("Set-Cookie"),
            answer.headers.get("location"),
            answer.request.headers,
        )
        assert EXPIRED_DE in session.get(answer.headers["location"], headers=HTML).text
        # within the lifetime the same session works
        fresh = with_session("liestal-clerk", site.portal, now - 5, {"p": "", "t": int(now - 60)})
        assert fresh.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML).status_code == 200

    def test_a_provider_session_past_its_lifetime_ends_too(self, site):
        session, answer = site.login("clerk", LOW, provider="kanton")
        assert answer.status_code == 302
        data = session_login(session)
        old = with_session(
            cookie_userid(session),
            site.portal,
            time.time() - 5,
            {**data, "t": data["t"] - 9 * 3600},
        )
        answer = old.get(f"{site.site}/{INBOX}/@@inbox", headers=HTML, allow_redirects=False)
        assert answer.status_code == 302 and expires_session(answer)
        assert EXPIRED_DE in old.get(answer.headers["location"], headers=HTML).text


def cookie_userid(session: requests.Session) -> str:
    raw = base64.b64decode(unquote(session.cookies["__ac"].strip('"')))
    return tktauth.splitTicket(raw)[1]


EXPORT = f"{INBOX}/@@inbox-export?format=csv"


class TestReloginForTheExport:
    def test_a_fresh_password_login_exports(self, site):
        session = password_login(site.site)
        answer = session.get(f"{site.site}/{EXPORT}", allow_redirects=False)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.headers["content-type"].startswith("text/csv")

    def test_an_old_password_login_confirms_its_password(self, site):
        now = time.time()
        session = with_session("liestal-clerk", site.portal, now - 5, {"p": "", "t": now - 3600})
        answer = session.get(f"{site.site}/{EXPORT}", headers=HTML, allow_redirects=False)
        assert answer.status_code == 302
        confirm = answer.headers["location"]
        assert confirm.startswith(f"{site.site}/@@confirm-login?")
        assert parse_qs(urlsplit(confirm).query)["came_from"] == [f"{site.site}/{EXPORT}"]
        page = session.get(confirm, headers=HTML)
        assert page.status_code == 200
        assert 'name="password"' in page.text and "Liestal Clerk" in page.text
        token = page.text.split('name="_authenticator"')[1].split('value="')[1].split('"')[0]
        form = {"_authenticator": token, "came_from": f"{site.site}/{EXPORT}"}

        wrong = session.post(
            f"{site.site}/@@confirm-login",
            data={**form, "password": "not-the-password", "form.buttons.confirm": "1"},
            headers=HTML,
            allow_redirects=False,
        )
        assert wrong.status_code == 403
        error = wrong.text.split('id="confirm-login-error"')[1].split("</p>")[0]
        assert "Passwort" in error and "nichts bestätigt" in error
        refused = session.get(f"{site.site}/{EXPORT}", headers=HTML, allow_redirects=False)
        assert refused.status_code == 302 and "@@confirm-login" in refused.headers["location"]

        right = session.post(
            f"{site.site}/@@confirm-login",
            data={**form, "password": PASSWORD, "form.buttons.confirm": "1"},
            headers=HTML,
            allow_redirects=False,
        )
        assert right.status_code == 302, right.text[:300]
        assert right.headers["location"] == f"{site.site}/{EXPORT}"
        assert cookie_data(right)["t"] >= int(now)
        export = session.get(right.headers["location"], allow_redirects=False)
        assert export.status_code == 200
        assert export.headers["content-type"].startswith("text/csv")

    def test_confirming_needs_the_authenticator(self, site):
        now = time.time()
        session = with_session("liestal-clerk", site.portal, now - 5, {"p": "", "t": now - 3600})
        answer = session.post(
            f"{site.site}/@@confirm-login",
            data={"password": PASSWORD, "form.buttons.confirm": "1"},
            headers=HTML,
            allow_redirects=False,
        )
        assert answer.status_code == 403 and cookie_data(answer) is None

    def test_an_old_provider_login_logs_in_again_at_the_provider(self, site):
        session, answer = site.login("clerk", LOW, provider="kanton")
        assert answer.status_code == 302
        data = session_login(session)
        set_ticket(
            session,
            ticket(
                site.portal,
                cookie_userid(session),
                time.time() - 5,
                {**data, "t": int(time.time()) - 3600},
            ),
        )
        answer = session.get(f"{site.site}/{EXPORT}", headers=HTML, allow_redirects=False)
        assert answer.status_code == 302
        relogin = answer.headers["location"]
        query = parse_qs(urlsplit(relogin).query)
        assert relogin.startswith(f"{site.site}/@@oidc-login?")
        assert query["provider"] == ["kanton"] and query["relogin"] == ["1"]
        assert query["came_from"] == [f"{site.site}/{EXPORT}"]
        start = session.get(relogin, allow_redirects=False)
        authorize = start.headers["location"]
        assert authorize.startswith(site.op.issuer)
        assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login"]
        callback = login_at_provider(
            session, authorize, "clerk", LOW, f"{site.site}/@@oidc-callback"
        )
        back = session.get(callback, allow_redirects=False)
        assert back.status_code == 302
        assert session_login(session)["t"] >= int(time.time()) - 5
        export = session.get(f"{site.site}/{EXPORT}", allow_redirects=False)
        assert export.status_code == 200

    def test_rest_export_asks_a_cookie_session_and_lets_basic_auth_pass(self, site):
        rest = f"{site.site}/{INBOX}/@inbox-export?format=csv"
        now = time.time()
        session = with_session("liestal-clerk", site.portal, now - 5, {"p": "", "t": now - 3600})
        refused = session.get(rest, headers=JSON, allow_redirects=False)
        assert refused.status_code == 401
        assert refused.json() == {
            "type": "Unauthorized",
            "message": "Bitte melden Sie sich erneut an.",
        }
        program = requests.get(rest, headers={**JSON, "Authorization": basic_auth("liestal-clerk")})
        assert program.status_code == 200, program.text[:300]
        assert program.headers["content-type"].startswith("text/csv")
        fresh = with_session("liestal-clerk", site.portal, now - 5, {"p": "", "t": now - 60})
        assert fresh.get(rest, headers=JSON).status_code == 200


class TestReloginForRouting:
    def test_changing_an_offices_routing_needs_a_recent_login(self, site):
        routing = f"{site.site}/{INBOX}/@@routing"
        now = time.time()
        old = with_session("liestal-admin", site.portal, now - 5, {"p": "", "t": now - 3600})
        answer = old.get(routing, headers=HTML, allow_redirects=False)
        assert answer.status_code == 302
        assert answer.headers["location"].startswith(f"{site.site}/@@confirm-login?")
        refused = old.patch(
            f"{site.site}/{INBOX}/@routing",
            json={"email": "neu@liestal.example.ch"},
            headers=JSON,
        )
        assert refused.status_code == 401
        transaction.begin()
        assert site.portal.unrestrictedTraverse(INBOX).email != "neu@liestal.example.ch"

        fresh = with_session("liestal-admin", site.portal, now - 5, {"p": "", "t": now - 60})
        assert fresh.get(routing, headers=HTML).status_code == 200
        program = requests.patch(
            f"{site.site}/{INBOX}/@routing",
            json={"email": "einwohnerdienste@liestal.example.ch"},
            headers={**JSON, "Authorization": basic_auth("liestal-admin")},
        )
        assert program.status_code == 204, program.text[:300]
