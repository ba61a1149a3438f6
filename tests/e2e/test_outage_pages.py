"""The 503 pages a citizen sees when the database is gone, in a real browser: no axe-core
violation of WCAG 2.1 A/AA on the whole document (colour contrast included), the right
language declared, one h1 and a <main> landmark.

Both pages need no Plone server: Zope's own 503 page is built by the product's function
(``digitalgemeinde.browser.outage.page``, in de/fr/it, for a POST and a GET, with the
translations of the global domain that the integration layer loads as the server does);
HAProxy's page (no instance up) is the ``http-error status 503 ... string "..."`` of
deploy/haproxy/haproxy.cfg, read as HAProxy reads it, and compared with what a real HAProxy
without instance answers. Each is served with status 503 by a small HTTP server in the test.
Screenshots: docs/screenshots/outage-de.png and outage-haproxy.png.
"""

import http.server
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from digitalgemeinde.browser import outage as outage_page
from digitalgemeinde.operation import outage
from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.setup.test_make_start import free_port

SCREENSHOTS = REPO / "docs" / "screenshots"
HAPROXY_CFG = REPO / "deploy" / "haproxy" / "haproxy.cfg"
ESCAPES = {"\\": "\\", " ": " ", "#": "#", "'": "'", '"': '"', "$": "$"}
ESCAPES.update({"r": "\r", "n": "\n", "t": "\t"})


def haproxy_string(text: str, start: int) -> str:
    """The double-quoted word of HAProxy's configuration that opens at ``start``, as HAProxy's
    parser reads it (backslash escapes; an unescaped ``$`` would be an environment variable:
    refused, the page must not depend on the environment)."""
    assert text[start] == '"'
    out, i = [], start + 1
    while text[i] != '"':
        char = text[i]
        if char == "\\":
            following = text[i + 1]
            if following == "x":
                out.append(chr(int(text[i + 2 : i + 4], 16)))
                i += 4
                continue
            assert following in ESCAPES, f"unknown escape \\{following}"
            out.append(ESCAPES[following])
            i += 2
            continue
        assert char != "$", "an environment variable in the 503 page"
        assert char != "\n", "the string is not closed on its line"
        out.append(char)
        i += 1
    return "".join(out)


def haproxy_page() -> str:
    config = HAPROXY_CFG.read_text()
    lines = [line for line in config.splitlines() if line.strip().startswith("http-error ")]
    assert len(lines) == 1, lines
    (line,) = lines
    assert re.match(r"\s*http-error status 503 ", line), line
    return haproxy_string(line, line.index(' string "') + len(" string "))


class Pages:
    """A local HTTP server that answers each registered path with status 503 and its page."""

    def __init__(self):
        pages = self.pages = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                body = pages[self.path].encode()
                self.send_response(503)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, page: str) -> str:
        self.pages[path] = page
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def pages():
    served = Pages()
    yield served
    served.close()


def structure(driver) -> dict:
    return driver.execute_script(
        """return {lang: document.documentElement.lang,
                   h1: document.querySelectorAll('h1').length,
                   main: document.querySelectorAll('main').length,
                   text: document.body.innerText};"""
    )


def show(driver, url: str) -> dict:
    driver.get(url)
    problems = [f"{v['id']} ({v['help']}): {v['nodes']}" for v in axe_violations(driver)]
    assert problems == []
    found = structure(driver)
    assert found["h1"] == 1
    assert found["main"] == 1
    return found


def save_screenshot(driver, name: str) -> None:
    """docs/screenshots/<name>.png, 1280 px wide, in 64 colours (as test_surface.py keeps
    them small enough to commit)."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(target))
    with Image.open(target) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)
    assert target.stat().st_size < 250_000


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_zopes_503_page_is_accessible_in_each_language(
    integration, pages, driver, language, method
):
    words = outage.texts(language, method)
    assert words["title"] != str(outage.TITLE)  # translated, not the English default
    found = show(driver, pages.url(f"/{language}/{method}", outage_page.page(language, method)))
    assert found["lang"] == language
    assert words["title"] in found["text"]
    assert words["advice"] in found["text"]
    alert = driver.execute_script(
        "const a = document.querySelector('main [role=alert]'); return a && a.innerText;"
    )
    if method == "POST":
        assert words["message"] and alert == words["message"]
    else:
        assert alert is None
        assert str(outage.texts(language, "POST")["message"]) not in found["text"]
    if (language, method) == ("de", "POST"):
        driver.set_window_size(1280, 700)
        save_screenshot(driver, "outage-de")


def test_haproxys_503_page_is_accessible_and_says_it_in_each_language(integration, pages, driver):
    found = show(driver, pages.url("/haproxy", haproxy_page()))
    assert found["lang"] == "de"
    parts = driver.execute_script(
        """return [...document.querySelectorAll('main [lang]')]
                  .map(e => [e.lang, e.innerText]);"""
    )
    assert sorted(lang for lang, _ in parts) == ["fr", "it"]
    said = {"de": found["text"], **dict(parts)}
    for language, text in said.items():  # the same words as the instances' own 503 page
        words = outage.texts(language, "POST")
        for word in words.values():
            assert word in text, (language, word)
    driver.set_window_size(1280, 700)
    save_screenshot(driver, "outage-haproxy")


def test_a_real_haproxy_without_instance_answers_that_page(tmp_path):
    """What the test above reads from the configuration is what HAProxy sends when no
    instance answers (both ports closed)."""
    env = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "DG_HAPROXY_BIND": f"127.0.0.1:{free_port()}",
        "DG_HAPROXY_SOCKET": str(tmp_path / "haproxy.sock"),
        "DG_HEALTH_PATH": "/@@health",
        "DG_ZOPE_MAXCONN": "4",
        "DG_ZOPE1": f"127.0.0.1:{free_port()}",
        "DG_ZOPE2": f"127.0.0.1:{free_port()}",
    }
    try:
        haproxy = subprocess.Popen(  # noqa: S603
            ["haproxy", "-db", "-f", str(HAPROXY_CFG)],  # noqa: S607
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        pytest.skip("no haproxy: `make browser` does not install it, .ci/run does")
    try:
        answer = None
        for _ in range(40):
            try:
                urllib.request.urlopen(f"http://{env['DG_HAPROXY_BIND']}/", timeout=10)  # noqa: S310
            except urllib.error.HTTPError as error:
                answer = error
                break
            except urllib.error.URLError:
                time.sleep(0.25)  # not listening yet
        assert answer is not None and answer.code == 503
        assert answer.headers["Retry-After"] == outage.RETRY_AFTER
        assert answer.read().decode() == haproxy_page()
    finally:
        haproxy.terminate()
        haproxy.wait(timeout=10)
