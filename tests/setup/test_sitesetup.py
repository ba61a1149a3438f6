"""The site-creation code that `make start` runs: idempotent, German, with our add-on."""

import pytest
from Acquisition import aq_base
from OFS.Folder import Folder
from OFS.userfolder import UserFolder
from plone.base.utils import get_installer
from zope.component.hooks import getSite
from zope.component.hooks import setSite

from digitalgemeinde.sitesetup import SiteSettings
from digitalgemeinde.sitesetup import ensure_admin
from digitalgemeinde.sitesetup import ensure_site


@pytest.fixture
def fresh_app(app, portal):
    """The layer's Zope root; the site hook is put back after the test."""
    yield app
    setSite(portal)


def test_creates_german_site_with_addon(fresh_app):
    site, created = ensure_site(fresh_app, SiteSettings(site_id="portal2", with_demo=False))
    assert created is True
    assert site.title == "Einwohnerportal"
    assert site.Language() == "de"
    assert getSite() is site
    installer = get_installer(site)
    assert installer.is_product_installed("digitalgemeinde")
    assert installer.is_product_installed("collective.easyform")
    from plone import api

    assert api.portal.get_registry_record("plone.available_languages") == ["de", "fr", "it"]
    assert api.portal.get_registry_record("plone.use_cookie_negotiation") is True
    assert api.portal.get_registry_record("plone.default_language") == "de"


def test_second_run_reuses_the_site(fresh_app):
    settings = SiteSettings(site_id="portal3", with_demo=False)
    first, created_first = ensure_site(fresh_app, settings)
    first.setTitle("Changed by an editor")
    again, created_again = ensure_site(fresh_app, settings)
    assert (created_first, created_again) == (True, False)
    assert aq_base(again) is aq_base(first)
    assert again.Title() == "Changed by an editor"


def test_refuses_an_id_taken_by_something_else(fresh_app):
    fresh_app._setObject("occupied", Folder("occupied"))
    with pytest.raises(ValueError, match="not a Plone site"):
        ensure_site(fresh_app, SiteSettings(site_id="occupied", with_demo=False))


@pytest.fixture
def zope_root(app):
    """A folder with the plain user folder that a real Zope root has (the layer's root has PAS)."""
    app._setObject("root", Folder("root"))
    root = app.root
    root._setObject("acl_users", UserFolder())
    return root


def test_admin_is_created_then_unchanged_then_updated(zope_root):
    assert ensure_admin(zope_root, "siteadmin", "first-secret") == "created"
    assert ensure_admin(zope_root, "siteadmin", "first-secret") == "unchanged"
    assert ensure_admin(zope_root, "siteadmin", "second-secret") == "updated"
    users = zope_root.acl_users
    assert users.authenticate("siteadmin", "second-secret", zope_root.REQUEST) is not None
    assert users.authenticate("siteadmin", "first-secret", zope_root.REQUEST) is None
    assert "Manager" in users.getUser("siteadmin").getRoles()


@pytest.mark.parametrize("username,password", [("", "x"), ("admin", "")])
def test_admin_needs_name_and_password(zope_root, username, password):
    with pytest.raises(ValueError, match="must not be empty"):
        ensure_admin(zope_root, username, password)
    assert zope_root.acl_users.getUsers() == []
