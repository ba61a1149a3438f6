"""Issue 18: a form's fields filled in from what the login at the provider brought. Verified
data is filled in read-only and counts whatever the browser or a program sends; other data is
filled in and may be changed; the AHV number only when the form says why it needs it; a login
that lacks required data is told so, and the request then counts as not verified."""

from datetime import date

import pytest
import transaction
from plone import api

from digitalgemeinde.identity import prefill
from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.accounts import userid_for
from digitalgemeinde.sitesetup import configure_languages
from tests.identity.forms import PURPOSE
from tests.identity.forms import add_form
from tests.identity.forms import control
from tests.identity.forms import hidden_fields
from tests.identity.forms import submissions
from tests.identity.forms import widget

AHV = "756.1234.5678.97"


@pytest.fixture
def form(oidc):
    with api.env.adopt_roles(["Manager"]):
        configure_languages("de")
    return add_form(oidc.portal)


def form_page(session, form_url):
    answer = session.get(form_url)
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def post_form(session, form_url, html, **values):
    """Send the form as a browser would, with ``values`` (field name -> text)."""
    data = hidden_fields(html)
    data.update({widget(name): value for name, value in values.items()})
    data["form.buttons.submit"] = "Senden"
    return session.post(form_url, data=data, allow_redirects=False)


def give_ahv_number(oidc, user="anna"):
    """The provider vouched for an AHV number at the last login (our test provider has no such
    claim: the account is given it as a login would)."""
    transaction.begin()
    record = oidc.portal.acl_users._getOb(PLUGIN_ID).account(userid_for(oidc.op.issuer, user))
    record["data"] = {**record["data"], "ahv_number": AHV}
    record["verified"] = (*record["verified"], "ahv_number")
    transaction.commit()


