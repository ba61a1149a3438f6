"""deploy/varnish/digitalgemeinde.vcl in a real Varnish, in front of a small backend that
answers as Plone does: what it keeps, for whom, and what PURGE and BAN remove.

The backend counts the requests that reach it and echoes the cookies and language it got."""

import json
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest
import requests

from tests.caching.varnish import Varnish
from tests.caching.varnish import varnish_available

pytestmark = pytest.mark.skipif(not varnish_available(), reason="varnishd is not installed")

PUBLIC = {
    "Cache-Control": "max-age=0, s-maxage=3600, must-revalidate",
    "X-Cache-Rule": "digitalgemeinde.page",
}
PRIVATE = {"Cache-Control": "private, no-store, max-age=0", "X-Cache-Rule": "x.private"}
# path prefix -> the headers the backend answers with
ANSWERS = {
    "/plone/public": PUBLIC,
    "/plone/private": PRIVATE,
    "/plone/norule": {"Cache-Control": "max-age=0, s-maxage=3600"},
    "/plone/nothing": {},
    "/plone/cookie": {**PUBLIC, "Set-Cookie": "something=1; Path=/"},
    "/plone/weak": {"Cache-Control": "max-age=0, must-revalidate, private", "ETag": '"1"'},
}


class Backend(BaseHTTPRequestHandler):
    counts: dict = {}

    def answer(self):
        path = self.path.split("?")[0]
        Backend.counts[self.path] = Backend.counts.get(self.path, 0) + 1
        headers = next((h for p, h in ANSWERS.items() if path.startswith(p)), PUBLIC)
        body = json.dumps(
            {
                "path": self.path,
                "method": self.command,
                "count": Backend.counts[self.path],
                "cookie": self.headers.get("Cookie"),
                "language": self.headers.get("Accept-Language"),
                "accept": self.headers.get("Accept"),
            }
        ).encode()
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="module")
def varnish(backend, tmp_path_factory):
    with Varnish(tmp_path_factory.mktemp("varnish"), backend) as running:
        yield running


@pytest.fixture
def get(varnish):
    Backend.counts.clear()
    requests.request("BAN", f"{varnish.url}/")

    def get(path, method="GET", **kwargs):
        response = requests.request(method, f"{varnish.url}{path}", timeout=10, **kwargs)
        payload = response.json() if response.content else {}
        return response.headers.get("X-Cache"), payload, response

    return get


def test_a_public_page_is_kept_for_guests(get):
    assert get("/plone/public")[0] == "MISS"
    cache, page, response = get("/plone/public")
    assert cache == "HIT"
    assert page["count"] == 1  # Zope answered once
    assert "X-Url" not in response.headers
    # for the browser and any cache behind Varnish: not kept (only Varnish is purged)
    assert response.headers["Cache-Control"] == "max-age=0, must-revalidate"
    assert get("/plone/public", method="HEAD")[0] == "HIT"


def test_logged_in_users_messages_and_writes_always_reach_zope(get):
    get("/plone/public")
    for headers in (
        {"Cookie": "__ac=abc"},
        {"Cookie": "I18N_LANGUAGE=de; __ac=abc"},
        {"Cookie": "auth_token=xyz"},
        {"Cookie": "_ga=1; statusmessages=abc"},  # a message for this visitor only
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "Bearer xyz"},
    ):
        cache, page, _ = get("/plone/public", headers=headers)
        assert cache == "PASS", headers
        assert page["cookie"] == headers.get("Cookie")  # the session cookie reaches Zope
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert get("/plone/public", method=method)[0] == "PASS"
    assert get("/plone/public")[1]["count"] == 1  # the guests' copy is still there


@pytest.mark.parametrize("path", ["/plone/private", "/plone/norule", "/plone/nothing"])
def test_what_plone_does_not_allow_is_never_kept(get, path):
    assert get(path)[0] == "MISS"
    cache, page, _ = get(path)
    assert cache == "MISS"
    assert page["count"] == 2


@pytest.mark.parametrize("path", ["/plone/cookie", "/plone/weak"])
def test_answers_setting_cookies_or_private_are_never_kept(get, path):
    get(path)
    assert get(path)[1]["count"] == 2


