"""The demo portal shows the canton's logo (Site Setup → Site), and as its favicon: never
Plone's."""

from plone import api
from plone.formwidget.namedfile.converter import b64decode_file

from digitalgemeinde.demo.setup import set_logo


def test_demo_sets_the_cantons_logo_and_favicon(demo):
    filename, data = b64decode_file(api.portal.get_registry_record("plone.site_logo"))
    assert filename == "einwohnerportal-bl.svg"
    assert data.startswith(b"<svg") and b"Basel-Landschaft" in data
    assert api.portal.get_registry_record("plone.site_favicon_mimetype") == "image/svg+xml"
    assert b64decode_file(api.portal.get_registry_record("plone.site_favicon"))[1] == data


def test_a_logo_of_the_sites_own_is_kept(demo):
    own = b"filenameb64:b3duLnBuZw==;datab64:iVBORw0K"
    api.portal.set_registry_record("plone.site_logo", own)
    set_logo()
    assert api.portal.get_registry_record("plone.site_logo") == own


def test_demo_names_the_portal_for_its_canton_unless_it_has_a_name_of_its_own(demo):
    from digitalgemeinde.demo.setup import name_the_portal

    api.portal.set_registry_record("plone.site_title", "Einwohnerportal")
    name_the_portal()
    assert api.portal.get_registry_record("plone.site_title") == (
        "Einwohnerportal Basel-Landschaft"
    )
    api.portal.set_registry_record("plone.site_title", "Portail de Moutier")
    name_the_portal()
    assert api.portal.get_registry_record("plone.site_title") == "Portail de Moutier"