class TestVerifiedData:
    def test_verified_fields_are_filled_in_and_read_only(self, oidc, form):
        session, _ = oidc.login("anna")
        html = form_page(session, form.absolute_url())
        given = control(html, widget("vorname"))
        assert given["value"] == "Anna" and given["readonly"] == "readonly"
        born = control(html, widget("geburtsdatum"))
        assert born["value"] == "1980-02-29" and born["readonly"] == "readonly"
        street = control(html, widget("strasse"))
        assert street["value"] == "Rathausstrasse 1" and street["readonly"] == "readonly"
        # the hint says why, and the field points at it
        hint_id = given["aria-describedby"].split()[-1]
        assert f'id="{hint_id}"' in html
        assert "Bestätigt durch AGOV" in html
        # not from the login: editable and empty
        dog = control(html, widget("hund"))
        assert "readonly" not in dog and not dog.get("value")

    def test_a_changed_verified_value_is_not_stored(self, oidc, form):
        session, _ = oidc.login("anna")
        html = form_page(session, form.absolute_url())
        answer = post_form(
            session,
            form.absolute_url(),
            html,
            vorname="Mallory",
            nachname="Muster",
            email="anna@example.ch",
            geburtsdatum="2001-01-01",
            strasse="Falschweg 9",
            hund="Bello",
        )
        assert answer.status_code in (302, 303), answer.text[:2000]
        (request,) = submissions(oidc.portal)
        assert request.values["vorname"] == "Anna"
        assert request.values["geburtsdatum"] == date(1980, 2, 29)
        assert request.values["strasse"] == "Rathausstrasse 1"
        assert request.values["hund"] == "Bello"
        # the form maps the AHV number too, and anna's login did not bring one
        assert not prefill.all_verified(form, userid_for(oidc.op.issuer, "anna"))
        give_ahv_number(oidc)
        assert prefill.all_verified(form, userid_for(oidc.op.issuer, "anna"))

    def test_a_changed_verified_value_sent_by_a_program_is_not_stored(self, oidc, form):
        session, _ = oidc.login("anna")
        answer = session.post(
            f"{form.absolute_url()}/@submit",
            json={
                "vorname": "Mallory",
                "nachname": "Muster",
                "email": "anna@example.ch",
                "geburtsdatum": "2001-01-01",
                "hund": "Rex",
            },
            headers={"Accept": "application/json"},
        )
        assert answer.status_code == 201, answer.text[:500]
        (request,) = submissions(oidc.portal)
        assert request.values["vorname"] == "Anna"
        assert request.values["geburtsdatum"] == date(1980, 2, 29)
        assert request.values["strasse"] == "Rathausstrasse 1"
        assert request.values["hund"] == "Rex"

    def test_an_anonymous_program_keeps_what_it_sent(self, oidc, form):
        import requests

        answer = requests.post(
            f"{form.absolute_url()}/@submit",
            json={
                "vorname": "Mallory",
                "nachname": "Muster",
                "email": "mallory@example.ch",
                "geburtsdatum": "2001-01-01",
                "hund": "Rex",
            },
            headers={"Accept": "application/json"},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text[:500]
        (request,) = submissions(oidc.portal)
        assert request.values["vorname"] == "Mallory"


class TestUnverifiedData:
    def test_unverified_data_is_filled_in_and_editable(self, oidc, form):
        session, _ = oidc.login("ben")
        html = form_page(session, form.absolute_url())
        email = control(html, widget("email"))
        assert email["value"] == "ben@example.ch" and "readonly" not in email
        given = control(html, widget("vorname"))
        assert given["value"] == "Ben"  # AGOV vouches for names
        assert given["readonly"] == "readonly"
        born = control(html, widget("geburtsdatum"))
        assert not born.get("value") and "readonly" not in born
        answer = post_form(
            session,
            form.absolute_url(),
            html,
            vorname="Ben",
            nachname="Beispiel",
            email="ben.b@example.ch",
            geburtsdatum="1975-05-05",
            hund="Bello",
        )
        assert answer.status_code in (302, 303), answer.text[:2000]
        (request,) = submissions(oidc.portal)
        assert request.values["email"] == "ben.b@example.ch"
        assert request.values["geburtsdatum"] == date(1975, 5, 5)
        assert not prefill.all_verified(form, userid_for(oidc.op.issuer, "ben"))

    def test_the_missing_data_is_named_after_the_login(self, oidc, form):
        session, answer = oidc.login("ben")
        page = session.get(answer.headers["location"]).text
        assert "AGOV hat folgende Angaben nicht übermittelt: Geburtsdatum." in page
        assert "sie gelten dann als nicht bestätigt" in page
        # anna's login brought everything: no such message
        session, answer = oidc.login("anna")
        assert "nicht übermittelt" not in session.get(answer.headers["location"]).text

    def test_a_password_account_keeps_the_prefill_by_field_name(self, oidc, form):
        from tests.helpers import PASSWORD
        from tests.helpers import create_user

        with api.env.adopt_roles(["Manager"]):
            create_user("paula")
            api.user.get(username="paula").setMemberProperties(
                {"fullname": "Paula Passwort", "email": "paula@example.ch"}
            )
        transaction.commit()
        import requests

        session = requests.Session()
        session.auth = ("paula", PASSWORD)
        html = form_page(session, form.absolute_url())
        email = control(html, widget("email"))
        assert email["value"] == "paula@example.ch" and "readonly" not in email
        assert "readonly" not in control(html, widget("vorname"))
        assert not prefill.all_verified(form, "paula")


class TestAHVNumber:
    def test_filled_in_with_the_forms_reason(self, oidc, form):
        session, _ = oidc.login("anna")
        give_ahv_number(oidc)
        html = form_page(session, form.absolute_url())
        ahv = control(html, widget("ahv"))
        assert ahv["value"] == AHV and ahv["readonly"] == "readonly"
        assert PURPOSE in html

    def test_never_without_a_reason(self, oidc, form):
        session, _ = oidc.login("anna")
        give_ahv_number(oidc)
        with api.env.adopt_roles(["Manager"]):
            transaction.begin()
            form.ahv_purpose = ""
            transaction.commit()
        html = form_page(session, form.absolute_url())
        ahv = control(html, widget("ahv"))
        assert not ahv.get("value") and "readonly" not in ahv
        assert AHV not in html
        assert prefill.mapping(form).get("ahv") is None
