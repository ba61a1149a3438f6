"""Issue 18: a form requires a login at a level. The citizen is sent to the provider's login with
``acr_values`` (and asked again when their session is lower: step-up), ``@submit`` with a weaker
login is refused naming the level, and the request records who submitted it and at which level:
the office sees it on the request's page, in the export and in the delivery payload."""

import csv
import io
import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import requests
import transaction
from plone import api
from pypdf import PdfReader

from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.identity.accounts import userid_for
from digitalgemeinde.outbox import payload
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions.request_pdf import request_pdf
from tests.helpers import PASSWORD
from tests.helpers import create_user
from tests.identity.conftest import session_login
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import login_at_provider
from tests.request_forms import make_request_form

GERMAN = {"Accept-Language": "de"}
VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')


def level_form(oidc, level: str):
    """Liestal's form "Hund anmelden", requiring ``level``; its URL on the server."""
    portal = oidc.portal
    liestal = portal["liestal"]
    world = {
        "liestal": liestal,
        "liestal-office": liestal["einwohnerdienste"],
        "liestal-service": liestal["hund-anmelden"],
    }
    form = make_request_form(world)
    IRequestForm(form).login_level = level
    configure_languages("de")
    transaction.commit()
    return SimpleNamespace(
        obj=form,
        url=f"{oidc.site}/liestal/hund-anmelden-form",
        service_url=f"{oidc.site}/liestal/hund-anmelden",
        office=liestal["einwohnerdienste"],
        office_url=f"{oidc.site}/liestal/einwohnerdienste",
    )


def hidden_fields(html: str) -> dict:
    fields = {}
    for tag in HIDDEN.findall(html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def send_form(session: requests.Session, url: str, **extra):
    """Fill in and send the form as a browser would; the answer (not followed)."""
    page = session.get(url, headers=GERMAN)
    assert page.status_code == 200, page.text[:300]
    data = hidden_fields(page.text)
    data.update({f"form.widgets.{name}": value for name, value in VALUES.items()})
    data["form.buttons.submit"] = "Senden"
    data.update(extra)
    return session.post(url, data=data, headers=GERMAN, allow_redirects=False)


def requests_of(form) -> list:
    transaction.begin()
    return [obj for obj in form.office.objectValues() if obj.portal_type == "Submission"]


def submit_api(session: requests.Session, url: str):
    return session.post(
        f"{url}/@submit",
        json=VALUES,
        headers={"Accept": "application/json", **GERMAN},
        allow_redirects=False,
    )


def log_in_for(oidc, session, answer, user, acr, prompts=None):
    """Follow the form's redirect to our login and on to the provider; back on the form."""
    assert answer.status_code == 302, answer.text[:300]
    start = session.get(answer.headers["location"], allow_redirects=False)
    assert start.status_code == 302, start.text[:300]
    callback = login_at_provider(
        session, start.headers["location"], user, acr, f"{oidc.site}/@@oidc-callback", prompts
    )
    back = session.get(callback, allow_redirects=False)
    assert back.status_code == 302, back.text[:500]
    return back.headers["location"]


class TestTheFormAsksForTheLevel:
    def test_anonymous_is_sent_to_the_providers_login_with_acr_values(self, oidc):
        form = level_form(oidc, "agov:high")
        session = requests.Session()
        answer = session.get(form.url, allow_redirects=False)
        assert answer.status_code == 302
        target = urlsplit(answer.headers["location"])
        assert target.path.endswith("/@@oidc-login")
        query = parse_qs(target.query)
        assert query == {"provider": ["agov"], "level": ["high"], "came_from": [form.url]}
        assert "no-store" in answer.headers["Cache-Control"]
        start = session.get(answer.headers["location"], allow_redirects=False)
        at_provider = urlsplit(start.headers["location"])
        assert start.headers["location"].startswith(oidc.op.issuer)
        assert parse_qs(at_provider.query)["acr_values"] == [HIGH]
        # a POST is sent to the login too, and nothing is stored
        posted = session.post(form.url, data={"form.widgets.name": "x"}, allow_redirects=False)
        assert posted.status_code == 302
        assert "@@oidc-login" in posted.headers["location"]
        assert requests_of(form) == []

    def test_the_service_page_says_which_login_the_form_needs(self, oidc):
        form = level_form(oidc, "agov:high")
        page = requests.get(form.service_url, headers=GERMAN)
        assert page.status_code == 200
        assert "Anmeldung erforderlich: AGOV (Stufe hoch)" in page.text

    def test_a_low_login_is_asked_again_and_a_high_one_submits(self, oidc):
        form = level_form(oidc, "agov:high")
        session, _ = oidc.login("anna", LOW)
        assert session_login(session)["l"] == "low"
        answer = session.get(form.url, allow_redirects=False)
        assert "level=high" in answer.headers["location"]  # low does not do: step-up
        prompts = []
        back = log_in_for(oidc, session, answer, "anna", HIGH, prompts)
        assert prompts and "acr_values" in prompts[0]  # the provider asked again
        assert back == form.url
        assert session_login(session)["l"] == "high"
        sent = send_form(session, form.url)
        assert sent.status_code in (302, 303), sent.text[:800]
        assert "@@anliegen/" in sent.headers["location"]
        (submission,) = requests_of(form)
        record = submission.identification
        assert record == {
            "provider": "agov",
            "provider_title": "AGOV",
            "level": "high",
            "level_title": "hoch",
            "acr": HIGH,
            "userid": userid_for(oidc.op.issuer, "anna"),
            "verified": True,
        }
        self.the_office_sees_it(oidc, form, submission)

    def the_office_sees_it(self, oidc, form, submission):
        clerk = requests.Session()
        clerk.auth = ("liestal-clerk", PASSWORD)
        page = clerk.get(f"{form.office_url}/{submission.getId()}", headers=GERMAN)
        assert page.status_code == 200
        assert "identifiziert über AGOV (Stufe hoch)" in page.text
        exported = clerk.get(f"{form.office_url}/@@inbox-export?format=csv", headers=GERMAN)
        assert exported.status_code == 200, exported.text[:300]
        header, *rows = csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";")
        row = dict(zip(header, rows[0], strict=True))
        assert row["Identifizierung"] == "identifiziert über AGOV (Stufe hoch)"
        french = clerk.get(
            f"{form.office_url}/{submission.getId()}", headers={"Accept-Language": "fr"}
        )
        assert "identifié via AGOV (niveau hoch)" in french.text
        sent = json.loads(payload.as_json(submission, SimpleNamespace(key="k", format="json")))
        assert sent["identification"] == {
            "provider": "agov",
            "provider_title": "AGOV",
            "level": "high",
            "level_title": "hoch",
            "acr": HIGH,
            "userid": userid_for(oidc.op.issuer, "anna"),
            "verified": True,
        }
        xml = payload.as_xml(submission, SimpleNamespace(key="k", format="xml")).decode()
        assert 'provider="agov"' in xml and 'level="high"' in xml and 'verified="true"' in xml
        with api.env.adopt_roles(["Manager"]):
            pdf = PdfReader(io.BytesIO(request_pdf(submission)))
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert "identifiziert über AGOV (Stufe hoch)" in " ".join(text.split())


