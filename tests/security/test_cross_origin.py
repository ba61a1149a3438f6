"""Security model (10): cross-site writes are refused, in the REST API and in the Classic UI.

Over HTTP against a real server. A logged-in user's browser sends Plone's ``__ac`` cookie with
every request to the site, also with one that another website's page makes it send: such a
write must be refused (403, our JSON error, in the request's language, nothing stored), while
the same write from the site itself, from a program with a password or a token, or anonymously
(a citizen's request) keeps working. The cookie comes from the Classic UI's login form, as in a
browser.
"""

import os
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from importlib.util import find_spec

import lxml.html
import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster

from digitalgemeinde.submissions.delivery import deliver
from tests.e2e.conftest import CHROMEDRIVER
from tests.e2e.conftest import CHROMIUM
from tests.e2e.conftest import driver as e2e_driver
from tests.e2e.test_request_loop import log_in
from tests.helpers import PASSWORD
from tests.helpers import basic_auth
from tests.helpers import build_world
from tests.request_forms import make_request_form

EVIL = "https://evil.example"
REFUSED_DE = (
    "Diese Änderung wurde abgelehnt, weil sie von einer anderen Website gesendet wurde. Bitte "
    "nehmen Sie Ihre Änderungen direkt auf dieser Website vor."
)
REFUSED_FR = (
    "Cette modification a été refusée parce qu'elle a été envoyée depuis un autre site web. "
    "Veuillez effectuer vos modifications directement sur ce site."
)
# what a page of another website can send without a CORS preflight, and what needs one
BODY_TYPES = ["text/plain", "application/json"]


class Site:
    """The test server's site: URLs, a browser session per user, the owner's view of it."""

    def __init__(self, acceptance):
        self.origin = f"http://localhost:{acceptance['port']}"
        self.url = f"{self.origin}/plone"
        self.sessions = []

    def session(self) -> requests.Session:
        """A client of its own, closed after the test."""
        session = requests.Session()
        self.sessions.append(session)
        return session

    def url_of(self, obj) -> str:
        return self.origin + "/".join(obj.getPhysicalPath())

    def login(self, user: str) -> requests.Session:
        """A session holding the ``__ac`` cookie that the Classic UI's login form sets."""
        session = self.session()
        response = session.post(
            f"{self.url}/login",
            data={"__ac_name": user, "__ac_password": PASSWORD, "buttons.login": "Log in"},
            headers={"Origin": self.origin},
            allow_redirects=False,
        )
        assert response.status_code in (200, 302), response.text[:500]
        assert session.cookies.get("__ac"), "the login form set no __ac cookie"
        return session

    def owner_get(self, url: str) -> requests.Response:
        """What the site owner sees of ``url`` (Basic auth, no cookie)."""
        owner = basic_auth(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        return requests.get(url, headers={"Accept": "application/json", "Authorization": owner})

    def title_of(self, url: str) -> str:
        return self.owner_get(url).json()["title"]


def rest(session, method: str, url: str, body: str = "", body_type="application/json", **headers):
    """A REST call with the session's cookie and the headers a page would make it send."""
    headers = {"Accept": "application/json", "Content-Type": body_type, **headers}
    return session.request(method, url, data=body.encode(), headers=headers)


def assert_refused(response, message=REFUSED_DE):
    assert response.status_code == 403, response.text[:500]
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"type": "Forbidden", "message": message}


@pytest.fixture
def site(acceptance):
    portal = acceptance["portal"]
    world = build_world(portal, commit=False)
    api.portal.set_registry_record("plone.available_languages", ["de", "fr"])
    api.portal.set_registry_record("plone.default_language", "de")
    api.portal.set_registry_record("plone.use_request_negotiation", True)
    transaction.commit()
    site = Site(acceptance)
    site.world = world
    yield site
    for session in site.sessions:
        session.close()


@pytest.fixture
def delivered(site, acceptance):
    """A citizen's request just delivered to Liestal's Einwohnerdienste."""
    form = make_request_form(site.world)
    values = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
    delivery = deliver(form, values, acceptance["request"])
    transaction.commit()
    return site.url_of(delivery.submission)


driver = e2e_driver  # the e2e tests' browser, with browser_ready below


