"""Issue 18: citizens log in at the provider (authorization code flow with PKCE, state and
nonce), and come back logged in; the account is the provider's iss + sub; a form's level is
asked for again (step-up); staff get our groups from their organisation's groups at every
login; logging out also ends the session at the provider."""

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import transaction
from plone import api

from digitalgemeinde.identity.accounts import userid_for
from tests.identity.conftest import STAFF_GROUP
from tests.identity.conftest import accounts
from tests.identity.conftest import session_login
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import LoginAsked
from tests.oidc.provider import confirm_logout
from tests.oidc.provider import login_at_provider


class TestCitizenLogin:
    def test_the_authorization_request_asks_for_code_pkce_state_and_nonce(self, oidc):
        _session, answer = oidc.start()
        assert answer.status_code == 302
        url = answer.headers["location"]
        assert url.startswith(oidc.op.issuer)
        query = parse_qs(urlsplit(url).query)
        assert query["response_type"] == ["code"]
        assert query["client_id"] == ["plone"]
        assert query["redirect_uri"] == [f"{oidc.site}/@@oidc-callback"]
        assert query["code_challenge_method"] == ["S256"]
        assert len(query["code_challenge"][0]) >= 43
        assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
        assert "openid" in query["scope"][0].split()
        assert "__dg_oidc" in answer.headers["set-cookie"]
        assert "HttpOnly" in answer.headers["set-cookie"]

    def test_first_login_creates_the_account_from_the_claims(self, oidc):
        anonymous = oidc.start()[0].get(f"{oidc.site}/@@meine-anliegen", allow_redirects=False)
        assert anonymous.status_code in (302, 404)
        session, answer = oidc.login("anna", LOW)
        assert answer.status_code == 302, answer.text[:500]
        assert answer.headers["location"].startswith(oidc.site)
        mine = session.get(f"{oidc.site}/@@meine-anliegen", allow_redirects=False)
        assert mine.status_code == 200
        userid = userid_for(oidc.op.issuer, "anna")
        account = accounts(oidc.portal)[userid]
        assert account["subject"] == "anna" and account["issuer"] == oidc.op.issuer
        assert account["properties"]["fullname"] == "Anna Muster"
        assert account["properties"]["email"] == "anna@example.ch"
        assert account["properties"]["city"] == "Liestal"
        assert account["data"]["birthdate"] == "1980-02-29"
        assert {"email", "given_name", "birthdate"} <= set(account["verified"])
        user = api.user.get(userid=userid)
        assert user.getProperty("fullname") == "Anna Muster"
        assert session_login(session) | {"t": 0} == {"p": "agov", "l": "low", "a": LOW, "t": 0}

    def test_returning_login_finds_the_same_account(self, oidc):
        oidc.login("anna", LOW)
        oidc.op.edit_user("anna", email="anna.muster@example.ch")
        session, answer = oidc.login("anna", LOW)
        assert answer.status_code == 302
        found = accounts(oidc.portal)
        assert list(found) == [userid_for(oidc.op.issuer, "anna")]  # iss + sub, not the e-mail
        assert found[userid_for(oidc.op.issuer, "anna")]["properties"]["email"] == (
            "anna.muster@example.ch"
        )

    def test_an_unverified_email_is_not_vouched_for(self, oidc):
        oidc.login("ben", LOW)
        account = accounts(oidc.portal)[userid_for(oidc.op.issuer, "ben")]
        assert account["properties"]["email"] == "ben@example.ch"
        assert "email" not in account["verified"]

    def test_a_form_level_is_asked_for_again_at_the_provider(self, oidc):
        session, _ = oidc.login("anna", LOW)
        assert session_login(session)["l"] == "low"
        prompts = []
        session, answer = oidc.login("anna", HIGH, level="high", session=session, prompts=prompts)
        assert answer.status_code == 302, answer.text[:500]
        assert prompts and "acr_values" in prompts[0]  # the provider asked again: step-up
        assert session_login(session)["l"] == "high"
        assert session_login(session)["a"] == HIGH

    def test_a_higher_login_serves_a_lower_level_without_asking(self, oidc):
        session, _ = oidc.login("anna", HIGH, level="high")
        _, answer = oidc.start(level="low", session=session)
        callback = login_at_provider(
            session, answer.headers["location"], None, LOW, f"{oidc.site}/@@oidc-callback"
        )
        assert session.get(callback, allow_redirects=False).status_code == 302
        assert session_login(session)["l"] == "high"


class TestStaffLogin:
    def test_the_organisations_group_gives_our_group_at_every_login(self, oidc):
        session, answer = oidc.login("clerk", LOW, provider="kanton")
        assert answer.status_code == 302, answer.text[:500]
        userid = userid_for(oidc.op.issuer, "clerk")
        transaction.begin()
        assert STAFF_GROUP in [g.getId() for g in api.group.get_groups(username=userid)]
        inbox = session.get(f"{oidc.site}/liestal/einwohnerdienste/@@inbox")
        assert inbox.status_code == 200
        assert "Posteingang" in inbox.text or "Inbox" in inbox.text

        # removed there: removed here at the next login, and refused
        oidc.op.edit_user("clerk", groups=[])
        again, refused = oidc.login("clerk", LOW, provider="kanton")
        assert refused.status_code == 403
        assert "no access to this portal" in refused.text
        transaction.begin()
        assert STAFF_GROUP not in [g.getId() for g in api.group.get_groups(username=userid)]
        assert "__ac" not in again.cookies
        assert session.get(f"{oidc.site}/liestal/einwohnerdienste/@@inbox").status_code in (
            401,
            403,
            302,
        )

    def test_a_person_without_a_mapped_group_gets_no_account(self, oidc):
        session, refused = oidc.login("clerk2", LOW, provider="kanton")
        assert refused.status_code == 403
        assert userid_for(oidc.op.issuer, "clerk2") not in accounts(oidc.portal)
        assert "__ac" not in session.cookies


class TestLogout:
    def test_logout_ends_the_session_here_and_at_the_provider(self, oidc):
        session, _ = oidc.login("anna", LOW)
        answer = session.get(f"{oidc.site}/logout", allow_redirects=False)
        assert answer.status_code == 302
        end = answer.headers["location"]
        assert end.startswith(oidc.op.issuer)
        query = parse_qs(urlsplit(end).query)
        assert query["post_logout_redirect_uri"] == [f"{oidc.site}/@@oidc-logged-out"]
        assert query["id_token_hint"][0].count(".") == 2
        back = confirm_logout(session, end)
        assert back.startswith(f"{oidc.site}/@@oidc-logged-out")
        home = session.get(back, allow_redirects=False)
        assert home.status_code == 302
        mine = session.get(f"{oidc.site}/@@meine-anliegen", allow_redirects=False)
        assert mine.status_code in (302, 404)
        # the provider's session is gone too: it asks for a login again
        _, start = oidc.start(session=session)
        try:
            login_at_provider(
                session, start.headers["location"], None, LOW, f"{oidc.site}/@@oidc-callback"
            )
        except LoginAsked:
            pass
        else:
            raise AssertionError("the provider still had a session")

    def test_a_password_logout_stays_here(self, oidc):
        import requests

        from tests.helpers import PASSWORD

        session = requests.Session()
        session.post(
            f"{oidc.site}/login",
            data={"__ac_name": "liestal-clerk", "__ac_password": PASSWORD, "buttons.login": "1"},
        )
        answer = session.get(f"{oidc.site}/logout", allow_redirects=False)
        assert answer.status_code == 302
        assert answer.headers["location"].startswith(oidc.site)