class TestSubmitByRest:
    def test_a_low_login_is_refused_naming_the_level(self, oidc):
        form = level_form(oidc, "agov:high")
        session, _ = oidc.login("anna", LOW)
        refused = submit_api(session, form.url)
        assert refused.status_code == 403
        assert refused.json() == {
            "type": "Forbidden",
            "message": "Dieses Formular verlangt eine Anmeldung über AGOV auf Stufe «hoch».",
            "level": "agov:high",
        }
        assert requests_of(form) == []

    def test_anonymous_is_told_to_log_in(self, oidc):
        form = level_form(oidc, "agov:high")
        refused = submit_api(requests.Session(), form.url)
        assert refused.status_code == 401
        assert refused.json()["message"] == (
            "Dieses Formular verlangt eine Anmeldung über AGOV auf Stufe «hoch»."
        )
        assert refused.json()["level"] == "agov:high"
        french = requests.post(
            f"{form.url}/@submit",
            json=VALUES,
            headers={"Accept": "application/json", "Accept-Language": "fr"},
        )
        assert french.status_code == 401
        assert french.json()["message"] == (
            "Ce formulaire exige une connexion via AGOV au niveau « hoch »."
        )

    def test_a_high_login_submits(self, oidc):
        form = level_form(oidc, "agov:high")
        session, _ = oidc.login("anna", HIGH, level="high")
        answer = submit_api(session, form.url)
        assert answer.status_code == 201, answer.text
        (submission,) = requests_of(form)
        assert submission.reference == answer.json()["reference"]
        assert submission.identification["level"] == "high"
        assert submission.identification["acr"] == HIGH

    def test_a_login_lacking_required_data_is_recorded_unverified(self, oidc):
        form = level_form(oidc, "agov:high")
        session, _ = oidc.login("ben", HIGH, level="high")  # no birth date: AGOV requires one
        assert submit_api(session, form.url).status_code == 201
        (submission,) = requests_of(form)
        assert submission.identification["verified"] is False
        clerk = requests.Session()
        clerk.auth = ("liestal-clerk", PASSWORD)
        page = clerk.get(f"{form.office_url}/{submission.getId()}", headers=GERMAN)
        assert "identifiziert über AGOV (Stufe hoch), Personendaten nicht bestätigt" in page.text
        sent = json.loads(payload.as_json(submission, SimpleNamespace(key="k", format="json")))
        assert sent["identification"]["verified"] is False

    def test_a_low_level_form_takes_a_high_login(self, oidc):
        form = level_form(oidc, "agov:low")
        session, _ = oidc.login("anna", HIGH, level="high")
        assert submit_api(session, form.url).status_code == 201
        assert session.get(form.url, allow_redirects=False).status_code == 200


