"""The portal's colour (Site Setup → Einwohnerportal): the navigation and links take it, and a
colour text cannot be read on (under 4.5:1) is refused with the contrast it reaches."""

import pytest
import transaction
from plone import api
from zope.interface import Invalid

from digitalgemeinde.colours import brand_css
from digitalgemeinde.colours import check_brand_colour
from digitalgemeinde.colours import contrast
from digitalgemeinde.colours import parse
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import browser_for


def test_contrast_is_wcags():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast(parse("#00557f"), parse("#ffffff")), 1) == 8.1
    assert round(contrast(parse("#767676"), parse("#ffffff")), 2) == 4.54  # the known edge


@pytest.mark.parametrize("value", ["#00557f", "8b1e3f", "#1D4D2B"])
def test_readable_colours_are_taken(value):
    assert check_brand_colour(value) is True


@pytest.mark.parametrize("value", ["#7fb2d9", "#ffcc00", "#888888"])
def test_light_colours_are_refused_with_their_contrast(value):
    with pytest.raises(Invalid) as refused:
        check_brand_colour(value)
    message = refused.value.args[0]
    assert message.default.startswith("This colour reaches only ${ratio}:1")
    assert float(message.mapping["ratio"]) < 4.5


@pytest.mark.parametrize("value", ["", "blue", "#12345", "#1234567", None, "#gg0000"])
def test_what_is_no_colour_is_refused(value):
    with pytest.raises(Invalid):
        check_brand_colour(value)


def test_the_theme_colour_and_unreadable_values_add_no_css():
    assert brand_css("#00557f") == ""
    assert brand_css("#ffcc00") == ""  # stored some other way: the theme's colour stays
    css = brand_css("#8b1e3f")
    assert "--dg-blue:#8b1e3f" in css and "--bs-primary-rgb:139,30,63" in css
    assert "--dg-blue-dark:#61152c" in css


def test_the_control_panel_refuses_a_light_colour_and_the_pages_take_a_dark_one(functional):
    app, portal = functional["app"], functional["portal"]
    configure_languages("de")
    transaction.commit()
    admin = browser_for(app, "admin")
    admin.addHeader("Accept-Language", "de")
    admin.open(f"{portal.absolute_url()}/@@digitalgemeinde-settings")
    admin.getControl(name="form.widgets.brand_colour").value = "#7fb2d9"
    admin.getControl(name="form.buttons.save").click()
    assert "mindestens 4.5:1" in admin.contents
    assert api.portal.get_registry_record("digitalgemeinde.brand_colour") == "#00557f"
    admin.getControl(name="form.widgets.brand_colour").value = "#8b1e3f"
    admin.getControl(name="form.buttons.save").click()
    assert api.portal.get_registry_record("digitalgemeinde.brand_colour") == "#8b1e3f"
    visitor = browser_for(app)
    visitor.open(portal.absolute_url())
    assert "<style>html:root{--dg-blue:#8b1e3f;" in visitor.contents
