"""A real Plone server (the acceptance layer's WSGI server) and a real OpenID Provider (node's
oidc-provider, tests/oidc/provider.py), with the site configured for two providers: ``agov``
for citizens (levels low < high) and ``kanton`` for staff (its group claim mapped to Liestal's
Einwohnerdienste)."""

import base64
import json
from types import SimpleNamespace

import pytest
import requests
import transaction
from plone import api

from digitalgemeinde.identity import discovery
from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import Level
from digitalgemeinde.identity.providers import Provider
from digitalgemeinde.identity.providers import save_provider
from tests.helpers import build_world
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client
from tests.oidc.provider import login_at_provider

SECRET = "test-secret"  # noqa: S105 (the test provider's client secret)
STAFF_GROUP = "liestal-einwohnerdienste-staff"


def configure(portal, issuer: str, port: int) -> None:
    save_provider(
        Provider(
            id="agov",
            title="AGOV",
            issuer=issuer,
            client_id="plone",
            client_secret=SECRET,
            levels=(Level("low", LOW, "niedrig"), Level("high", HIGH, "hoch")),
            verified=("given_name", "family_name", "birthdate", "address"),
            required=("given_name", "family_name", "birthdate"),
        )
    )
    save_provider(
        Provider(
            id="kanton",
            title="Kanton BL",
            issuer=issuer,
            client_id="plone-staff",
            client_secret=SECRET,
            audience=STAFF,
            scopes=("openid", "profile", "email", "groups"),
            group_claim="groups",
            group_map=(("BL-Liestal-Einwohnerdienste", STAFF_GROUP),),
        )
    )
    api.portal.set_registry_record("digitalgemeinde.outgoing_allowed_hosts", [f"127.0.0.1:{port}"])


@pytest.fixture
def oidc(acceptance, tmp_path):
    """{site, op, portal, login(user, acr, provider, level, session)} with both providers."""
    portal = acceptance["portal"]
    build_world(portal)
    site = f"http://localhost:{acceptance['port']}/plone"
    clients = [client("plone", SECRET, site), client("plone-staff", SECRET, site)]
    with TestProvider(clients, tmp_dir=tmp_path) as op:
        configure(portal, op.issuer, int(op.issuer.rsplit(":", 1)[1]))
        transaction.commit()
        discovery.forget()

        def start(provider="agov", level="", session=None, **query):
            session = session or requests.Session()
            params = {"provider": provider, "level": level, **query}
            answer = session.get(f"{site}/@@oidc-login", params=params, allow_redirects=False)
            return session, answer

        def login(user="anna", acr=LOW, provider="agov", level="", session=None, prompts=None):
            """Log in at the provider; the callback's answer (not followed) and the session."""
            session, answer = start(provider, level, session)
            assert answer.status_code == 302, answer.text[:300]
            callback = login_at_provider(
                session, answer.headers["location"], user, acr, f"{site}/@@oidc-callback", prompts
            )
            return session, session.get(callback, allow_redirects=False)

        yield SimpleNamespace(site=site, op=op, portal=portal, login=login, start=start)
    discovery.forget()


def accounts(portal) -> dict:
    """The accounts as the server committed them."""
    transaction.begin()
    return dict(portal.acl_users._getOb(PLUGIN_ID)._accounts)


def session_login(session: requests.Session) -> dict:
    """What the session cookie says of the login (plone.session's ticket's user data)."""
    from urllib.parse import unquote

    from plone.session import tktauth

    ticket = base64.b64decode(unquote(session.cookies["__ac"].strip('"')))
    _digest, _userid, _tokens, user_data, _timestamp = tktauth.splitTicket(ticket)
    return json.loads(user_data)
