"""Security (7): an office's specialist application may not lead into the hosting network.

The worker POSTs every request from inside the hosting network to the address the tenant's
admin set (security.routing: editors may not set it; admins use the office's ``@routing``):
only https:// to public addresses is accepted, unless a Manager allow-listed the host in Site
Setup. Checked when the address is saved (REST and the Classic edit form, over HTTP against a
real server) and again when the worker sends, because a name may resolve elsewhere by then;
redirects are never followed.
"""

import threading
from datetime import UTC
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import lxml.html
import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.globalrequest import setRequest
from zope.i18n import translate
from zope.testbrowser.browser import Browser

from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import RestClient
from tests.helpers import basic_auth
from tests.helpers import browser_for
from tests.helpers import build_world
from tests.outbox.receiver import Receiver
from tests.outbox.receiver import free_port
from tests.submissions.helpers import make_submission

SECRET = "s3cret-of-the-einwohnerdienste-0123456789"
ALLOWED_HOSTS = "digitalgemeinde.outgoing_allowed_hosts"
ALLOW_HTTP = "digitalgemeinde.outgoing_allow_http"
GOOD = "https://fachapp.example.ch/anliegen"
# the finding's addresses and the other spellings of the same places: (URL, the address named)
INTERNAL = [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("http://127.0.0.1:8080/", "127.0.0.1"),
    ("http://[::1]/", "::1"),
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://0177.0.0.1/", "127.0.0.1"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
    ("http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe"),
    ("http://10.0.0.5/", "10.0.0.5"),
    ("http://172.16.0.1/", "172.16.0.1"),
    ("http://192.168.1.1/", "192.168.1.1"),
    ("http://100.64.0.1/", "100.64.0.1"),
    ("http://0.0.0.0/", "0.0.0.0"),
    ("http://224.0.0.1/", "224.0.0.1"),
    ("http://[fd00::5]/", "fd00::5"),
    ("http://[fe80::1]/", "fe80::1"),
    ("http://[::]/", "::"),
    ("http://localhost/", "127.0.0.1"),
]
HTTP_REFUSED_DE = "Anliegen werden nur an https://-Adressen zugestellt"
INTERNAL_DE = "einer Adresse im Netz des Betreibers"
INTERNAL_FR = "une adresse du réseau de l'hébergeur"


def https(url: str) -> str:
    return "https://" + url.removeprefix("http://")


class Site:
    """The test server's site and the REST calls of one user."""

    def __init__(self, acceptance, world):
        self.origin = f"http://localhost:{acceptance['port']}"
        self.world = world
        self.office = self.origin + "/".join(world["liestal-office"].getPhysicalPath())

    def patch(self, url: str, user: str = "liestal-admin", language: str = "de"):
        """The tenant admin sets the address, as they may (``@routing``)."""
        headers = {"Accept": "application/json", "Accept-Language": language}
        headers["Authorization"] = basic_auth(user)
        routing = f"{self.office}/@routing"
        return requests.patch(routing, json={"interface_url": url}, headers=headers)

    def stored(self) -> str | None:
        headers = {"Accept": "application/json", "Authorization": basic_auth("liestal-editor")}
        return requests.get(self.office, headers=headers).json()["interface_url"]

    def settings(self, **values) -> None:
        for name, value in values.items():
            api.portal.set_registry_record(f"digitalgemeinde.{name}", value)
        transaction.commit()


def assert_refused(response, *texts: str) -> None:
    assert response.status_code == 400, response.text[:500]
    message = response.json()["message"]  # plone.restapi: the errors, each naming its field
    assert "'field': 'interface_url'" in message, message
    for text in texts:
        assert text in message, message


@pytest.fixture
def site(acceptance):
    world = build_world(acceptance["portal"], commit=False)
    configure_languages("de")
    transaction.commit()
    return Site(acceptance, world)


