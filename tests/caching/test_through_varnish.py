"""Through a real Varnish (deploy/varnish/digitalgemeinde.vcl) in front of the test server:
guests get public pages from the cache, and the new version as soon as an editor changes or
publishes one (Plone purges Varnish); someone logged in never gets a cached page; forms, status
pages, receipts, Meine Anliegen, inboxes and REST answers with personal data never come from it.
"""

import re
import time

import pytest
import requests
import transaction
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.sitesetup import configure_purging
from digitalgemeinde.submissions.delivery import deliver
from tests.caching.varnish import Varnish
from tests.caching.varnish import varnish_available
from tests.helpers import PASSWORD
from tests.helpers import build_world
from tests.helpers import create_user
from tests.request_forms import make_request_form

pytestmark = [
    pytest.mark.serial,
    pytest.mark.skipif(not varnish_available(), reason="varnishd is not installed"),
]

SERVICE = "/liestal/hund-anmelden"


@pytest.fixture
def site(acceptance, tmp_path):
    portal = acceptance["portal"]
    configure_languages("de")  # German first, then French and Italian, as a real site
    world = build_world(portal, commit=False)
    form = make_request_form(world)
    create_user("buerger")
    values = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
    token = deliver(form, values, acceptance["request"]).token
    with Varnish(tmp_path / "varnish", acceptance["port"]) as varnish:
        configure_purging(portal, [varnish.url])
        transaction.commit()
        yield Site(varnish, token)


class Site:
    def __init__(self, varnish, token):
        self.varnish, self.token = varnish, token
        self.sessions = []

    def url(self, path=""):
        return self.varnish.site_url(path)

    def session(self, user=None, cookie_login=False):
        session = requests.Session()
        self.sessions.append(session)
        if user and cookie_login:  # the login form, as a browser: Plone's cookie __ac
            answer = session.post(
                self.url("/login"),
                data={"__ac_name": user, "__ac_password": PASSWORD, "buttons.login": "Log in"},
                headers={"Origin": f"http://localhost:{self.varnish.port}"},
                allow_redirects=False,
            )
            assert answer.status_code == 302 and session.cookies.get("__ac"), answer.text
        elif user == "admin":
            session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        elif user:
            session.auth = (user, PASSWORD)
        return session

    def get(self, path="", session=None, **kwargs):
        response = (session or requests).get(self.url(path), timeout=60, **kwargs)
        return response.headers.get("X-Cache"), response

    def cached(self, path="", **kwargs) -> bool:
        """Asked twice by guests: was the second answer Varnish's?"""
        self.get(path, **kwargs)
        return self.get(path, **kwargs)[0] == "HIT"

    def cached_again(self, path, seconds=10) -> bool:
        """After a change: kept again once the last of its purges is through. Plone sends them
        in the background, one per URL of the page: one may arrive after a guest fetched the
        new version, and the next guest then fetches it again."""
        deadline = time.monotonic() + seconds
        while not self.cached(path):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def rest(self, user, method, path, data=None):
        response = self.session(user).request(
            method, self.url(path), json=data, headers={"Accept": "application/json"}, timeout=60
        )
        assert response.status_code < 300, response.text
        return response

    def wait_for(self, path, text, seconds=15, present=True):
        """Plone purges in the background right after the change: the next guest may be a
        moment early. The page is cached for an hour: only a purge brings the change."""
        deadline = time.monotonic() + seconds
        while True:
            cache, response = self.get(path)
            if (text in response.text) == present:
                return cache, response
            if time.monotonic() > deadline:
                pytest.fail(f"{path}: {text!r} {'not ' if present else ''}shown ({cache})")
            time.sleep(0.2)


