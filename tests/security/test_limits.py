"""Oversize uploads, too many parts and endless names are refused before storage (security model
case 7), with a message naming the field, in the user's language; a file name of 200 characters
still goes through every route.

Over real HTTP against the acceptance layer's server: the browser form (a zope.testbrowser that
talks HTTP), ``@submit``, the citizen's answer (page and REST) and the clerk's result document.
"""

import re
from io import BytesIO
from types import SimpleNamespace

import pytest
import requests
import transaction
from plone import api
from zope.testbrowser.browser import Browser

from digitalgemeinde.submissions.delivery import deliver
from digitalgemeinde.submissions.limits import MAX_FILENAME
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_upload
from tests.helpers import PASSWORD
from tests.helpers import basic_auth
from tests.helpers import build_world
from tests.request_forms import make_request_form
from tests.security.helpers import file_value
from tests.submissions.helpers import make_submission

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SETTINGS = SimpleNamespace(upload_max_mb=10, allowed_file_types=["pdf"])
GERMAN = {"Accept-Language": "de-CH, de;q=0.9"}
FRENCH = {"Accept-Language": "fr-CH, fr;q=0.9"}
AUTHENTICATOR = re.compile(r'name="_authenticator"[^>]*value="([^"]+)"')
VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}


def name_of(length: int) -> str:
    return "a" * (length - 4) + ".pdf"


LONG = name_of(300)  # past the limit: our check refuses it
ENDLESS = name_of(10_000)  # past Zope's multipart header limit too
FINE = name_of(200)


# --- the rule ---------------------------------------------------------------------------------


def test_a_file_name_may_have_255_characters():
    assert MAX_FILENAME == 255
    assert check_upload(name_of(255), PDF, SETTINGS).token == "pdf"
    with pytest.raises(UploadRefused) as refused:
        check_upload(name_of(256), PDF, SETTINGS, field="Impfausweis")
    assert refused.value.message.mapping == {
        "field": "Impfausweis",
        "length": 256,
        "limit": 255,
    }


# --- over HTTP --------------------------------------------------------------------------------


@pytest.fixture
def site(acceptance):
    world = build_world(acceptance["portal"], commit=False)
    form = make_request_form(world)
    transaction.commit()
    base = f"http://{acceptance['host']}:{acceptance['port']}/plone"
    return SimpleNamespace(
        world=world,
        form=form,
        request=acceptance["request"],
        url=base,
        form_url=f"{base}/liestal/hund-anmelden-form",
    )


def submissions(site) -> list:
    transaction.begin()  # see what the server committed
    return list(site.world["liestal-office"].objectValues())


def browser(headers=GERMAN, user=None) -> Browser:
    """A zope.testbrowser that talks HTTP to the server."""
    browser = Browser()
    browser.raiseHttpErrors = False
    for name, value in headers.items():
        browser.addHeader(name, value)
    if user:
        browser.addHeader("Authorization", basic_auth(user, PASSWORD))
    return browser


def fill_in_form(site, headers=GERMAN) -> Browser:
    page = browser(headers)
    page.open(site.form_url)
    for name, value in VALUES.items():
        page.getControl(name=f"form.widgets.{name}").value = value
    return page


def send_form(page: Browser, filename: str) -> Browser:
    page.getControl(name="form.widgets.document").add_file(
        BytesIO(PDF), "application/pdf", filename
    )
    page.getControl(name="form.buttons.submit").click()
    return page


def refused_page(page) -> str:
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Traceback" not in page.contents
    return page.contents


