"""Issue 18: requests made earlier without an account, with the e-mail the provider vouches
for, appear in Meine Anliegen only after the citizen confirms it, and the question comes once.
An e-mail the provider does not vouch for links nothing."""

import re

import pytest
import requests
import transaction
from plone import api

from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.accounts import userid_for
from digitalgemeinde.sitesetup import configure_languages
from tests.identity.forms import add_form
from tests.identity.forms import hidden_fields
from tests.identity.forms import submissions

VALUES = {
    "vorname": "Anna",
    "nachname": "Muster",
    "geburtsdatum": "1980-02-29",
    "hund": "Bello",
}
QUESTION = (
    "Es gibt 2 frühere Anliegen mit der E-Mail-Adresse anna@example.ch. "
    "Sollen sie in Meine Anliegen erscheinen?"
)


@pytest.fixture
def form(oidc):
    with api.env.adopt_roles(["Manager"]):
        configure_languages("de")
    return add_form(oidc.portal, claims=(), purpose="")


def anonymous_request(form, email: str, dog: str = "Bello") -> str:
    """A request sent without an account (over REST): its reference number."""
    answer = requests.post(
        f"{form.absolute_url()}/@submit",
        json={**VALUES, "email": email, "hund": dog},
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text[:500]
    return answer.json()["reference"]


def my_requests(oidc, session) -> str:
    answer = session.get(f"{oidc.site}/@@meine-anliegen")
    assert answer.status_code == 200
    return answer.text


def listed(html: str) -> set[str]:
    table = html.split('id="my-requests"', 1)
    return set(re.findall(r"\d{4}-\d{4}-\d{6}", table[1])) if len(table) > 1 else set()


def csrf_token(html: str) -> str:
    """The page's CSRF token: the notice's form's, or plone.protect's script's (a confirmation
    sent without the notice, as a forged form would)."""
    found = hidden_fields(html).get("_authenticator")
    return found or re.search(r'data-token="([0-9a-f]+)"', html).group(1)


def confirm(oidc, session, html: str, token: str | None = None):
    data = {"link-earlier": "1", "_authenticator": token or csrf_token(html)}
    return session.post(f"{oidc.site}/@@meine-anliegen", data=data, allow_redirects=False)


def account(oidc, user: str):
    transaction.begin()
    return oidc.portal.acl_users._getOb(PLUGIN_ID).account(userid_for(oidc.op.issuer, user))


def test_earlier_requests_appear_only_after_the_citizen_confirms(oidc, form):
    first = anonymous_request(form, "anna@example.ch")
    second = anonymous_request(form, "Anna@Example.ch", dog="Rex")
    other = anonymous_request(form, "otto@example.ch", dog="Fido")
    session, _ = oidc.login("anna")
    html = my_requests(oidc, session)
    assert QUESTION in html
    assert listed(html) == set()  # not before she says so
    # a confirmation without the CSRF token changes nothing
    refused = confirm(oidc, session, html, token="forged")
    assert refused.status_code == 403
    assert listed(my_requests(oidc, session)) == set()
    # she confirms
    answer = confirm(oidc, session, html)
    assert answer.status_code == 303
    html = session.get(answer.headers["location"]).text
    assert "2 frühere Anliegen erscheinen jetzt in Meine Anliegen." in html
    assert listed(html) == {first, second}
    assert other not in html
    assert QUESTION not in html and 'id="earlier-requests"' not in html
    userid = userid_for(oidc.op.issuer, "anna")
    linked = {each.reference: each.submitter_userid for each in submissions(oidc.portal)}
    assert linked == {first: userid, second: userid, other: None}
    assert account(oidc, "anna")["confirmed_emails"] == ("anna@example.ch",)
    # her own request page opens from Meine Anliegen
    page = session.get(f"{oidc.site}/@@meine-anliegen/{first}")
    assert page.status_code == 200 and first in page.text


def test_the_question_comes_once(oidc, form):
    anonymous_request(form, "anna@example.ch")
    session, _ = oidc.login("anna")
    html = my_requests(oidc, session)
    assert "Es gibt ein früheres Anliegen mit der E-Mail-Adresse anna@example.ch." in html
    confirm(oidc, session, html)
    # a later request without an account, and a later login: no second question
    anonymous_request(form, "anna@example.ch", dog="Rex")
    session, _ = oidc.login("anna")
    html = my_requests(oidc, session)
    assert 'id="earlier-requests"' not in html
    assert len(listed(html)) == 1
    # a second confirmation (say, a form sent twice) links nothing more
    confirm(oidc, session, html)
    assert len(listed(my_requests(oidc, session))) == 1


def test_an_unverified_email_links_nothing(oidc, form):
    reference = anonymous_request(form, "ben@example.ch")
    session, _ = oidc.login("ben")  # the provider does not vouch for ben's e-mail
    html = my_requests(oidc, session)
    assert 'id="earlier-requests"' not in html and "frühere Anliegen" not in html
    # nor does a confirmation sent anyway
    answer = confirm(oidc, session, html)
    assert answer.status_code == 303
    assert listed(my_requests(oidc, session)) == set()
    (request,) = submissions(oidc.portal)
    assert request.reference == reference and request.submitter_userid is None
    assert "confirmed_emails" not in account(oidc, "ben")


def test_no_question_without_earlier_requests(oidc, form):
    anonymous_request(form, "otto@example.ch")
    session, _ = oidc.login("anna")
    assert 'id="earlier-requests"' not in my_requests(oidc, session)