class TestOtherRequirements:
    def test_any_login_takes_a_password_login(self, oidc):
        form = level_form(oidc, "login")
        anonymous = requests.get(form.url, allow_redirects=False)
        assert anonymous.status_code == 302
        target = urlsplit(anonymous.headers["location"])
        assert target.path.endswith("/login")
        assert parse_qs(target.query) == {"came_from": [form.url]}
        assert requests.get(form.service_url, headers=GERMAN).text.count("Anmeldung erforderlich")
        create_user("buerger", ())
        transaction.commit()
        citizen = requests.Session()
        citizen.auth = ("buerger", PASSWORD)  # a login with a password, no provider's
        sent = send_form(citizen, form.url)
        assert sent.status_code in (302, 303), sent.text[:800]
        (submission,) = requests_of(form)
        assert submission.identification["provider"] == ""
        assert submission.identification["verified"] is False
        clerk = requests.Session()
        clerk.auth = ("liestal-clerk", PASSWORD)
        page = clerk.get(f"{form.office_url}/{submission.getId()}", headers=GERMAN)
        assert "angemeldet mit Passwort" in page.text
        # a password login never meets a provider's level
        level = level_form_again(oidc, form, "agov:low")
        assert submit_api(citizen, level.url).status_code == 403

    def test_the_forms_editor_sees_it_but_cannot_submit_without_the_level(self, oidc):
        form = level_form(oidc, "agov:high")
        editor = requests.Session()
        editor.auth = ("liestal-editor", PASSWORD)
        assert editor.get(form.url, allow_redirects=False).status_code == 200
        assert editor.post(form.url, data={}, allow_redirects=False).status_code == 302
        assert submit_api(editor, form.url).status_code == 403
        assert requests_of(form) == []

    def test_a_form_without_a_level_stays_open_to_anyone(self, oidc):
        form = level_form(oidc, "")
        page = requests.get(form.url, headers=GERMAN, allow_redirects=False)
        assert page.status_code == 200
        assert "Anmeldung erforderlich" not in requests.get(form.service_url, headers=GERMAN).text
        sent = send_form(requests.Session(), form.url)
        assert sent.status_code in (302, 303), sent.text[:800]
        assert submit_api(requests.Session(), form.url).status_code == 201
        first, second = requests_of(form)
        assert first.identification is None and second.identification is None
        clerk = requests.Session()
        clerk.auth = ("liestal-clerk", PASSWORD)
        page = clerk.get(f"{form.office_url}/{first.getId()}", headers=GERMAN)
        assert "nicht identifiziert" in page.text

    def test_a_level_not_configured_here_is_refused_clearly(self, oidc):
        form = level_form(oidc, "agov:substantial")
        message = (
            "Dieses Formular verlangt eine Anmeldung, die hier nicht eingerichtet ist; bitte "
            "wenden Sie sich an die Gemeinde."
        )
        page = requests.get(form.url, headers=GERMAN, allow_redirects=False)
        assert page.status_code == 403
        assert message in page.text
        assert 'name="form.buttons.submit"' not in page.text
        session, _ = oidc.login("anna", HIGH, level="high")
        refused = submit_api(session, form.url)
        assert refused.status_code == 403
        assert refused.json()["message"] == message
        assert requests_of(form) == []
        assert message in requests.get(form.service_url, headers=GERMAN).text


def level_form_again(oidc, form, level: str):
    """The same form with another level."""
    transaction.begin()
    IRequestForm(form.obj).login_level = level
    transaction.commit()
    return form
