"""Issue 13, section 6: failed logins are throttled per account and per client address.

Over HTTP against a real server, by the three routes a password comes in: HTTP Basic auth, the
REST ``@login`` and the Classic UI's login form. A few wrong passwords are free; then each further
attempt must wait longer than the one before (1, 2, 4 … seconds), then the account is blocked
until the window (15 minutes) has passed; each refusal is a 429 with ``Retry-After`` and a
message in the user's language, and it is logged. The right password works again once the wait
is over. The throttle's clock is the test's own: no test waits.
"""

import logging

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from ZPublisher import HTTPRequest

from digitalgemeinde.security.throttle import THROTTLE
from tests.helpers import PASSWORD
from tests.helpers import build_world

WAIT_DE = (
    "Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie {} Sekunden, bevor Sie es wieder "
    "versuchen."
)
WAIT_FR = (
    "Trop de tentatives de connexion échouées. Veuillez attendre {} secondes avant de réessayer."
)
BLOCKED_DE = (
    "Zu viele fehlgeschlagene Anmeldungen. Die Anmeldung ist für {} Minuten gesperrt. Bitte "
    "versuchen Sie es später wieder."
)


class Clock:
    """The throttle's clock in this test: time passes when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Site:
    def __init__(self, acceptance):
        self.url = f"http://localhost:{acceptance['port']}/plone"
        self.origin = f"http://localhost:{acceptance['port']}"
        self.sessions = []

    def session(self, language="de", address=None) -> requests.Session:
        session = requests.Session()
        session.headers["Accept-Language"] = language
        if address:  # as the site's proxy reports the client's address
            session.headers["X-Forwarded-For"] = address
        self.sessions.append(session)
        return session

    def basic(self, user, password, **kwargs) -> requests.Response:
        """A REST call that needs the user (the sharing of Liestal), with Basic auth."""
        session = self.session(**kwargs)
        return session.get(
            f"{self.url}/liestal/@sharing",
            auth=(user, password),
            headers={"Accept": "application/json"},
        )

    def rest_login(self, user, password, **kwargs) -> requests.Response:
        return self.session(**kwargs).post(
            f"{self.url}/@login",
            json={"login": user, "password": password},
            headers={"Accept": "application/json"},
        )

    def form_login(self, user, password, **kwargs) -> requests.Response:
        return self.session(**kwargs).post(
            f"{self.url}/login",
            data={"__ac_name": user, "__ac_password": password, "buttons.login": "Log in"},
            headers={"Origin": self.origin, "Accept": "text/html"},
            allow_redirects=False,
        )


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(THROTTLE, "clock", clock)
    THROTTLE.reset()
    yield clock
    THROTTLE.reset()


@pytest.fixture
def site(acceptance, clock):
    build_world(acceptance["portal"], commit=False)
    api.portal.set_registry_record("plone.available_languages", ["de", "fr"])
    api.portal.set_registry_record("plone.default_language", "de")
    api.portal.set_registry_record("plone.use_request_negotiation", True)
    transaction.commit()
    site = Site(acceptance)
    yield site
    for session in site.sessions:
        session.close()


def not_logged_in(response) -> bool:
    """Answered as to an anonymous visitor: the password did not log in, and was no refusal."""
    return response.status_code in (401, 403) and "Retry-After" not in response.headers


def refused(response, message: str) -> int:
    """The seconds a refusal asks to wait; asserts that it is one, with ``message``."""
    assert response.status_code == 429, response.text[:300]
    if response.headers["Content-Type"].startswith("application/json"):
        assert response.json()["error"]["message"] == message
    else:
        assert message in response.text
    return int(response.headers["Retry-After"])


class TestLoginThrottle:
    """One class: the server is started once."""

    def test_basic_auth_waits_grow_then_the_account_is_blocked_for_the_window(
        self, site, clock, caplog
    ):
        caplog.set_level(logging.INFO, logger="digitalgemeinde.security")
        for _ in range(3):  # free
            assert not_logged_in(site.basic("liestal-editor", "falsch"))
        waits = []
        for _ in range(7):  # the 4th to the 10th failure, each once the wait is over
            too_early = site.basic("liestal-editor", PASSWORD)  # even the right password
            waits.append(refused(too_early, WAIT_DE.format(too_early.headers["Retry-After"])))
            clock.advance(waits[-1])
            assert not_logged_in(site.basic("liestal-editor", "falsch"))
        assert waits == [1, 2, 4, 8, 16, 32, 64]
        blocked = site.basic("liestal-editor", PASSWORD)
        assert refused(blocked, BLOCKED_DE.format(15)) == 15 * 60
        assert "Login blocked for account 'liestal-editor'" in caplog.text
        assert "Login refused for account 'liestal-editor'" in caplog.text
        clock.advance(15 * 60 - 1)
        assert site.basic("liestal-editor", PASSWORD).status_code == 429
        clock.advance(1)
        assert site.basic("liestal-editor", PASSWORD).status_code == 200
        # other accounts never noticed
        assert not_logged_in(site.basic("allschwil-editor", "falsch"))

    def test_rest_login_answers_json_in_the_users_language(self, site, clock):
        for _ in range(3):
            assert site.rest_login("liestal-editor", "falsch", language="fr").status_code == 401
        answer = site.rest_login("liestal-editor", PASSWORD, language="fr")
        assert refused(answer, WAIT_FR.format(1)) == 1
        assert answer.json()["error"] == {
            "type": "Too many failed logins",
            "message": WAIT_FR.format(1),
        }
        clock.advance(1)
        answer = site.rest_login("liestal-editor", PASSWORD, language="fr")
        assert answer.status_code == 200
        assert answer.json()["token"]
        # a login that succeeds forgets the account's failures: three are free again
        for _ in range(3):
            assert site.rest_login("liestal-editor", "falsch").status_code == 401
        assert site.rest_login("liestal-editor", "falsch").status_code == 429

    def test_classic_login_form(self, site, clock):
        for _ in range(3):
            failed = site.form_login("liestal-editor", "falsch")
            assert failed.status_code == 200
            assert "__ac" not in failed.cookies
        page = site.form_login("liestal-editor", PASSWORD)
        refused(page, WAIT_DE.format(1))
        assert page.headers["Content-Type"].startswith("text/html")
        assert 'id="login-throttled"' in page.text  # the site's page, with a way back
        assert f"{site.url}/login" in page.text
        assert "__ac" not in page.cookies
        clock.advance(1)
        welcome = site.form_login("liestal-editor", PASSWORD)
        assert welcome.status_code == 302
        assert welcome.cookies.get("__ac")

    def test_one_address_trying_many_accounts(self, site, clock, monkeypatch):
        monkeypatch.setattr(HTTPRequest, "trusted_proxies", ["127.0.0.1"])
        api.portal.set_registry_record("digitalgemeinde.login_address_delay_after", 4)
        api.portal.set_registry_record("digitalgemeinde.login_address_limit", 6)
        transaction.commit()
        attacker, neighbour = "203.0.113.7", "203.0.113.8"
        accounts = ["liestal-editor", "allschwil-editor", "bl-editor", "niemand"]
        for account in accounts:  # one wrong password each: no account is near its limit
            assert not_logged_in(site.basic(account, "falsch", address=attacker))
        refusal = site.basic("liestal-reviewer", PASSWORD, address=attacker)
        assert refused(refusal, WAIT_DE.format(1)) == 1
        assert site.basic("liestal-reviewer", PASSWORD, address=neighbour).status_code == 200
        clock.advance(1)
        assert not_logged_in(site.basic("liestal-admin", "falsch", address=attacker))
        clock.advance(2)
        assert not_logged_in(site.basic("liestal-clerk", "falsch", address=attacker))
        blocked = site.basic("liestal-reviewer", PASSWORD, address=attacker)
        assert refused(blocked, BLOCKED_DE.format(15)) == 15 * 60
        assert site.basic("liestal-reviewer", PASSWORD, address=neighbour).status_code == 200
        clock.advance(15 * 60)
        assert site.basic("liestal-reviewer", PASSWORD, address=attacker).status_code == 200

    def test_the_zope_root_admin_is_no_failed_login_of_the_site(self, site, clock):
        """The site does not know the Zope root's admin; the root's user folder logs them in.
        Their requests must not count as failures of the site."""
        api.portal.set_registry_record("digitalgemeinde.login_address_delay_after", 1)
        api.portal.set_registry_record("digitalgemeinde.login_account_delay_after", 1)
        transaction.commit()
        for _ in range(3):
            answer = site.basic(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
            assert answer.status_code == 200
        assert site.basic("liestal-editor", PASSWORD).status_code == 200
