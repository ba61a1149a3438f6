"""Error pages: a malformed request is a 400 with a message, never a 500; no one but a Manager
ever sees a traceback, whatever the server thread served before.

Over real HTTP, against a waitress server with ONE thread (so that every request is served by
the same thread as the one before it) that runs the add-on's site behind the WSGI pipeline of
``instance/etc/zope.ini``, as ``make start`` serves it (the acceptance layer's own server has
four threads and no pipeline).
"""

import configparser
import threading

import pytest
import requests
import ZPublisher.WSGIPublisher
from paste.deploy import loadfilter
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.Five.browser import BrowserView
from webtest.http import StopableWSGIServer
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer
from ZPublisher.interfaces import IPubStart

from tests.helpers import build_world

ZOPE_INI = "instance/etc/zope.ini"
ADMIN = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
HTML = {"Accept": "text/html", "Accept-Language": "de-CH, de;q=0.9, en;q=0.5"}
HTML_FR = {"Accept": "text/html", "Accept-Language": "fr-CH, fr;q=0.9"}
JSON = {"Accept": "application/json", "Accept-Language": "de"}
JSON_FR = {"Accept": "application/json", "Accept-Language": "fr"}
FAIL_BEFORE_LOGIN = "X-Test-Fail-Before-Login"
# what a Python traceback shows, on a page or in JSON
TRACES = ("Traceback", "site-packages", 'File "', "Module ZPublisher")


def production_pipeline(repo, app):
    """``app`` behind the filters of zope.ini's ``[pipeline:main]``, loaded from zope.ini."""
    ini = str(repo / ZOPE_INI)
    config = configparser.ConfigParser(interpolation=None)
    config.read(ini)
    *filters, last = config["pipeline:main"]["pipeline"].split()
    assert last == "zope"
    for name in reversed(filters):
        # "egg:Zope#httpexceptions", or a [filter:...] section of zope.ini
        factory = loadfilter(name) if ":" in name else loadfilter(f"config:{ini}", name=name)
        app = factory(app)
    return app


@pytest.fixture
def server(acceptance, repo):
    """The acceptance layer's site served by one thread, as zope.ini serves it."""
    app = production_pipeline(repo, ZPublisher.WSGIPublisher.publish_module)
    server = StopableWSGIServer.create(
        app, threads=1, expose_tracebacks=False, clear_untrusted_proxy_headers=False
    )
    assert server.adj.threads == 1
    assert server.wait()
    yield f"http://{server.adj.host}:{server.adj.port}"
    server.shutdown()


@pytest.fixture
def site(acceptance, server):
    build_world(acceptance["portal"])  # commits
    return f"{server}/plone"


def shows_traceback(text: str) -> bool:
    return any(trace in text for trace in TRACES)


# A page that fails, for the tracebacks ------------------------------------------------------


class Failing(BrowserView):
    """A page that fails: a real server error."""

    __roles__ = None  # public
    threads: list[int] = []

    def __call__(self):
        Failing.threads.append(threading.get_ident())
        raise RuntimeError("deliberate failure of the test page")


def fail_before_login(event):
    """IPubStart: the request fails where Zope reads its parameters, before it authenticates
    anyone (where a malformed parameter used to fail)."""
    request = event.request
    if request.environ.get("HTTP_" + FAIL_BEFORE_LOGIN.upper().replace("-", "_")):

        def read_parameters():
            Failing.threads.append(threading.get_ident())
            raise RuntimeError("deliberate failure before login")

        request.processInputs = read_parameters


@pytest.fixture
def failing(site):
    """``@@failing-test-page`` and the header that fails a request before login, for this
    test only (the server thread uses the same component registry)."""
    registry = getGlobalSiteManager()
    registry.registerAdapter(
        Failing, (Interface, IDefaultBrowserLayer), Interface, "failing-test-page"
    )
    registry.registerHandler(fail_before_login, (IPubStart,))
    Failing.threads = []
    yield site
    registry.unregisterAdapter(
        Failing, (Interface, IDefaultBrowserLayer), Interface, "failing-test-page"
    )
    registry.unregisterHandler(fail_before_login, (IPubStart,))


