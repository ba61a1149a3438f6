"""What Plone tells a caching proxy (plone.app.caching with our rules), in-process: public
pages may be kept for guests, never for someone logged in; forms, status pages, receipts,
Meine Anliegen, inboxes and REST answers with personal data never. And what is purged."""

import pytest
import transaction
from plone import api
from plone.cachepurging.utils import getPathsToPurge
from zope.component.hooks import setSite

from digitalgemeinde.caching import install_caching
from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import configure_purging
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions.delivery import deliver
from tests.association.helpers import build_association
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.setup.test_upgrades import CURRENT
from tests.submissions.helpers import make_submission

PURGING = "plone.cachepurging.interfaces.ICachePurgingSettings"


def headers(functional, path, user=None, accept=None):
    browser = browser_for(functional["app"], user)
    if accept:
        browser.addHeader("Accept", accept)
    browser.open(functional["portal"].absolute_url() + path)
    return browser.headers


def kept_for_guests(found, rule) -> bool:
    return found.get("X-Cache-Rule") == rule and "s-maxage=" in found.get("Cache-Control", "")


def never_kept(found) -> bool:
    control = found.get("Cache-Control", "")
    return "no-store" in control and "private" in control and "s-maxage" not in control


@pytest.fixture
def news(world, functional):
    build_association(functional["portal"], world, commit=False)
    with api.env.adopt_roles(["Manager"]):
        item = api.content.create(world["association"], "News Item", title="Projektstart")
        api.content.transition(item, "publish")
    transaction.commit()
    return item


def test_public_pages_are_kept_for_guests(functional, world, news):
    for path, rule in (
        ("/liestal/hund-anmelden", "digitalgemeinde.page"),  # a service page
        ("/liestal", "digitalgemeinde.page"),  # a municipality
        ("/bl", "digitalgemeinde.page"),  # the canton
        ("/liestal/willkommen", "digitalgemeinde.page"),  # a page of the municipality
        ("/verband", "digitalgemeinde.page"),  # the association
        (f"/verband/{news.getId()}", "digitalgemeinde.page"),  # news
        ("/verband/leistungskatalog", "digitalgemeinde.listing"),
        ("", "digitalgemeinde.listing"),  # the portal's home
        ("/@@services?q=Hund", "digitalgemeinde.listing"),  # the finder
        ("/liestal/@@services", "digitalgemeinde.listing"),
    ):
        found = headers(functional, path)
        assert kept_for_guests(found, rule), (path, dict(found))
        assert "s-maxage=3600" in found["Cache-Control"] or rule.endswith("listing")


def test_nothing_is_kept_for_someone_logged_in(functional, world):
    for user in ("liestal-editor", "admin"):
        for path in ("/liestal/hund-anmelden", "/liestal", ""):
            found = headers(functional, path, user=user)
            assert "s-maxage" not in found.get("Cache-Control", ""), (user, path)
            assert "private" in found["Cache-Control"]


def test_forms_status_pages_and_receipts_are_never_kept(functional, world, form):
    values = {"name": "Eva Muster", "email": "eva@example.ch", "dog": "Rex"}
    token = deliver(form, values, functional["request"]).token
    transaction.commit()
    for path in (
        "/liestal/hund-anmelden-form",  # the request form (its CSRF token)
        f"/@@anliegen/{token}",  # the status page
        f"/@@anliegen/{token}?receipt=1",  # the receipt right after sending
    ):
        found = headers(functional, path)
        assert never_kept(found), (path, dict(found))
    found = headers(functional, f"/@submission-status/{token}", accept="application/json")
    assert never_kept(found), dict(found)


def test_personal_pages_and_inboxes_are_never_kept(functional, world, form):
    make_submission(form, functional["request"])
    create_user("buerger")
    transaction.commit()
    assert never_kept(headers(functional, "/@@meine-anliegen", user="buerger"))
    for user, path in (
        ("liestal-clerk", "/liestal/einwohnerdienste/@@inbox"),  # the office's inbox
        ("liestal-admin", "/liestal/@@inbox"),  # the municipality's
        ("liestal-clerk", "/liestal/einwohnerdienste/@inbox"),  # REST
        ("liestal-admin", "/liestal/@inbox"),
    ):
        accept = "application/json" if "/@inbox" in path else None
        found = headers(functional, path, user=user, accept=accept)
        assert found["Status"].startswith("200"), (path, found["Status"])
        assert never_kept(found), (path, dict(found))


