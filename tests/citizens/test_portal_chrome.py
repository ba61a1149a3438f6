"""The chrome around every page (browser/theme): the portal's own identity, never Plone's; a
skip link first; every control named in the page's language (our catalogs fill upstream's gaps
in the domain "plone"); no editing toolbar for citizens, "Meine Anliegen" in their header."""

import re

import pytest
import transaction
from plone import api
from plone.formwidget.namedfile.converter import b64encode_file

from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import browser_for
from tests.helpers import create_user

FOCUSABLE = re.compile(r"<(a|button|input|select|textarea)\b[^>]*>", re.S)
PLONE_BRANDING = ("plone-logo", "Powered by Plone", "Plone Foundation", "plone.org", "Plone®")


@pytest.fixture
def chrome_site(functional_portal):
    configure_languages("de")
    create_user("anna-citizen")
    api.group.create(groupname="liestal-staff-test")
    create_user("beat-clerk", groups=["liestal-staff-test"])
    create_user("laura-editor")
    api.user.grant_roles(username="laura-editor", roles=["Editor"])
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(functional_portal, "Document", id="info", title="Info")
        api.content.transition(page, "publish")
    transaction.commit()
    return functional_portal


def open_page(portal, user=None, language="de", path=""):
    browser = browser_for(portal.aq_parent, user)
    browser.addHeader("Accept-Language", language)
    browser.open(portal.absolute_url() + path)
    assert browser.headers["status"].startswith("200"), browser.headers["status"]
    return browser.contents


def body_of(html: str) -> str:
    return html[html.index("<body") :]


def first_focusable(html: str) -> str:
    return FOCUSABLE.search(body_of(html)).group(0)


def test_skip_link_is_the_first_focusable_element_and_leads_to_the_content(chrome_site):
    html = open_page(chrome_site)
    first = first_focusable(html)
    assert 'class="dg-skiplink"' in first
    assert 'href="#content"' in first
    assert 'id="content"' in html
    assert "Zum Inhalt springen" in html


@pytest.mark.parametrize("user", [None, "anna-citizen"])
def test_no_plone_branding_for_anyone_a_citizen_is(chrome_site, user):
    html = open_page(chrome_site, user)
    assert "plone-logo" not in html  # not even as the page's image for social media
    for brand in PLONE_BRANDING:
        assert brand not in body_of(html), brand
    assert 'id="dg-footer"' in html  # our footer in place of Plone's
    assert 'class="dg-portal-name"' in html


def test_header_shows_the_logo_of_site_setup_and_the_portals_name(chrome_site):
    html = open_page(chrome_site)
    assert "dg-logo" not in html  # no logo set: the name alone, not Plone's logo
    logo = b64encode_file("wappen.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    api.portal.set_registry_record("plone.site_logo", logo)
    transaction.commit()
    html = open_page(chrome_site)
    assert re.search(r'<img class="dg-logo"[^>]*src="[^"]*/@@site-logo/wappen.svg"', html)
    assert chrome_site.title in html[html.index('id="portal-logo"') :][:600]


def test_footer_links_the_pages_that_exist_and_meine_anliegen_otherwise(chrome_site):
    footer = body_of(open_page(chrome_site)).split('id="dg-footer"')[1]
    assert "@@meine-anliegen" in footer
    assert "Impressum" not in footer
    with api.env.adopt_roles(["Manager"]):
        api.content.create(chrome_site, "Document", id="impressum", title="Impressum")
    transaction.commit()
    footer = body_of(open_page(chrome_site)).split('id="dg-footer"')[1]
    assert f'href="{chrome_site.absolute_url()}/impressum">Impressum</a>' in footer
    footer = body_of(open_page(chrome_site, language="fr")).split('id="dg-footer"')[1]
    assert ">Mentions légales</a>" in footer


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "de",
            (
                "Zum Inhalt springen",
                'aria-label="Navigation ein- und ausblenden"',
                'aria-label="Pfadnavigation"',
                'data-close-label="Navigation schliessen"',
                'aria-label="Über das Portal"',
                ">Anmelden<",
                ">Registrieren<",
            ),
        ),
        (
            "fr",
            (
                "Aller au contenu",
                'aria-label="Activer/désactiver la navigation"',  # upstream's
                'aria-label="Fil d&#x27;Ariane"',
                'data-close-label="Fermer la navigation"',
                'aria-label="À propos du portail"',
                ">Se connecter<",
            ),
        ),
    ],
)
def test_controls_are_named_in_the_pages_language(chrome_site, language, texts):
    html = open_page(chrome_site, language=language)
    assert f'lang="{language}"' in html
    for text in texts:
        assert text.replace("&#x27;", "'") in html.replace("&#x27;", "'"), text
    for english in ("Toggle navigation", 'aria-label="breadcrumb"', "Skip to content"):
        assert english not in html, english


def test_citizen_sees_no_toolbar_and_meine_anliegen_in_the_header(chrome_site):
    html = open_page(chrome_site, "anna-citizen")
    assert 'id="edit-bar"' not in html
    header = body_of(html).split('id="portal-header"')[-1].split('id="content"')[0]
    assert re.search(r'id="dg-my-requests"[^>]*href="[^"]*/@@meine-anliegen"', header) or re.search(
        r'href="[^"]*/@@meine-anliegen"[^>]*>Meine Anliegen<', header
    )
    assert "Abmelden" in html  # the member tools are in the header instead
    # who edited a page is for staff
    assert 'id="section-byline"' not in open_page(chrome_site, "anna-citizen", path="/info")


@pytest.mark.parametrize("user", ["beat-clerk", "laura-editor", "admin"])
def test_staff_keep_the_toolbar(chrome_site, user):
    html = open_page(chrome_site, user)
    assert 'id="edit-bar"' in html
    assert 'id="section-byline"' in open_page(chrome_site, user, path="/info")


def test_anonymous_sees_no_meine_anliegen_in_the_header(chrome_site):
    html = open_page(chrome_site)
    assert 'id="dg-my-requests"' not in html
    assert 'id="edit-bar"' not in html


def test_theme_bundle_is_loaded_after_the_theme_and_served(chrome_site):
    html = open_page(chrome_site)
    assert re.search(r'data-bundle="digitalgemeinde-theme"[^>]*portal\.css', html)
    assert re.search(r'data-bundle="digitalgemeinde-theme"[^>]*portal\.js', html) or re.search(
        r'src="[^"]*portal\.js"[^>]*data-bundle="digitalgemeinde-theme"', html
    )
    browser = browser_for(chrome_site.aq_parent)
    browser.open(f"{chrome_site.absolute_url()}/++resource++digitalgemeinde.theme/portal.css")
    assert ".dg-skiplink" in browser.contents