class TestErrorPages:
    """One class: the acceptance layer (and its server) is built once."""

    # --- malformed requests are a 400 with a message ----------------------------------------
    @pytest.mark.parametrize(
        "path,good,message",
        [
            ("?x:int=abc", "?x:int=12", "Der Parameter x hat keinen gültigen Wert"),
            ("/@@search?b_start:int=zz", "/@@search?b_start:int=0", "Der Parameter b_start"),
            (
                "?d.day:record:date=kein-datum",
                "?d.day:record:date=2026-03-01",
                "Der Parameter d.day hat keinen gültigen Wert (erwartet: ein Datum)",
            ),
            ("/%ff%fe", "/liestal", "Die Adresse enthält Zeichen, die nicht erlaubt sind."),
            ("/@@search?SearchableText=%ff%fe", "/@@search?SearchableText=%C3%A4", "Adresse"),
        ],
    )
    def test_malformed_parameters_get_a_page_with_a_message_not_a_500(
        self, site, path, good, message
    ):
        response = requests.get(site + path, headers=HTML)
        assert response.status_code == 400, response.text[:500]
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Content-Language"] == "de"
        assert "Die Anfrage konnte nicht verarbeitet werden" in response.text
        assert message in response.text
        assert not shows_traceback(response.text)
        # the same request with good values works
        assert requests.get(site + good, headers=HTML).status_code == 200

    def test_the_page_speaks_french_when_the_browser_asks_for_it(self, site):
        response = requests.get(f"{site}?x:int=abc", headers=HTML_FR)
        assert response.status_code == 400
        assert response.headers["Content-Language"] == "fr"
        assert "La requête n'a pas pu être traitée" in response.text
        assert "Le paramètre x n'a pas de valeur valable (attendu : un nombre entier)." in (
            response.text.replace("&#x27;", "'").replace("&#39;", "'")
        )

    def test_a_parameter_name_is_shown_as_text(self, site):
        response = requests.get(f"{site}?%3Cscript%3Ex:int=abc", headers=HTML)
        assert response.status_code == 400
        assert "<script>" not in response.text
        assert "&lt;script&gt;x" in response.text

    @pytest.mark.parametrize(
        "query,field,good",
        [
            ("b_size=abc", "b_size", "b_size=2"),
            ("b_size=0", "b_size", "b_size=1"),
            ("path.depth=x", "path.depth", "path.depth=1"),
            ("b_start:int=zz", "b_start", "b_start:int=1"),
            ("x:int=abc", "x", "x:int=1"),
            ("created.query:record:date=nie", "created.query", "created.query=2026-01-01"),
            ("is_folderish=vielleicht", "is_folderish", "is_folderish=true"),
        ],
    )
    def test_rest_search_answers_400_naming_the_parameter(self, site, query, field, good):
        response = requests.get(f"{site}/@search?{query}", headers=JSON)
        assert response.status_code == 400, response.text
        body = response.json()
        assert body["type"] == "BadRequest"
        assert [error["field"] for error in body["errors"]] == [field]
        assert field in body["message"]
        assert "traceback" not in body
        assert not shows_traceback(response.text)
        # good values search
        found = requests.get(f"{site}/@search?{good}", headers=JSON)
        assert found.status_code == 200, found.text
        assert "items" in found.json()

    def test_rest_answers_in_french_when_asked(self, site):
        body = requests.get(f"{site}/@search?b_size=abc", headers=JSON_FR).json()
        assert body["message"] == "Le paramètre de recherche b_size n'a pas de valeur valable."

    def test_an_address_that_is_not_utf8_is_refused_in_json(self, site):
        response = requests.get(f"{site}/%ff%fe", headers=JSON)
        assert response.status_code == 400
        assert response.json() == {
            "type": "BadRequest",
            "message": "Die Adresse enthält Zeichen, die nicht erlaubt sind.",
        }
        # a UTF-8 address that does not exist is still a 404
        assert requests.get(f"{site}/%C3%A4rger", headers=JSON).status_code == 404

    def test_zope_ini_puts_the_address_check_before_zope(self, repo):
        config = configparser.ConfigParser(interpolation=None)
        config.read(repo / ZOPE_INI)
        pipeline = config["pipeline:main"]["pipeline"].split()
        assert pipeline.index("limits") < pipeline.index("zope")
        assert config["filter:limits"]["use"] == (
            "call:digitalgemeinde.security.wsgi:filter_factory"
        )

    # --- tracebacks: for Managers only --------------------------------------------------------

    def test_only_a_manager_sees_the_traceback_whatever_the_thread_served_before(self, failing):
        page = f"{failing}/@@failing-test-page"
        for _round in range(3):
            # a Manager sees what failed
            response = requests.get(page, headers=HTML, auth=ADMIN)
            assert response.status_code == 500
            assert "Traceback" in response.text
            assert "deliberate failure of the test page" in response.text
            # right after, on the same thread, anonymous users see none of it
            response = requests.get(page, headers=HTML)
            assert response.status_code == 500
            assert not shows_traceback(response.text)
            assert "deliberate failure" not in response.text
            # nor when the request fails before Zope knows who sends it
            assert requests.get(failing, headers=HTML, auth=ADMIN).status_code == 200
            response = requests.get(failing, headers={**HTML, FAIL_BEFORE_LOGIN: "1"})
            assert response.status_code == 500
            assert not shows_traceback(response.text), response.text
            # nor in a refused request's page
            requests.get(failing, headers=HTML, auth=ADMIN)
            response = requests.get(f"{failing}?x:int=abc", headers=HTML)
            assert response.status_code == 400
            assert not shows_traceback(response.text)
        assert len(set(Failing.threads)) == 1  # one thread served them all
        assert len(Failing.threads) == 9

    def test_only_a_manager_gets_the_traceback_in_json(self, failing):
        page = f"{failing}/@@failing-test-page"
        for _round in range(2):
            response = requests.get(page, headers=JSON, auth=ADMIN)
            assert response.status_code == 500
            assert "traceback" in response.json()
            response = requests.get(page, headers=JSON)
            assert response.status_code == 500
            assert "traceback" not in response.json()
            assert not shows_traceback(response.text)
            requests.get(failing, headers=JSON, auth=ADMIN)
            response = requests.get(failing, headers={**JSON, FAIL_BEFORE_LOGIN: "1"})
            assert response.status_code == 500
            assert "traceback" not in response.json()
            assert not shows_traceback(response.text)
        assert len(set(Failing.threads)) == 1