def test_rest_content_is_kept_only_for_guests(functional, world):
    found = headers(functional, "/liestal/hund-anmelden", accept="application/json")
    assert "s-maxage=" in found["Cache-Control"]
    assert "Accept" in found["Vary"]
    found = headers(
        functional, "/liestal/hund-anmelden", user="liestal-editor", accept="application/json"
    )
    assert "s-maxage" not in found.get("Cache-Control", "")


def test_purged_with_the_pages_that_list_it(functional, world):
    request = functional["request"]
    configure_purging(functional["portal"], ["http://127.0.0.1:6081"])
    paths = set(getPathsToPurge(world["liestal-service"], request))
    for path in (
        "/plone/liestal/hund-anmelden",  # the page itself
        "/plone/liestal/hund-anmelden/view",
        "/plone/liestal",  # its municipality, and that one's finder
        "/plone/liestal/@@services",
        "/plone/liestal/@service-finder",
        "/plone",  # the portal's home and finder
        "/plone/",
        "/plone/@@services",
        "/plone/bl/@@services",  # the canton's finder lists its municipalities' services
    ):
        assert path in paths, path
    assert not any(path.startswith("/plone/allschwil") for path in paths)


def test_a_form_purges_the_service_that_offers_it(functional, world, form):
    """The service page shows the form's settings (the login it needs): changing the form
    purges the service page too, not only the form's own."""
    configure_purging(functional["portal"], ["http://127.0.0.1:6081"])
    paths = set(getPathsToPurge(form, functional["request"]))
    assert "/plone/liestal/hund-anmelden" in paths
    assert "/plone/liestal/hund-anmelden/view" in paths
    other = set(getPathsToPurge(world["allschwil-service"], functional["request"]))
    assert "/plone/liestal/hund-anmelden" not in other


def test_configure_purging(functional):
    portal = functional["portal"]
    configure_purging(portal, ["http://127.0.0.1:6081/", " http://10.0.0.2:6081 "])
    assert api.portal.get_registry_record(f"{PURGING}.enabled") is True
    assert api.portal.get_registry_record(f"{PURGING}.cachingProxies") == (
        "http://127.0.0.1:6081",
        "http://10.0.0.2:6081",
    )
    configure_purging(portal, [])
    assert api.portal.get_registry_record(f"{PURGING}.enabled") is False
    transaction.abort()


def test_no_proxy_is_purged_on_a_new_site(functional):
    assert api.portal.get_registry_record(f"{PURGING}.cachingProxies") in (None, ())
    assert api.portal.get_registry_record("plone.caching.interfaces.ICacheSettings.enabled")


def test_upgrade_installs_the_caching_rules(functional, world):
    portal = functional["portal"]
    setSite(portal)
    registry_mapping = "plone.caching.interfaces.ICacheSettings.operationMapping"
    with api.env.adopt_roles(["Manager"]):
        # a site of 20261208002: no rules, caching off
        api.portal.set_registry_record("plone.caching.interfaces.ICacheSettings.enabled", False)
        api.portal.set_registry_record(registry_mapping, {})
        api.portal.set_registry_record(
            "plone.app.caching.interfaces.IPloneCacheSettings.contentTypeRulesetMapping", {}
        )
        setup = portal.portal_setup
        setup.unsetLastVersionForProfile("plone.app.caching:default")
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261208002")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert setup.getLastVersionForProfile("plone.app.caching:default") != "unknown"
    assert api.portal.get_registry_record("plone.caching.interfaces.ICacheSettings.enabled")
    mapping = api.portal.get_registry_record(registry_mapping)
    assert mapping["digitalgemeinde.private"] == "digitalgemeinde.noStore"
    transaction.commit()
    assert kept_for_guests(headers(functional, "/liestal/hund-anmelden"), "digitalgemeinde.page")


def test_install_caching_again_keeps_the_proxies(functional):
    portal = functional["portal"]
    configure_purging(portal, ["http://127.0.0.1:6081"])
    install_caching(portal)
    assert api.portal.get_registry_record(f"{PURGING}.cachingProxies") == ("http://127.0.0.1:6081",)
    transaction.abort()


def test_a_browser_revalidating_after_choosing_a_municipality_gets_the_new_page(functional, world):
    """Without Varnish (`make start`) browsers ask Zope "still the same?" (If-None-Match)."""
    app = browser_for(functional["app"]).testapp
    url = functional["portal"].absolute_url()
    etag = app.get(url).headers["ETag"]
    assert app.get(url, headers={"If-None-Match": etag}, status=304)
    liestal = world["liestal"].UID()
    cookie = f"digitalgemeinde_municipality={liestal}"
    chosen = app.get(url, headers={"If-None-Match": etag, "Cookie": cookie}, status=200)
    assert chosen.headers["ETag"] != etag
    assert "Liestal" in chosen.text
