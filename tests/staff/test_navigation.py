"""Requests never appear in navigation portlets or sitemaps, not even to their clerks."""

import gzip

from plone import api
from plone.app.portlets.portlets import navigation
from plone.portlets.interfaces import IPortletManager
from zope.component import getUtility

from tests.helpers import browser_for


def navigation_portlet(context, request) -> str:
    """The navigation portlet (whole site, all levels) rendered on ``context``."""
    request.set("ACTUAL_URL", context.absolute_url())
    view = context.restrictedTraverse("@@plone")
    manager = getUtility(IPortletManager, name="plone.leftcolumn", context=context)
    assignment = navigation.Assignment(bottomLevel=0, topLevel=0, includeTop=True)
    renderer = navigation.Renderer(context, request, view, manager, assignment)
    renderer.update()
    return renderer.render()


def test_navigation_portlet_lists_no_request_for_the_clerk(functional, submission, world):
    request = functional["request"]
    office = world["liestal-office"]
    with api.env.adopt_user(username="liestal-clerk"):
        for context in (office, submission):
            html = navigation_portlet(context, request)
            assert "Einwohnerdienste" in html  # the portlet lists the office
            assert submission.getId() not in html, context
            assert submission.title not in html, context


def test_sitemaps_list_no_request(app, submission, world):
    portal_url = api.portal.get().absolute_url()
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{portal_url}/@@sitemap")
    assert "Einwohnerdienste" in browser.contents
    assert submission.getId() not in browser.contents
    browser = browser_for(app)
    api.portal.set_registry_record("plone.enable_sitemap", True)
    import transaction

    transaction.commit()
    browser.open(f"{portal_url}/sitemap.xml.gz?page=1")
    xml = gzip.decompress(browser.contents).decode()
    assert "hund-anmelden" in xml
    assert submission.getId() not in xml
    clerk = browser_for(app, "liestal-clerk")
    clerk.open(f"{portal_url}/sitemap.xml.gz?page=1")
    xml = gzip.decompress(clerk.contents).decode()
    assert "einwohnerdienste" in xml
    assert submission.getId() not in xml