class TestThroughVarnish:
    """One class: the test server is started once."""

    def test_public_pages_come_from_the_cache_the_second_time(self, site):
        for path in (SERVICE, "/liestal", "/bl", "", "/@@services?q=Hund"):
            cache, first = site.get(path)
            assert first.status_code == 200, path
            assert cache == "MISS", path
            cache, second = site.get(path)
            assert cache == "HIT", path
            assert second.text == first.text
        # the portal's CSS and JavaScript
        home = site.get("")[1].text
        resources = re.findall(r'(?:href|src)="[^"]*/plone(/\+\+webresource\+\+[^"]+)"', home)
        assert resources
        for path in resources[:3]:
            assert site.cached(path), path
        # the same page for a French browser is a page of its own, in French
        cache, french = site.get(SERVICE, headers={"Accept-Language": "fr-CH,fr;q=0.9"})
        assert cache == "MISS"
        assert 'lang="fr"' in french.text
        assert site.get(SERVICE, headers={"Accept-Language": "fr"})[0] == "HIT"

    def test_changed_and_published_pages_are_purged(self, site):
        for path in (SERVICE, "/liestal", "", "/@@services?q=Hund"):
            assert site.cached(path), path
        site.rest("liestal-editor", "PATCH", SERVICE, {"title": "Hund an- und abmelden"})
        cache, page = site.wait_for(SERVICE, "Hund an- und abmelden")
        assert cache == "MISS"
        assert site.cached_again(SERVICE)  # cached again, the new version
        assert "Hund an- und abmelden" in site.get(SERVICE)[1].text
        # where it is listed: its municipality, the finder
        site.wait_for("/liestal", "Hund an- und abmelden")
        site.wait_for("/@@services?q=Hund", "Hund an- und abmelden")
        # taken back: guests no longer get it
        site.rest("admin", "POST", f"{SERVICE}/@workflow/retract")
        cache, page = site.wait_for(SERVICE, "Hund an- und abmelden", present=False)
        assert cache != "HIT"
        # changed while private and published again: guests get the published version
        site.rest("liestal-editor", "PATCH", SERVICE, {"title": "Hundekontrolle"})
        site.rest("admin", "POST", f"{SERVICE}/@workflow/publish")
        cache, page = site.wait_for(SERVICE, "Hundekontrolle")
        assert page.status_code == 200
        assert site.cached_again(SERVICE)
        assert "Hundekontrolle" in site.get(SERVICE)[1].text

    def test_a_logged_in_user_never_gets_a_cached_page(self, site):
        assert site.cached(SERVICE)
        assert site.cached("")
        for cookie_login in (True, False):
            session = site.session("liestal-editor", cookie_login=cookie_login)
            for path in (SERVICE, ""):
                cache, page = site.get(path, session=session)
                assert cache == "PASS", (path, cookie_login)
                assert "liestal-editor" in page.text or "Liestal Editor" in page.text
                assert "private" in page.headers["Cache-Control"]
        # and what they got was not kept for guests
        cache, page = site.get(SERVICE)
        assert cache == "HIT"
        assert "Liestal Editor" not in page.text

    def test_forms_status_pages_and_receipts_never_come_from_the_cache(self, site):
        for path in (
            "/liestal/hund-anmelden-form",
            f"/@@anliegen/{site.token}",
            f"/@@anliegen/{site.token}?receipt=1",
        ):
            for _ in range(3):
                cache, page = site.get(path)
                assert page.status_code == 200, path
                assert cache == "MISS", path
                assert "no-store" in page.headers["Cache-Control"]
        form = site.get("/liestal/hund-anmelden-form")[1].text
        assert 'name="_authenticator"' in form or "form.buttons" in form

    def test_personal_pages_inboxes_and_rest_never_come_from_the_cache(self, site):
        citizen = site.session("buerger", cookie_login=True)
        clerk = site.session("liestal-clerk", cookie_login=True)
        admin = site.session("liestal-admin", cookie_login=True)
        for session, path in (
            (citizen, "/@@meine-anliegen"),
            (clerk, "/liestal/einwohnerdienste/@@inbox"),  # the office's inbox
            (admin, "/liestal/@@inbox"),  # the municipality's
        ):
            for _ in range(2):
                cache, page = site.get(path, session=session)
                assert (cache, page.status_code) == ("PASS", 200), path
        for path in ("/@@meine-anliegen", "/liestal/@@inbox"):  # guests: asked to log in
            for _ in range(2):
                assert site.get(path)[0] != "HIT", path
        json = {"Accept": "application/json"}
        for _ in range(2):
            cache, answer = site.get(f"/@submission-status/{site.token}", headers=json)
            assert answer.status_code == 200
            assert cache == "MISS"
            assert "no-store" in answer.headers["Cache-Control"]
        clerk_rest = site.session("liestal-clerk")
        for _ in range(2):
            cache, answer = site.get(
                "/liestal/einwohnerdienste/@inbox", session=clerk_rest, headers=json
            )
            assert (cache, answer.status_code) == ("PASS", 200)
        # public REST for guests may be kept, apart from the page
        assert site.cached(SERVICE, headers=json)
        cache, page = site.get(SERVICE)
        assert page.text.lstrip().startswith("<!DOCTYPE") or "<html" in page.text
        _, answer = site.get(SERVICE, headers=json)
        assert answer.json()["title"] == "Hund anmelden"
