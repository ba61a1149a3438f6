"""The portal's home (@@portal-home, the site root's default view): the portal's name, a search
for services, the most used services, life situations, the municipalities and the news, as an
anonymous citizen sees them, in German and in French; and whose page a citizen is on."""

import re

import pytest
import transaction
from plone import api

from digitalgemeinde.portal.popular import most_used_services
from digitalgemeinde.portal.popular import most_used_services_of_request
from digitalgemeinde.setuphandlers import PORTAL_HOME
from digitalgemeinde.setuphandlers import set_portal_home
from digitalgemeinde.setuphandlers import unset_portal_home
from digitalgemeinde.sitesetup import configure_languages
from tests.citizens import build_site
from tests.citizens import create
from tests.citizens import create_service
from tests.helpers import add_residents_office
from tests.helpers import browser_for

LINK = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def section(html: str, section_id: str) -> str:
    """The HTML of the home's section ``section_id`` (empty when it is not shown)."""
    start = html.find(f'id="{section_id}"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", start)]


def links(html: str) -> list[tuple[str, str]]:
    """``(href, text)`` of each link, the text without tags and extra spaces."""
    return [
        (href.replace("&amp;", "&"), " ".join(re.sub(r"<[^>]+>", " ", text).split()))
        for href, text in LINK.findall(html)
    ]


SITUATION = re.compile(
    r'<li class="life-situation col">\s*<a[^>]*href="([^"]*)"[^>]*>([^<]*)</a>\s*'
    r"<span[^>]*>([^<]*)</span>"
)


def situations(html: str) -> list[tuple[str, str, str]]:
    """``(finder address, title, number of services)`` of each life situation on the home."""
    return [
        (url.replace("&amp;", "&"), title.strip(), count.strip())
        for url, title, count in SITUATION.findall(section(html, "portal-home-life-situations"))
    ]


def add_requests(office, service, count: int) -> None:
    """``count`` requests for ``service`` in ``office``, as delivery files them."""
    with api.env.adopt_roles(["Manager"]):
        for number in range(count):
            request = api.content.create(
                office, "Submission", id=f"{service.getId()}-{number}", title="Anfrage"
            )
            request.fill_in(service_uid=service.UID(), service_title=service.Title())
            request.reindexObject()


def add_form(tenant, service):
    """A published online form, linked from ``service``."""
    form = create(tenant, "EasyForm", f"{service.getId()}-formular", title=service.Title())
    with api.env.adopt_roles(["Manager"]):
        api.relation.create(source=service, target=form, relationship="online_form")
    return form


@pytest.fixture
def home_site(functional_portal):
    """The citizens' site (tests.citizens.build_site), German and French, with news of the
    canton (one published, one private) and of Liestal; committed."""
    configure_languages("de")
    content = build_site(functional_portal)
    create(content["bl"], "News Item", "steuern-2026", title="Neue Steuertarife 2026")
    create(content["bl"], "News Item", "entwurf", title="Geheime Mitteilung", publish=False)
    create(content["liestal"], "News Item", "markt", title="Markt in Liestal")
    content["office"] = add_residents_office(content["liestal"])
    transaction.commit()
    return content


def open_home(portal, language="de", user=None) -> str:
    browser = browser_for(portal.aq_parent, user)
    browser.addHeader("Accept-Language", language)
    browser.open(portal.absolute_url())
    assert browser.headers["status"].startswith("200"), browser.headers["status"]
    return browser.contents


class TestTheHomeIsTheSitesDefaultView:
    def test_install_makes_the_home_the_site_roots_view(self, portal):
        assert portal.getLayout() == PORTAL_HOME

    def test_the_upgrade_function_sets_it_and_uninstall_gives_plone_its_view_back(self, portal):
        unset_portal_home(portal)
        assert portal.getLayout() == "listing_view"
        set_portal_home(portal)
        assert portal.getLayout() == PORTAL_HOME

    def test_the_portal_name_is_the_one_heading_of_the_first_level(self, home_site):
        api.portal.set_registry_record("plone.site_title", "Einwohnerportal Basel-Landschaft")
        transaction.commit()
        html = open_home(api.portal.get())
        assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S) == [
            "Einwohnerportal Basel-Landschaft"
        ]
        headings = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert all(b - a <= 1 for a, b in zip(headings, headings[1:])), headings


class TestSearch:
    def test_the_search_form_sends_the_words_to_the_finder(self, home_site):
        portal = api.portal.get()
        html = section(open_home(portal), "portal-home-search")
        form = re.search(r"<form\b[^>]*>", html).group(0)
        assert f'action="{portal.absolute_url()}/@@services"' in form
        assert 'method="get"' in form and 'role="search"' in form
        assert '<label class="form-label" for="portal-home-search-text">Was suchen Sie?' in html
        assert re.search(r'<input[^>]*id="portal-home-search-text"[^>]*name="q"', html)

    def test_searching_from_the_home_lists_the_services_found(self, home_site):
        browser = browser_for(api.portal.get().aq_parent)
        browser.open(api.portal.get().absolute_url())
        browser.getControl(name="q", index=0).value = "Baugesuch"
        browser.getForm(action="@@services").submit()
        assert "@@services" in browser.url
        assert "Bewilligung für Bauten und Umbauten." in browser.contents


