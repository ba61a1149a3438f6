"""Refused in another tenant: a page naming whose content it is and who maintains it."""

import transaction
from plone import api

from digitalgemeinde import sitesetup
from tests.helpers import browser_for


def private_page(world):
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(
            world["allschwil"], "Document", id="entwurf", title="Geheimer Entwurf Budget"
        )
        world["allschwil"].email = "gemeinde@allschwil.example.ch"
    transaction.commit()
    return page


def test_editor_of_another_tenant_is_told_whose_page_it_is(app, world):
    page = private_page(world)
    for url in (page.absolute_url(), f"{page.absolute_url()}/edit"):
        browser = browser_for(app, "liestal-editor")
        browser.open(url)
        assert browser.headers["status"].startswith("403"), url
        html = browser.contents
        assert "This page belongs to" in html
        assert "Allschwil" in html
        assert "mailto:gemeinde@allschwil.example.ch" in html
        assert "Geheimer Entwurf" not in html  # the object is never named
        assert "Insufficient Privileges" not in html
        # the way back to the editor's own work
        assert f"{world['liestal'].absolute_url()}/@@tenant-dashboard" in html


def test_refusal_in_german(app, world):
    sitesetup.configure_languages("de")
    page = private_page(world)
    browser = browser_for(app, "liestal-clerk")
    browser.open(page.absolute_url())
    assert "Diese Seite gehört zu" in browser.contents
    assert "Unzureichende Berechtigungen" not in browser.contents


def test_the_same_editor_may_open_their_own_tenants_page(app, world):
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(world["liestal"], "Document", id="entwurf", title="Entwurf")
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{page.absolute_url()}/edit")
    assert browser.headers["status"].startswith("200")
    assert "This page belongs to" not in browser.contents


def test_anonymous_keep_the_login_form(app, world):
    page = private_page(world)
    browser = browser_for(app)
    browser.open(page.absolute_url())
    assert "__ac_password" in browser.contents
    assert "This page belongs to" not in browser.contents


def test_a_tenant_not_yet_published_is_not_named(app, world):
    page = private_page(world)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(world["allschwil"], "retract")
        world["allschwil"].title = "Geheimgemeinde"
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(page.absolute_url())
    assert browser.headers["status"].startswith("403")
    assert "Geheimgemeinde" not in browser.contents
    assert "Your account has no rights for this page" in browser.contents