class TestSaveTime:
    """One acceptance layer (a real server) for the checks when an address is saved."""

    def test_admin_cannot_point_the_office_into_the_hosting_network(self, site):
        for url, _address in INTERNAL:
            assert_refused(site.patch(url), url, HTTP_REFUSED_DE)
        for url, address in INTERNAL:
            assert_refused(site.patch(https(url)), f"{https(url)}", address)
        assert site.stored() is None
        response = site.patch(GOOD)
        assert response.status_code == 204, response.text[:500]
        assert site.stored() == GOOD

    def test_with_plain_http_allowed_internal_addresses_stay_refused(self, site):
        assert_refused(site.patch("http://fachapp.example.ch/"), HTTP_REFUSED_DE)
        site.settings(outgoing_allow_http=True)
        for url, address in INTERNAL:
            assert_refused(site.patch(url), INTERNAL_DE, f"zu {address},")
        assert site.stored() is None
        assert site.patch("http://fachapp.example.ch/").status_code == 204
        assert site.stored() == "http://fachapp.example.ch/"

    def test_the_reason_is_given_in_the_users_language(self, site):
        assert_refused(site.patch("https://169.254.169.254/", language="fr"), INTERNAL_FR)
        assert_refused(site.patch("https://0x7f.1/", language="fr"), "127.0.0.1", INTERNAL_FR)

    def test_an_odd_spelling_of_a_public_address_is_refused(self, site):
        assert_refused(site.patch("https://134744072/"), "IP-Adresse 8.8.8.8", "Schreiben Sie")
        assert site.patch("https://8.8.8.8/anliegen").status_code == 204

    def test_a_manager_allow_lists_one_internal_host_and_port(self, site):
        site.settings(outgoing_allowed_hosts=["127.0.0.1:8080", "fachapp.intern"])
        assert site.patch("http://127.0.0.1:8080/anliegen").status_code == 204
        assert site.patch("http://fachapp.intern:8443/anliegen").status_code == 204
        assert site.stored() == "http://fachapp.intern:8443/anliegen"
        for url in (
            "http://127.0.0.1:8081/",  # another port
            "http://localhost:8080/",  # the same address by another name
            "http://127.1:8080/",  # the same address spelled otherwise
            "http://[::1]:8080/",
            "http://169.254.169.254/",
        ):
            assert_refused(site.patch(url), url)
        assert site.stored() == "http://fachapp.intern:8443/anliegen"

    def test_classic_routing_form_refuses_internal_addresses(self, site):
        browser = Browser()
        browser.raiseHttpErrors = False
        browser.addHeader("Authorization", basic_auth("liestal-admin"))
        browser.addHeader("Accept-Language", "de")
        for url, address in [*INTERNAL[:8], (https(INTERNAL[0][0]), "169.254.169.254")]:
            browser.open(f"{site.office}/@@routing")
            browser.getControl(name="form.widgets.interface_url").value = url
            browser.getControl(name="form.buttons.save").click()
            page = lxml.html.fromstring(browser.contents)
            [field] = page.xpath('//*[@id="formfield-form-widgets-interface_url"]')
            message = field.text_content()
            assert HTTP_REFUSED_DE in message or f"zu {address}," in message, message
        assert site.stored() is None
        browser.open(f"{site.office}/@@routing")
        browser.getControl(name="form.widgets.interface_url").value = GOOD
        browser.getControl(name="form.buttons.save").click()
        assert site.stored() == GOOD

    def test_only_site_administrators_edit_the_allow_list(self, site):
        settings = f"{site.origin}/plone/@@digitalgemeinde-settings"
        browser = Browser()
        browser.raiseHttpErrors = False
        browser.addHeader("Authorization", basic_auth("liestal-admin"))
        browser.open(settings)
        assert "form.widgets.outgoing_allowed_hosts" not in browser.contents
        owner = Browser()
        owner.addHeader("Authorization", basic_auth(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
        owner.open(settings)
        control = owner.getControl(name="form.widgets.outgoing_allowed_hosts")
        control.value = "http://fachapp.intern/"
        owner.getControl(name="form.buttons.save").click()
        assert "ist kein Host" in owner.contents or "is not a host" in owner.contents
        owner.getControl(name="form.widgets.outgoing_allowed_hosts").value = "127.0.0.1:8080"
        owner.getControl(name="form.buttons.save").click()
        transaction.begin()
        assert api.portal.get_registry_record(ALLOWED_HOSTS) == ["127.0.0.1:8080"]
        assert site.patch("http://127.0.0.1:8080/anliegen").status_code == 204


# --- send time: the worker ---------------------------------------------------------------


class Trap:
    """An HTTP server on loopback that records every request and answers as told."""

    def __init__(self, status: int = 202, location: str = ""):
        self.status, self.location = status, location
        self.port = free_port()
        self.seen: list[tuple[str, str]] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length", 0) or 0)
                self.rfile.read(length)
                trap.seen.append((self.command, self.path))
                self.send_response(trap.status)
                if trap.location:
                    self.send_header("Location", trap.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/anliegen"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def office(world, form):
    """Liestal's Einwohnerdienste with a shared secret; German, then French."""
    configure_languages("de")
    office = world["liestal-office"]
    office.interface_secret = SECRET
    transaction.commit()
    return office


@pytest.fixture
def receiver():
    receiver = Receiver(SECRET).start()
    yield receiver
    receiver.stop()


def allow(*entries: str) -> None:
    api.portal.set_registry_record(ALLOWED_HOSTS, list(entries))
    transaction.commit()


def submit(form, request) -> object:
    setRequest(request)  # an in-process REST call before leaves none
    submission = make_submission(form, request)
    transaction.commit()
    return submission


def test_allow_listed_loopback_is_saved_and_delivered(functional, office, form, receiver):
    admin = RestClient(functional["app"], "liestal-admin")
    routing = f"{office.absolute_url()}/@routing"
    status, body = admin.patch(routing, {"interface_url": receiver.url})
    assert status == 400 and "interface_url" in str(body)
    allow(f"127.0.0.1:{receiver.port}")
    status, body = admin.patch(routing, {"interface_url": receiver.url})
    assert status == 204, body
    submission = submit(form, functional["request"])
    assert run_once(now=datetime.now(UTC)).delivered == 1
    assert receiver.references() == [submission.reference]
    assert job_of(submission).state == DELIVERED


def test_a_name_that_resolves_into_the_network_is_refused_when_sent(
    functional, office, form, receiver
):
    """Saved while the name led elsewhere: ``localhost`` now resolves to the receiver, which
    a Manager allow-listed by its address only (and plain http is allowed). The worker
    resolves, checks every address, and refuses."""
    api.portal.set_registry_record(ALLOW_HTTP, True)
    allow(f"127.0.0.1:{receiver.port}")
    office.interface_url = f"http://localhost:{receiver.port}/anliegen"  # stored before
    transaction.commit()
    submission = submit(form, functional["request"])
    outcome = run_once(now=datetime.now(UTC))
    assert outcome.retried == 1 and outcome.delivered == 0
    assert receiver.accepted == {} and receiver.bad_signatures == 0
    job = job_of(submission)
    assert job.state == PENDING
    [attempt] = job.attempts
    assert attempt["status"] is None
    reason = translate(attempt["error"], target_language="de")
    assert f"«http://localhost:{receiver.port}/anliegen» führt zu 127.0.0.1" in reason or (
        "führt zu ::1" in reason
    )
    clerk = browser_for(functional["app"], "liestal-clerk")
    clerk.addHeader("Accept-Language", "de")
    clerk.open(submission.absolute_url())
    assert INTERNAL_DE in clerk.contents
    status, body = RestClient(functional["app"], "liestal-clerk").get(submission.absolute_url())
    assert status == 200
    assert INTERNAL_DE in body["delivery"]["attempts"][0]["error"]


def test_a_redirect_is_not_followed(functional, office, form):
    elsewhere = Trap(status=200)
    redirecting = Trap(status=303, location=f"http://127.0.0.1:{elsewhere.port}/gestohlen")
    try:
        allow(f"127.0.0.1:{redirecting.port}")
        office.interface_url = redirecting.url
        transaction.commit()
        submission = submit(form, functional["request"])
        assert run_once(now=datetime.now(UTC)).retried == 1
        assert redirecting.seen == [("POST", "/anliegen")]
        assert elsewhere.seen == []
        job = job_of(submission)
        assert job.state == PENDING
        [attempt] = job.attempts
        assert attempt["status"] == 303
        reason = translate(attempt["error"], target_language="de")
        assert "Weiterleitungen wird nicht gefolgt" in reason and "/gestohlen" in reason
        # the same application answering as it should is delivered to
        redirecting.status, redirecting.location = 202, ""
        run_once(now=job.next_try)
        assert job_of(submission).state == DELIVERED
        assert elsewhere.seen == []
    finally:
        redirecting.stop()
        elsewhere.stop()