@pytest.fixture(scope="session")
def browser_ready():
    """Chromium and Selenium (the e2e tests' own check also wants axe-core, not needed here)."""
    absent = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    if find_spec("selenium") is None:
        absent.append("selenium")
    if absent:
        reason = f"no {', '.join(absent)}: run `make browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


class OtherWebsite(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!DOCTYPE html><title>Andere Website</title><p>Gewinnspiel</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_website():
    """A page of another website: another port of localhost, so another origin of the same
    site, to which the browser still sends the ``SameSite=Lax`` cookie ``__ac``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), OtherWebsite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# a write as a page's script sends it: text/plain needs no CORS preflight
FETCH = """
const [url, body, mode, done] = arguments;
fetch(url, {method: "POST", mode, credentials: "include", body,
            headers: {"Content-Type": "text/plain", "Accept": "application/json"}})
  .then(response => done(`${response.type} ${response.status}`), error => done(`${error}`));
"""
PAGE = '{"@type": "Document", "id": "aushang", "title": "Aushang"}'


def form_values(session, url: str) -> dict:
    """What the Classic UI's form at ``url`` posts, as a browser collects it."""
    page = session.get(url)
    assert page.status_code == 200, page.text[:500]
    [form] = [form for form in lxml.html.fromstring(page.text).forms if form.get("id") == "form"]
    return dict(form.form_values())


class TestCrossSiteWrites:
    """One class, so that the server is started once (plone.testing's server binds the port
    of the previous class again right after closing it, sometimes before it is free)."""

    # REST writes with the cookie
    @pytest.mark.parametrize("body_type", BODY_TYPES)
    def test_foreign_page_cannot_create_content_with_the_editors_cookie(self, site, body_type):
        editor = site.login("liestal-editor")
        tenant = f"{site.url}/liestal"
        response = rest(editor, "POST", tenant, PAGE, body_type, Origin=EVIL)
        assert_refused(response)
        assert site.owner_get(f"{tenant}/aushang").status_code == 404
        # the same write from the site's own page
        response = rest(editor, "POST", tenant, PAGE, body_type, Origin=site.origin)
        assert response.status_code == 201, response.text[:500]
        assert site.title_of(f"{tenant}/aushang") == "Aushang"

    def test_foreign_page_cannot_change_content_with_the_editors_cookie(self, site):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        body = '{"title": "Gehackt"}'
        assert_refused(rest(editor, "PATCH", page, body, "text/plain", Origin=EVIL))
        assert site.title_of(page) == "Willkommen in Liestal"
        response = rest(editor, "PATCH", page, '{"title": "Hallo"}', Origin=site.origin)
        assert response.status_code == 204, response.text[:500]
        assert site.title_of(page) == "Hallo"

    def test_foreign_page_cannot_delete_content_with_the_editors_cookie(self, site):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        assert_refused(rest(editor, "DELETE", page, Origin=EVIL))
        assert site.owner_get(page).status_code == 200
        assert rest(editor, "DELETE", page, Origin=site.origin).status_code == 204
        assert site.owner_get(page).status_code == 404

    @pytest.mark.parametrize("body_type", BODY_TYPES)
    def test_foreign_page_cannot_transition_a_request_with_the_clerks_cookie(
        self, site, delivered, body_type
    ):
        clerk = site.login("liestal-clerk")
        accept = f"{delivered}/@workflow/accept"
        assert_refused(rest(clerk, "POST", accept, "{}", body_type, Origin=EVIL))
        assert site.owner_get(delivered).json()["review_state"] == "submitted"
        response = rest(clerk, "POST", accept, "{}", body_type, Origin=site.origin)
        assert response.status_code == 200, response.text[:500]
        assert site.owner_get(delivered).json()["review_state"] == "in_progress"

    def test_refusal_is_in_the_language_of_the_request(self, site):
        editor = site.login("liestal-editor")
        tenant = f"{site.url}/liestal"
        response = rest(editor, "POST", tenant, PAGE, Origin=EVIL, **{"Accept-Language": "fr"})
        assert_refused(response, REFUSED_FR)
        response = rest(editor, "POST", tenant, PAGE, Origin=EVIL, **{"Accept-Language": "de"})
        assert_refused(response, REFUSED_DE)

    def test_origin_null_is_another_website(self, site):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        assert_refused(rest(editor, "PATCH", page, '{"title": "X"}', Origin="null"))
        assert site.title_of(page) == "Willkommen in Liestal"

    def test_page_of_another_website_cannot_write_with_the_browsers_cookie(
        self, site, driver, other_website, caplog
    ):
        """In a real browser: the editor is logged in, and a page of another origin posts to
        the REST API with the cookie the browser adds."""
        log_in(driver, site.url, "liestal-editor", PASSWORD)
        assert driver.get_cookie("__ac")
        tenant = f"{site.url}/liestal"
        driver.get(other_website)
        result = driver.execute_async_script(FETCH, tenant, PAGE, "no-cors")
        assert result == "opaque 0"  # the page cannot read the answer
        assert site.owner_get(f"{tenant}/aushang").status_code == 404
        # the browser did send the cookie: the server knew the editor, and refused
        assert "Refused POST" in caplog.text and "by liestal-editor" in caplog.text
        # the same script on the site's own page
        driver.get(tenant)
        assert driver.execute_async_script(FETCH, tenant, PAGE, "same-origin") == "basic 201"
        assert site.title_of(f"{tenant}/aushang") == "Aushang"

    # without Origin, browsers name the sender by Referer or Sec-Fetch-Site

    def test_foreign_referer_is_refused_and_own_referer_accepted(self, site):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        foreign = rest(editor, "PATCH", page, '{"title": "X"}', Referer=f"{EVIL}/page.html")
        assert_refused(foreign)
        assert site.title_of(page) == "Willkommen in Liestal"
        own = rest(editor, "PATCH", page, '{"title": "Hallo"}', Referer=f"{page}/edit")
        assert own.status_code == 204
        assert site.title_of(page) == "Hallo"

    def test_cross_site_fetch_is_refused_and_same_origin_accepted(self, site):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        for sender in ("cross-site", "same-site"):
            response = rest(editor, "PATCH", page, '{"title": "X"}', **{"Sec-Fetch-Site": sender})
            assert_refused(response)
        assert site.title_of(page) == "Willkommen in Liestal"
        response = rest(
            editor, "PATCH", page, '{"title": "Hallo"}', **{"Sec-Fetch-Site": "same-origin"}
        )
        assert response.status_code == 204
        assert site.title_of(page) == "Hallo"

    def test_program_with_the_cookie_and_no_sender_headers_may_write(self, site):
        """No browser sends a write without Origin, Referer and Sec-Fetch-Site: a program
        holding the cookie itself (e.g. curl with a cookie jar) is no cross-site attack."""
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        assert rest(editor, "PATCH", page, '{"title": "Skript"}').status_code == 204
        assert site.title_of(page) == "Skript"

    # credentials that a foreign page cannot borrow
    def test_basic_auth_from_a_foreign_origin_still_works(self, site):
        tenant = f"{site.url}/liestal"
        program = site.session()
        program.headers["Authorization"] = basic_auth("liestal-editor")
        response = rest(program, "POST", tenant, PAGE, Origin=EVIL)
        assert response.status_code == 201, response.text[:500]
        # the same program, with the editor's cookie besides, is still a program
        program.cookies.update(site.login("liestal-editor").cookies)
        response = rest(program, "PATCH", f"{tenant}/aushang", '{"title": "B"}', Origin=EVIL)
        assert response.status_code == 204
        assert site.title_of(f"{tenant}/aushang") == "B"

    def test_token_auth_from_a_foreign_origin_still_works(self, site):
        login = requests.post(
            f"{site.url}/@login",
            json={"login": "liestal-editor", "password": PASSWORD},
            headers={"Accept": "application/json", "Origin": EVIL},
        )
        assert login.status_code == 200, login.text[:500]
        program = site.session()
        program.headers["Authorization"] = f"Bearer {login.json()['token']}"
        response = rest(program, "POST", f"{site.url}/liestal", PAGE, Origin=EVIL)
        assert response.status_code == 201, response.text[:500]

    def test_citizen_submits_anonymously_from_another_website(self, site):
        """No cookie, no credential a foreign page could borrow: not a cross-site attack."""
        form = make_request_form(site.world)
        transaction.commit()
        body = '{"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}'
        response = rest(site.session(), "POST", f"{site.url_of(form)}/@submit", body, Origin=EVIL)
        assert response.status_code == 201, response.text[:500]
        assert response.json()["reference"]

    # the site's own origins
    def test_behind_a_proxy_the_origin_is_the_public_address(self, site, acceptance):
        """With the VirtualHostMonster the site's origin is the address the proxy names."""
        app = acceptance["app"]
        if "virtual_hosting" not in app.objectIds():  # as in every Zope instance
            manage_addVirtualHostMonster(app)
            transaction.commit()
        editor = site.login("liestal-editor")
        public = "https://portal.example.ch"
        vhm = f"{site.origin}/VirtualHostBase/https/portal.example.ch:443/plone/VirtualHostRoot"
        cookie = editor.cookies.get("__ac")
        proxied = site.session()
        proxied.cookies.set("__ac", cookie)
        page = f"{vhm}/liestal/willkommen"
        assert_refused(rest(proxied, "PATCH", page, '{"title": "X"}', Origin=site.origin))
        response = rest(proxied, "PATCH", page, '{"title": "Hallo"}', Origin=public)
        assert response.status_code == 204, response.text[:500]
        assert site.title_of(f"{site.url}/liestal/willkommen") == "Hallo"

    def test_manager_may_allow_another_origin_in_site_setup(self, site):
        manager = site.session()
        manager.headers["Authorization"] = basic_auth(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        panel = f"{site.url}/@@digitalgemeinde-settings"
        values = {**form_values(manager, panel), "form.buttons.save": "Speichern"}
        field = "form.widgets.allowed_origins"
        response = manager.post(panel, data={**values, field: "https://www.liestal.ch/seite"})
        assert "Eine Adresse wie https://www.liestal.ch: http oder https" in response.text
        response = manager.post(panel, data={**values, field: "https://www.liestal.ch"})
        assert response.history and response.history[0].status_code == 302  # saved
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        own = rest(editor, "PATCH", page, '{"title": "Hallo"}', Origin="https://www.liestal.ch")
        assert own.status_code == 204
        assert_refused(rest(editor, "PATCH", page, '{"title": "X"}', Origin=EVIL))
        assert site.title_of(page) == "Hallo"

    # the Classic UI
    def test_edit_form_post_needs_the_csrf_token_and_the_sites_origin(self, site, caplog):
        editor = site.login("liestal-editor")
        page = f"{site.url}/liestal/willkommen"
        values = form_values(editor, f"{page}/@@edit")
        token = values.pop("_authenticator", None)
        assert token, "the edit form carries plone.protect's token"
        forged = {
            **values,
            "form.widgets.IDublinCore.title": "Gehackt",
            "form.buttons.save": "Speichern",
        }
        edit = f"{page}/@@edit"
        # another website's page cannot read the token: refused by the origin check
        response = editor.post(edit, data=forged, headers={"Origin": EVIL}, allow_redirects=False)
        assert_refused(response)
        assert site.title_of(page) == "Willkommen in Liestal"
        # without Origin and Referer the origin check lets it pass: plone.protect refuses it
        # (plone.transformchain logs its Forbidden and the transaction is aborted; the
        # browser gets the form's redirect, but nothing is stored)
        editor.post(edit, data=forged, allow_redirects=False)
        assert "Error checking for CSRF" in caplog.text
        assert site.title_of(page) == "Willkommen in Liestal"
        # even with the token, another website is refused
        stolen = {**forged, "_authenticator": token}
        response = editor.post(edit, data=stolen, headers={"Origin": EVIL}, allow_redirects=False)
        assert_refused(response)
        assert site.title_of(page) == "Willkommen in Liestal"
        # with the token, from the site's own page: saved
        good = {**stolen, "form.widgets.IDublinCore.title": "Hallo"}
        headers = {"Origin": site.origin, "Referer": edit}
        response = editor.post(edit, data=good, headers=headers, allow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        assert site.title_of(page) == "Hallo"