class TestLifeSituations:
    def test_each_topic_with_services_links_to_the_finder_filtered_by_it(self, home_site):
        portal = api.portal.get()
        found = links(section(open_home(portal), "portal-home-life-situations"))
        finder = f"{portal.absolute_url()}/@@services"
        assert (f"{finder}?topic=building", "Bauen") in found
        assert (f"{finder}?topic=taxes", "Steuern") in found
        assert (f"{finder}?topic=personal", "Persönliches und Wohnen") in found

    def test_topics_without_a_visible_service_are_left_out(self, home_site):
        create_service(home_site["liestal"], "laerm", "Lärmklage", ("environment",), publish=False)
        transaction.commit()
        html = section(open_home(api.portal.get()), "portal-home-life-situations")
        assert "topic=environment" not in html
        assert "Umwelt" not in html
        assert "topic=safety" not in html  # no service at all

    def test_a_life_situation_added_in_the_control_panel_appears_with_its_services(self, home_site):
        topics = api.portal.get_registry_record("digitalgemeinde.topics")
        api.portal.set_registry_record(
            "digitalgemeinde.topics", ["moving|Umzug|Déménagement", *topics]
        )
        create_service(home_site["liestal"], "umzug", "Umzug melden", ("moving", "personal"))
        create_service(home_site["allschwil"], "umzug", "Umzug melden", ("moving",))
        transaction.commit()
        found = situations(open_home(api.portal.get()))
        finder = f"{api.portal.get().absolute_url()}/@@services"
        assert found[0] == (f"{finder}?topic=moving", "Umzug", "2 Dienstleistungen")

    def test_the_count_says_how_many_services_the_citizen_finds(self, home_site):
        found = {title: count for _url, title, count in situations(open_home(api.portal.get()))}
        # Baugesuch (Liestal), Wasseranschluss (Reinach); Gewerbebewilligung (Liestal)
        assert found["Bauen"] == "2 Dienstleistungen"
        assert found["Arbeit und Wirtschaft"] == "1 Dienstleistung"
        # Niederlassung; not the private "Geheimer Entwurf"
        assert found["Persönliches und Wohnen"] == "1 Dienstleistung"


class TestMunicipalities:
    def test_the_municipalities_are_listed_with_links_to_their_pages(self, home_site):
        html = section(open_home(api.portal.get()), "portal-home-municipalities")
        found = links(html)
        for tenant_id in ("allschwil", "liestal", "reinach"):
            tenant = home_site[tenant_id]
            assert (tenant.absolute_url(), tenant.Title()) in found

    def test_the_chooser_form_finds_a_municipality_by_name_or_postal_code(self, home_site):
        portal = api.portal.get()
        html = section(open_home(portal), "portal-home-municipalities")
        assert f'action="{portal.absolute_url()}/@@meine-gemeinde"' in html
        assert 'for="portal-home-municipality">Gemeinde oder Postleitzahl' in html
        browser = browser_for(portal.aq_parent)
        browser.open(portal.absolute_url())
        browser.getControl(name="q", index=1).value = "4410"
        browser.getForm(action="@@meine-gemeinde").submit()
        assert browser.url == home_site["liestal"].absolute_url()

    def test_an_unpublished_municipality_is_not_listed(self, home_site):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(home_site["reinach"], "retract")
        transaction.commit()
        html = section(open_home(api.portal.get()), "portal-home-municipalities")
        assert "Reinach" not in html


class TestNews:
    def test_published_news_of_the_canton_are_shown_not_private_nor_municipal_ones(self, home_site):
        html = section(open_home(api.portal.get()), "portal-home-news")
        assert "Neue Steuertarife 2026" in html
        assert home_site["bl"]["steuern-2026"].absolute_url() in html
        assert "Geheime Mitteilung" not in html
        assert "Markt in Liestal" not in html  # on Liestal's own page
        assert re.search(r'<time [^>]*datetime="\d{4}-\d\d-\d\dT', html)

    def test_an_editor_of_the_site_sees_the_private_news_too(self, home_site):
        from tests.helpers import create_user

        create_user("site-editor")
        api.user.grant_roles(username="site-editor", roles=["Editor"])
        transaction.commit()
        html = section(open_home(api.portal.get(), user="site-editor"), "portal-home-news")
        assert "Geheime Mitteilung" in html