def test_guests_cookies_stripped_but_language_and_municipality_kept(get):
    uid = "0123456789abcdef0123456789abcdef"
    cookie = f"_ga=1; I18N_LANGUAGE=fr; digitalgemeinde_municipality={uid}; x=y"
    cache, page, _ = get("/plone/public", headers={"Cookie": cookie})
    assert cache == "MISS"
    assert page["cookie"] == f"I18N_LANGUAGE=fr; digitalgemeinde_municipality={uid}"
    assert page["language"] == "fr"
    # the same choices, other cookies: the same page
    same = f"digitalgemeinde_municipality={uid}; I18N_LANGUAGE=fr; tracking=1"
    assert get("/plone/public", headers={"Cookie": same})[0] == "HIT"
    # another language or another municipality: another page
    assert get("/plone/public", headers={"Cookie": "I18N_LANGUAGE=it"})[0] == "MISS"
    assert get("/plone/public", headers={"Cookie": "I18N_LANGUAGE=fr"})[0] == "MISS"
    # a malformed municipality is no key of its own
    assert (
        get(
            "/plone/public", headers={"Cookie": "I18N_LANGUAGE=fr; digitalgemeinde_municipality=x"}
        )[0]
        == "HIT"
    )


def test_the_browsers_language_becomes_one_of_the_portals(get):
    cache, page, _ = get("/plone/public", headers={"Accept-Language": "fr-CH,fr;q=0.9,en;q=0.8"})
    assert (cache, page["language"]) == ("MISS", "fr")
    assert get("/plone/public", headers={"Accept-Language": "fr"})[0] == "HIT"
    assert (
        get("/plone/public", headers={"Accept-Language": "en-US,en;q=0.9,it;q=0.5"})[1]["language"]
        == "it"
    )
    # none of ours: Zope's default language, one copy for all of them
    cache, page, _ = get("/plone/public", headers={"Accept-Language": "en-US"})
    assert (cache, page["language"]) == ("MISS", None)
    assert get("/plone/public", headers={"Accept-Language": "es"})[0] == "HIT"
    assert get("/plone/public")[0] == "HIT"


def test_json_and_html_are_kept_apart(get):
    get("/plone/public", headers={"Accept": "text/html"})
    cache, page, _ = get("/plone/public", headers={"Accept": "application/json"})
    assert (cache, page["accept"]) == ("MISS", "application/json")
    assert get("/plone/public", headers={"Accept": "application/json"})[0] == "HIT"


def test_purge_removes_a_path_with_every_query_and_language(get, varnish):
    for path in ("/plone/public/a", "/plone/public/a?x=1", "/plone/public/a/b", "/plone/public/ab"):
        get(path)
    get("/plone/public/a", headers={"Accept-Language": "it"})
    purged = requests.request("PURGE", f"{varnish.url}/plone/public/a", timeout=10)
    assert purged.status_code == 200
    assert get("/plone/public/a")[0] == "MISS"
    assert get("/plone/public/a?x=1")[0] == "MISS"
    assert get("/plone/public/a", headers={"Accept-Language": "it"})[0] == "MISS"
    assert get("/plone/public/a/b")[0] == "HIT"  # below it and beside it: kept
    assert get("/plone/public/ab")[0] == "HIT"


def test_purge_of_a_path_with_special_characters(get, varnish):
    get("/plone/public/a.b(c)")
    get("/plone/public/aXb(c)")
    requests.request("PURGE", f"{varnish.url}/plone/public/a.b(c)", timeout=10)
    assert get("/plone/public/a.b(c)")[0] == "MISS"
    assert get("/plone/public/aXb(c)")[0] == "HIT"


def test_ban_removes_everything_below(get, varnish):
    for path in ("/plone/public/a", "/plone/public/a/b?x=1", "/plone/public/z"):
        get(path)
    assert requests.request("BAN", f"{varnish.url}/plone/public/a", timeout=10).status_code == 200
    assert get("/plone/public/a/b?x=1")[0] == "MISS"
    assert get("/plone/public/z")[0] == "HIT"


def test_only_the_purge_acl_may_purge(backend, tmp_path):
    with Varnish(tmp_path / "v", backend, purgers=("192.0.2.1",)) as varnish:
        url = f"{varnish.url}/plone/public/acl"
        requests.get(url, timeout=10)
        for method in ("PURGE", "BAN"):
            assert requests.request(method, url, timeout=10).status_code == 405
        assert requests.get(url, timeout=10).headers["X-Cache"] == "HIT"