class TestUploadLimits:
    def test_submit_refuses_a_10000_character_file_name_and_stores_nothing(self, site):
        url = f"{site.form_url}/@submit"
        headers = {"Accept": "application/json", **GERMAN}
        body = {**VALUES, "document": file_value(PDF, ENDLESS)}
        response = requests.post(url, json=body, headers=headers)
        assert response.status_code == 400, response.text
        (error,) = response.json()["errors"]
        assert error["field"] == "document"
        assert "Impfausweis" in error["message"]
        assert "10000" in error["message"] and "255" in error["message"]
        assert submissions(site) == []
        # a long but reasonable name goes through
        body["document"] = file_value(PDF, FINE)
        response = requests.post(url, json=body, headers=headers)
        assert response.status_code == 201, response.text
        (submission,) = submissions(site)
        assert submission.values["document"].filename == FINE

    def test_browser_form_refuses_a_long_file_name_on_its_field(self, site):
        page = send_form(fill_in_form(site), LONG)
        assert page.headers["status"].startswith("200")
        assert 'The file name in "Impfausweis" is too long: 300 characters, at most 255.' in (
            page.contents.replace("&quot;", '"')
        )
        assert submissions(site) == []
        page = send_form(fill_in_form(site), FINE)
        assert "@@anliegen/" in page.url
        (submission,) = submissions(site)
        assert submission.values["document"].filename == FINE

    def test_an_endless_file_name_gets_the_clear_message_in_german_and_french(self, site):
        page = send_form(fill_in_form(site), ENDLESS)
        assert page.headers["status"].startswith("400")
        assert "Dateinamen dürfen höchstens 255 Zeichen haben" in refused_page(page)
        assert "Es wurde nichts gespeichert" in page.contents
        page = send_form(fill_in_form(site, FRENCH), ENDLESS)
        assert page.headers["status"].startswith("400")
        assert "au maximum 255 caractères" in refused_page(page)
        assert submissions(site) == []

    def test_the_citizens_answer_refuses_a_long_file_name(self, site):
        delivery = deliver(site.form, dict(VALUES), site.request)
        submission, token = delivery.submission, delivery.token
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(submission, transition="ask", comment="Impfausweis?")
        transaction.commit()
        # REST
        url = f"{site.url}/@submission-status/{token}"
        headers = {"Accept": "application/json", **GERMAN}
        body = {"text": "Hier ist er.", "files": [file_value(PDF, LONG)]}
        response = requests.post(url, json=body, headers=headers)
        assert response.status_code == 400, response.text
        (error,) = response.json()["errors"]
        assert error["field"] == "files[0]"
        assert "300" in error["message"] and "255" in error["message"]
        # the page
        page = f"{site.url}/@@anliegen/{token}"
        authenticator = AUTHENTICATOR.search(requests.get(page, headers=GERMAN).text).group(1)
        response = requests.post(
            page,
            data={"answer": "Hier ist er.", "_authenticator": authenticator},
            files=[("files", (LONG, PDF, "application/pdf"))],
            headers=GERMAN,
        )
        assert response.status_code == 400  # the page again, with the message
        assert "300 characters, at most 255" in response.text
        transaction.begin()
        assert api.content.get_state(submission) == "waiting"
        assert not getattr(submission, "answers", None)
        # a reasonable name is taken
        body["files"] = [file_value(PDF, FINE)]
        response = requests.post(url, json=body, headers=headers)
        assert response.status_code == 200, response.text
        transaction.begin()
        assert submission.answers[-1]["files"][0].filename == FINE

    def test_a_result_document_with_a_long_name_is_refused(self, site):
        submission = make_submission(site.form, site.request)
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(submission, transition="accept")
        transaction.commit()
        url = submission.absolute_url().replace("http://nohost/plone", site.url)

        def complete(filename):
            page = browser(user="liestal-clerk")
            page.open(url)
            form = page.getForm(id="transition-complete")
            form.getControl(name="result").add_file(BytesIO(PDF), "application/pdf", filename)
            form.submit()
            transaction.begin()
            return page

        page = complete(LONG)
        assert "300 characters, at most 255" in page.contents
        assert api.content.get_state(submission) == "in_progress"
        assert getattr(submission, "result", None) is None
        complete(FINE)
        assert api.content.get_state(submission) == "completed"
        assert submission.result.filename == FINE

    def test_too_many_parts_are_refused_in_the_users_language(self, site):
        parts = [(f"form.widgets.extra{index}", (None, "x")) for index in range(2000)]
        parts += [(f"form.widgets.{name}", (None, value)) for name, value in VALUES.items()]
        parts.append(("form.buttons.submit", (None, "Senden")))
        response = requests.post(site.form_url, files=parts, headers=GERMAN)
        assert response.status_code == 413
        assert response.headers["Content-Language"] == "de"
        assert "Das Formular wurde mit zu vielen Feldern gesendet" in response.text
        assert "Traceback" not in response.text
        # REST clients get JSON
        response = requests.post(
            f"{site.form_url}/@submit",
            files=parts,
            headers={"Accept": "application/json", **FRENCH},
        )
        assert response.status_code == 413
        body = response.json()
        assert body["type"] == "RequestEntityTooLarge"
        assert body["message"].startswith("Le formulaire a été envoyé avec trop de champs")
        # the language the citizen chose with the switch wins over the browser's
        response = requests.post(
            site.form_url, files=parts, headers=GERMAN, cookies={"I18N_LANGUAGE": "it"}
        )
        assert response.status_code == 413
        assert "Il modulo è stato inviato con troppi campi" in response.text
        assert submissions(site) == []
        # a form of ordinary size goes through
        page = send_form(fill_in_form(site), "impfausweis.pdf")
        assert "@@anliegen/" in page.url
        assert len(submissions(site)) == 1