class TestMostUsed:
    def test_services_are_ordered_by_their_number_of_requests(self, home_site):
        liestal, office = home_site["liestal"], home_site["office"]
        add_requests(office, liestal["gewerbebewilligung"], 2)
        add_requests(office, liestal["baugesuch"], 3)
        add_requests(office, liestal["niederlassung"], 1)
        transaction.commit()
        html = section(open_home(api.portal.get()), "portal-home-most-used")
        assert links(html) == [
            (liestal["baugesuch"].absolute_url(), "Baugesuch (Liestal)"),
            (liestal["gewerbebewilligung"].absolute_url(), "Gewerbebewilligung (Liestal)"),
            (liestal["niederlassung"].absolute_url(), "Niederlassung (Liestal)"),
        ]

    def test_an_unpublished_service_is_not_shown_however_often_it_is_requested(self, home_site):
        liestal, office = home_site["liestal"], home_site["office"]
        add_requests(office, liestal["entwurf"], 5)
        add_requests(office, liestal["baugesuch"], 1)
        transaction.commit()
        html = section(open_home(api.portal.get()), "portal-home-most-used")
        assert "Geheimer Entwurf" not in html
        assert [text for _href, text in links(html)] == ["Baugesuch (Liestal)"]
        # its editor sees it, first
        with api.env.adopt_roles(["Manager"]):
            assert [brain.getId for brain, _count in most_used_services(3)] == [
                "entwurf",
                "baugesuch",
            ]

    def test_without_requests_the_services_with_an_online_form_are_shown(self, home_site):
        add_form(home_site["allschwil"], home_site["allschwil"]["parkkarte"])
        transaction.commit()
        html = section(open_home(api.portal.get()), "portal-home-most-used")
        assert links(html) == [
            (home_site["allschwil"]["parkkarte"].absolute_url(), "Parkkarte Allschwil (Allschwil)")
        ]

    def test_without_requests_nor_forms_the_section_is_left_out(self, home_site):
        html = open_home(api.portal.get())
        assert 'id="portal-home-most-used"' not in html

    def test_they_are_computed_once_per_request(self, site, portal):
        first = most_used_services_of_request(portal.REQUEST, 6)
        assert most_used_services_of_request(portal.REQUEST, 6) is first


class TestFrench:
    def test_the_home_speaks_french(self, home_site):
        add_requests(home_site["office"], home_site["liestal"]["baugesuch"], 1)
        transaction.commit()
        html = open_home(api.portal.get(), language="fr")
        assert 'lang="fr"' in html
        for text in (
            "Que cherchez-vous ?",
            "Prestations les plus utilisées",
            "Situations de vie",
            "Construction",  # the topic's French title
            "Communes du portail",
            "Commune ou numéro postal",
            "prestations",
        ):
            assert text in html, text
        for german in ("Was suchen Sie?", "Lebenslagen", "Häufig genutzte", "Dienstleistungen"):
            assert german not in html, german


class TestIdentity:
    def test_a_service_page_of_liestal_names_the_municipality(self, home_site):
        browser = browser_for(api.portal.get().aq_parent)
        browser.open(home_site["liestal"]["baugesuch"].absolute_url())
        block = browser.contents[browser.contents.index('id="tenant-identity"') :]
        assert (home_site["liestal"].absolute_url(), "Gemeinde Liestal") == links(block)[0]

    def test_a_page_of_the_canton_names_the_canton_in_french_too(self, home_site):
        browser = browser_for(api.portal.get().aq_parent)
        browser.addHeader("Accept-Language", "fr")
        browser.open(home_site["bl"]["hundesteuer"].absolute_url())
        block = browser.contents[browser.contents.index('id="tenant-identity"') :]
        assert links(block)[0] == (home_site["bl"].absolute_url(), "Canton : Basel-Landschaft")

    def test_the_site_root_has_no_tenant_identity(self, home_site):
        assert 'id="tenant-identity"' not in open_home(api.portal.get())


class TestTheDemosHome:
    """The home of the demo site, as `make start` builds it (one demo site for the class)."""

    def test_the_demo_shows_its_life_situations_services_municipalities_and_news(
        self, demo_functional
    ):
        portal = demo_functional["portal"]
        html = open_home(portal)
        titles = [title for _url, title, _count in situations(html)]
        assert titles[:2] == ["Umzug", "Geburt"]
        assert {"Hund", "Bauen", "Steuern", "Arbeit und Wirtschaft"} <= set(titles)
        assert "Heirat" not in titles  # no demo service for it yet
        municipalities = links(section(html, "portal-home-municipalities"))
        assert {"Liestal", "Allschwil", "Reinach"} <= {text for _href, text in municipalities}
        # Liestal's demo requests: its services with requests come first
        most_used = links(section(html, "portal-home-most-used"))
        assert len(most_used) == 6
        assert most_used[0][0].startswith(portal["liestal"].absolute_url())
        assert links(section(html, "portal-home-news"))  # the association's news

    def test_the_demo_tenants_have_their_coat_of_arms(self, demo_functional):
        portal = demo_functional["portal"]
        for tenant_id in ("bl", "liestal", "allschwil", "reinach"):
            assert portal[tenant_id].coat_of_arms.contentType == "image/png", tenant_id
        browser = browser_for(portal.aq_parent)
        browser.open(portal["liestal"]["hund-anmelden"].absolute_url())
        assert 'class="tenant-identity-arms"' in browser.contents
