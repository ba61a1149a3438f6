"""A tenant's own name and coat of arms: on its page (with its contact and opening hours) and,
as "Gemeinde Liestal" or "Kanton Basel-Landschaft", above every page inside it."""

import lxml.html
import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobImage

from digitalgemeinde.content_types.canton import ICantonSchema
from digitalgemeinde.content_types.municipality import IMunicipalitySchema
from digitalgemeinde.demo.loading import DATA
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import add_service
from tests.helpers import browser_for


def arms(name: str) -> NamedBlobImage:
    """The demo's coat of arms ``name`` (demo/data/arms/<name>.png)."""
    data = (DATA / "arms" / f"{name}.png").read_bytes()
    return NamedBlobImage(data=data, contentType="image/png", filename=f"{name}.png")


@pytest.fixture
def tenants(functional_portal):
    """Canton BL and Liestal, published, each with its coat of arms; Allschwil without one."""
    configure_languages("de")
    portal = functional_portal
    with api.env.adopt_roles(["Manager"]):
        bl = add_canton(portal, coat_of_arms=arms("bl"))
        liestal = add_municipality(
            portal,
            "liestal",
            publish=True,
            coat_of_arms=arms("liestal"),
            address="Rathausstrasse 36\n4410 Liestal",
            phone="+41 61 927 52 52",
            email="gemeinde@liestal.example.ch",
            opening_hours="Mo-Fr 08.30-11.30\nDo bis 18.30",
        )
        allschwil = add_municipality(portal, "allschwil", publish=True)
        service = add_service(liestal, "hund-anmelden", "Hund anmelden", ["personal"])
        for obj in (bl, service):
            api.content.transition(obj, "publish")
    transaction.commit()
    return {"bl": bl, "liestal": liestal, "allschwil": allschwil, "service": service}


def page(portal, url: str, language: str = "de"):
    browser = browser_for(portal.aq_parent)
    browser.addHeader("Accept-Language", language)
    browser.open(url)
    assert browser.headers["status"].startswith("200"), browser.headers["status"]
    return lxml.html.fromstring(browser.contents)


def text_of(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("schema", [IMunicipalitySchema, ICantonSchema])
def test_the_coat_of_arms_is_an_optional_image(schema):
    field = schema["coat_of_arms"]
    assert field.required is False
    assert type(field).__name__ == "NamedBlobImage"


def test_the_municipality_page_shows_its_coat_of_arms_contact_and_opening_hours(tenants):
    portal = api.portal.get()
    html = page(portal, tenants["liestal"].absolute_url())
    (image,) = html.xpath("//img[contains(@class, 'tenant-coat-of-arms')]")
    assert image.get("alt") == "Wappen Liestal"
    assert "/@@images/coat_of_arms-" in image.get("src")
    assert int(image.get("width")) > 0 and int(image.get("height")) > 0
    (contact,) = html.xpath("//*[@id='tenant-contact']")
    assert "+41 61 927 52 52" in text_of(contact)
    assert "gemeinde@liestal.example.ch" in text_of(contact)
    (hours,) = contact.xpath(".//*[contains(@class, 'contact-opening-hours')]")
    assert [line.strip() for line in hours.xpath("text()") if line.strip()] == [
        "Mo-Fr 08.30-11.30",
        "Do bis 18.30",
    ]
    assert "Öffnungszeiten" in text_of(contact)


def test_the_coat_of_arms_is_described_in_french_on_a_french_page(tenants):
    html = page(api.portal.get(), tenants["liestal"].absolute_url(), language="fr")
    (image,) = html.xpath("//img[contains(@class, 'tenant-coat-of-arms')]")
    assert image.get("alt") == "Armoiries de Liestal"


def test_the_image_is_served(tenants):
    portal = api.portal.get()
    html = page(portal, tenants["liestal"].absolute_url())
    (image,) = html.xpath("//img[contains(@class, 'tenant-coat-of-arms')]")
    browser = browser_for(portal.aq_parent)
    browser.open(image.get("src"))
    assert browser.headers["status"].startswith("200")
    assert browser.headers["content-type"] == "image/png"


def test_a_municipality_without_a_coat_of_arms_shows_none(tenants):
    html = page(api.portal.get(), tenants["allschwil"].absolute_url())
    assert html.xpath("//img[contains(@class, 'tenant-coat-of-arms')]") == []
    assert html.xpath("//img[contains(@class, 'tenant-identity-arms')]") == []
    (identity,) = html.xpath("//*[@id='tenant-identity']")
    assert text_of(identity) == "Gemeinde Allschwil"


def test_the_canton_page_shows_the_cantons_coat_of_arms(tenants):
    html = page(api.portal.get(), tenants["bl"].absolute_url())
    (image,) = html.xpath("//img[contains(@class, 'tenant-coat-of-arms')]")
    assert image.get("alt") == "Wappen Basel-Landschaft"


def test_a_service_page_names_its_municipality_with_its_coat_of_arms(tenants):
    html = page(api.portal.get(), tenants["service"].absolute_url())
    (identity,) = html.xpath("//*[@id='tenant-identity']")
    (link,) = identity.xpath(".//a")
    assert (text_of(link), link.get("href")) == (
        "Gemeinde Liestal",
        tenants["liestal"].absolute_url(),
    )
    (image,) = identity.xpath(".//img")
    assert "/liestal/@@images/coat_of_arms-" in image.get("src")
    assert image.get("alt") == ""  # the name stands beside it: read once, not twice
    # above the page's heading
    heading = html.xpath("//h1")[0]
    assert identity.sourceline < heading.sourceline


def test_the_canton_page_names_the_canton(tenants):
    html = page(api.portal.get(), tenants["bl"].absolute_url())
    (identity,) = html.xpath("//*[@id='tenant-identity']")
    assert text_of(identity) == "Kanton Basel-Landschaft"
