"""What citizens and editors see on the pages of municipalities, cantons, offices and services."""

from decimal import Decimal

import lxml.html
import pytest
import transaction
from DateTime import DateTime
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
from plone.testing.zope import Browser

from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import add_residents_office
from tests.helpers import add_service
from tests.helpers import add_tax_office
from tests.helpers import add_tax_return


def html(text: str) -> RichTextValue:
    return RichTextValue(text, "text/html", "text/x-html-safe")


def publish(*objects):
    for obj in objects:
        api.content.transition(obj, "publish")


def add_canton_with_tax_return(portal):
    """Canton BL with its tax office and the tax return service that office answers for."""
    bl = add_canton(portal, email="info@bl.example.ch")
    tax_office = add_tax_office(bl, email="steuern@bl.example.ch")
    tax_return = add_tax_return(bl)
    api.relation.create(source=tax_return, target=tax_office, relationship="responsible_office")
    return bl, tax_office, tax_return


def add_liestal_with_offices(portal):
    """Liestal with its residents' office (with duties) and a building office."""
    liestal = add_municipality(
        portal,
        "liestal",
        population=15000,
        address="Rathausstrasse 36\n4410 Liestal",
        phone="+41 61 927 52 52",
        email="gemeinde@liestal.example.ch",
        website="https://www.liestal.ch",
        opening_hours="Mo-Fr 08.00-11.30",
    )
    residents = add_residents_office(
        liestal,
        phone="+41 61 927 52 00",
        duties=html("<p>Meldewesen und <strong>Hunde</strong></p>"),
    )
    building = api.content.create(
        liestal,
        "Office",
        id="bauverwaltung",
        title="Bauverwaltung",
        email="bau@liestal.example.ch",
    )
    return liestal, residents, building


def add_dog_service(liestal, residents, form, tax_return):
    """The service with every field filled, its office, its form and a related service."""
    dog = add_service(
        liestal,
        "hund-anmelden",
        "Hund anmelden",
        ["personal", "safety"],
        description="Melden Sie Ihren Hund an.",
        what_it_is=html("<p>Jeder Hund muss angemeldet werden.</p>"),
        requirements=html("<p>Der Hund ist gechippt.</p>"),
        documents=html("<p>Impfausweis</p>"),
        procedure=html("<p>Formular ausfüllen.</p>"),
        fees_text="<script>alert(1)</script>",
        fee_amount=Decimal("20"),
        processing_time="3 Arbeitstage",
        legal_basis=html("<p>Hundegesetz</p>"),
    )
    api.relation.create(source=dog, target=residents, relationship="responsible_office")
    api.relation.create(source=dog, target=form, relationship="online_form")
    api.relation.create(source=dog, target=tax_return, relationship="related_services")
    return dog


@pytest.fixture
def world(functional):
    """Canton BL with an office and a service; Liestal with two offices, a form, a news item,
    published services (one with every field filled) and a private one."""
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        bl, tax_office, tax_return = add_canton_with_tax_return(portal)

        liestal, residents, building = add_liestal_with_offices(portal)
        form = api.content.create(liestal, "EasyForm", id="hund-formular", title="Hundeformular")
        dog = add_dog_service(liestal, residents, form, tax_return)

        permit = add_service(
            liestal,
            "baugesuch",
            "Baugesuch einreichen",
            ["building"],
            ["private", "companies"],
            external_url="https://ebau.example.ch/gesuch",
        )
        api.relation.create(source=permit, target=building, relationship="responsible_office")
        # Named by a municipal service as responsible: a cantonal office serves many tenants.
        tax_deferral = add_service(
            liestal, "steuerstundung", "Steuerstundung beantragen", ["taxes"]
        )
        api.relation.create(
            source=tax_deferral, target=tax_office, relationship="responsible_office"
        )

        secret = add_service(liestal, "geheim", "Geheime Leistung", ["personal"])
        api.relation.create(source=secret, target=residents, relationship="responsible_office")

        news = api.content.create(liestal, "News Item", id="neu", title="Neues Portal online")
        publish(
            bl,
            tax_office,
            tax_return,
            liestal,
            residents,
            building,
            form,
            dog,
            permit,
            tax_deferral,
            news,
        )
    transaction.commit()
    return {
        "bl": bl,
        "tax-office": tax_office,
        "tax-return": tax_return,
        "liestal": liestal,
        "residents": residents,
        "building": building,
        "form": form,
        "dog": dog,
        "permit": permit,
        "tax-deferral": tax_deferral,
        "secret": secret,
        "news": news,
    }


def browse(app, url: str, user: str | None = None):
    browser = Browser(app)
    browser.handleErrors = False
    if user == "admin":
        browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(url)
    return lxml.html.fromstring(browser.contents)


def texts(page, xpath: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in page.xpath(xpath)]


def links(page, xpath: str) -> dict[str, str]:
    """{link text: href} of the links under ``xpath``."""
    return {" ".join(a.text_content().split()): a.get("href") for a in page.xpath(f"{xpath}//a")}


class TestServicePage:
    def test_anonymous_reads_the_sections_in_order(self, app, world):
        page = browse(app, world["dog"].absolute_url())
        assert texts(
            page, "//*[@id='content-core']//h2[not(contains(@class, 'visually-hidden'))]"
        ) == [
            "What is it?",
            "Requirements",
            "Documents needed",
            "Procedure",
            "Fees",
            "Processing time",
            "Legal basis",
            "Responsible office",
            "Related services",
        ]
        assert texts(page, "//header/p[contains(@class, 'lead')]") == ["Melden Sie Ihren Hund an."]
        assert texts(page, "//*[@id='service-what-it-is']/div") == [
            "Jeder Hund muss angemeldet werden."
        ]
        assert texts(page, "//*[@id='service-processing-time']/p") == ["3 Arbeitstage"]

    def test_apply_button_links_to_the_form(self, app, world):
        page = browse(app, world["dog"].absolute_url())
        button = page.xpath("//a[@id='service-apply']")
        assert len(button) == 1
        assert button[0].get("href") == world["form"].absolute_url()
        assert "btn-primary" in button[0].get("class")
        assert " ".join(button[0].text_content().split()) == "Apply online"

    def test_apply_button_links_to_external_service_marked_external(self, app, world):
        page = browse(app, world["permit"].absolute_url())
        (button,) = page.xpath("//a[@id='service-apply']")
        assert button.get("href") == "https://ebau.example.ch/gesuch"
        assert "external" in button.get("rel")
        assert texts(page, "//a[@id='service-apply']/span[@class='visually-hidden']") == [
            "(external site)"
        ]

    def test_no_apply_button_without_form_or_address(self, app, world):
        page = browse(app, world["tax-return"].absolute_url())
        assert page.xpath("//a[@id='service-apply']") == []

    def test_private_form_gives_no_button_to_anonymous(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(world["form"], "retract")
        transaction.commit()
        page = browse(app, world["dog"].absolute_url())
        assert page.xpath("//a[@id='service-apply']") == []

    def test_javascript_address_is_not_linked(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            world["permit"].external_url = "javascript:alert(1)"
        transaction.commit()
        page = browse(app, world["permit"].absolute_url())
        assert page.xpath("//a[@id='service-apply']") == []
        assert not page.xpath("//a[starts-with(@href, 'javascript:')]")

    def test_fees_show_amount_in_chf_and_text_escaped(self, app, world):
        browser = Browser(app)
        browser.handleErrors = False
        browser.open(world["dog"].absolute_url())
        assert "<script>alert(1)</script>" not in browser.contents
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in browser.contents
        page = lxml.html.fromstring(browser.contents)
        assert texts(
            page, "//*[@id='service-fees']//*[contains(@class, 'service-fee-amount')]"
        ) == ["CHF 20.00"]
        assert texts(page, "//*[@id='service-fees']//*[contains(@class, 'service-fees-text')]") == [
            "<script>alert(1)</script>"
        ]

    def test_script_in_rich_text_is_filtered(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            world["dog"].procedure = html("<p>Ablauf</p><script>alert(2)</script>")
        transaction.commit()
        browser = Browser(app)
        browser.handleErrors = False
        browser.open(world["dog"].absolute_url())
        assert "alert(2)" not in browser.contents

    def test_responsible_office_with_link_and_contact(self, app, world):
        page = browse(app, world["dog"].absolute_url())
        assert links(page, "//*[@id='service-office']") == {
            "Einwohnerdienste": world["residents"].absolute_url(),
            "+41 61 927 52 00": "tel:+41619275200",
            "ed@liestal.example.ch": "mailto:ed@liestal.example.ch",
        }

    def test_topics_audience_and_related_services(self, app, world):
        page = browse(app, world["dog"].absolute_url())
        assert texts(page, "//*[contains(@class, 'service-topics')]/span") == [
            "Persönliches und Wohnen",
            "Sicherheit",
        ]
        assert texts(page, "//*[contains(@class, 'service-audience')]/span") == ["Private persons"]
        assert links(page, "//*[@id='service-related']") == {
            "Steuererklärung einreichen": world["tax-return"].absolute_url()
        }

    def test_private_related_service_only_for_who_may_see_it(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(world["tax-return"], "retract")
        transaction.commit()
        page = browse(app, world["dog"].absolute_url())
        assert links(page, "//*[@id='service-related']") == {}
        assert links(page, "//*[@id='service-office']")  # the rest of the query still answers
        page = browse(app, world["dog"].absolute_url(), "admin")
        assert links(page, "//*[@id='service-related']") == {
            "Steuererklärung einreichen": world["tax-return"].absolute_url()
        }

    def test_expired_related_service_and_future_form_hidden_from_anonymous(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            world["tax-return"].expiration_date = DateTime() - 1
            world["tax-return"].reindexObject()
            world["form"].effective_date = DateTime() + 1
            world["form"].reindexObject()
        transaction.commit()
        page = browse(app, world["dog"].absolute_url())
        assert links(page, "//*[@id='service-related']") == {}
        assert page.xpath("//a[@id='service-apply']") == []
        assert links(page, "//*[@id='service-office']")
        page = browse(app, world["dog"].absolute_url(), "admin")  # may see inactive content
        assert list(links(page, "//*[@id='service-related']")) == ["Steuererklärung einreichen"]
        assert page.xpath("//a[@id='service-apply']")

    def test_empty_sections_are_left_out(self, app, world):
        page = browse(app, world["permit"].absolute_url())
        headings = texts(page, "//*[@id='content-core']//h2")
        for heading in ("What is it?", "Fees", "Legal basis", "Related services"):
            assert heading not in headings
        assert "Responsible office" in headings


class TestMunicipalityPage:
    def test_services_grouped_by_topic(self, app, world):
        page = browse(app, world["liestal"].absolute_url())
        assert texts(page, "//*[@id='tenant-services']//h3") == [
            "Persönliches und Wohnen",
            "Bauen",
            "Steuern",
            "Sicherheit",
        ]
        assert links(page, "//*[@id='topic-personal']") == {
            "Hund anmelden": world["dog"].absolute_url()
        }
        # A service with two topics is found under both.
        assert "Hund anmelden" in links(page, "//*[@id='topic-safety']")

    def test_private_service_is_not_listed_for_anonymous(self, app, world):
        page = browse(app, world["liestal"].absolute_url())
        assert "Geheime Leistung" not in page.text_content()
        assert (
            world["secret"].absolute_url() not in links(page, "//*[@id='tenant-services']").values()
        )

    def test_private_service_is_listed_for_the_site_owner(self, app, world):
        page = browse(app, world["liestal"].absolute_url(), user="admin")
        assert "Geheime Leistung" in links(page, "//*[@id='topic-personal']")

    def test_cantonal_services_are_marked(self, app, world):
        page = browse(app, world["liestal"].absolute_url())
        cantonal = page.xpath("//*[@id='topic-taxes']//li[contains(@class, 'service-cantonal')]")
        assert [item.xpath("string(a)") for item in cantonal] == ["Steuererklärung einreichen"]
        assert texts(page, "//li[contains(@class, 'service-cantonal')]/span") == ["Canton"]
        municipal = page.xpath(
            "//*[@id='topic-taxes']//li[not(contains(@class, 'service-cantonal'))]"
        )
        assert [item.xpath("string(a)") for item in municipal] == ["Steuerstundung beantragen"]

    def test_contact_numbers_offices_news_and_finder(self, app, world):
        page = browse(app, world["liestal"].absolute_url())
        contact = links(page, "//*[@id='tenant-contact']")
        assert contact == {
            "+41 61 927 52 52": "tel:+41619275252",
            "gemeinde@liestal.example.ch": "mailto:gemeinde@liestal.example.ch",
            "https://www.liestal.ch": "https://www.liestal.ch",
        }
        address = page.xpath("//*[contains(@class, 'contact-address')]/address")[0]
        assert [line.strip() for line in address.xpath("text()") if line.strip()] == [
            "Rathausstrasse 36",
            "4410 Liestal",
        ]
        assert len(address.xpath("br")) == 1
        assert texts(page, "//*[contains(@class, 'tenant-bfs-number')]") == ["2829"]
        assert links(page, "//*[@id='tenant-offices']") == {
            "Bauverwaltung": world["building"].absolute_url(),
            "Einwohnerdienste": world["residents"].absolute_url(),
        }
        assert links(page, "//*[@id='tenant-news']") == {
            "Neues Portal online": world["news"].absolute_url()
        }
        (finder,) = page.xpath("//a[contains(@class, 'tenant-service-finder')]")
        assert finder.get("href") == f"{world['liestal'].absolute_url()}/@@services"

    def test_logo_is_shown_as_image_scale(self, app, world):
        import base64

        from plone.namedfile.file import NamedBlobImage

        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
        with api.env.adopt_roles(["Manager"]):
            world["liestal"].logo = NamedBlobImage(png, filename="logo.png")
        transaction.commit()
        page = browse(app, world["liestal"].absolute_url())
        (logo,) = page.xpath("//img[contains(@class, 'tenant-logo')]")
        assert "/@@images/logo-" in logo.get("src")
        assert logo.get("alt") == "Logo of Liestal"


class TestCantonPage:
    def test_canton_lists_its_services_unmarked_and_its_number(self, app, world):
        page = browse(app, world["bl"].absolute_url())
        assert links(page, "//*[@id='tenant-services']") == {
            "Steuererklärung einreichen": world["tax-return"].absolute_url()
        }
        assert page.xpath("//li[contains(@class, 'service-cantonal')]") == []
        assert texts(page, "//*[contains(@class, 'tenant-canton-number')]") == ["13"]
        assert page.xpath("//a[contains(@class, 'tenant-service-finder')]") == []
        assert links(page, "//*[@id='tenant-offices']") == {
            "Steuerverwaltung": world["tax-office"].absolute_url()
        }


class TestOfficePage:
    def test_lists_exactly_the_services_it_is_responsible_for(self, app, world):
        page = browse(app, world["residents"].absolute_url())
        assert links(page, "//*[@id='office-services']") == {
            "Hund anmelden": world["dog"].absolute_url()
        }

    def test_site_owner_also_sees_private_services(self, app, world):
        page = browse(app, world["residents"].absolute_url(), user="admin")
        assert set(links(page, "//*[@id='office-services']")) == {
            "Hund anmelden",
            "Geheime Leistung",
        }

    def test_cantonal_office_names_the_municipality_of_a_service(self, app, world):
        page = browse(app, world["tax-office"].absolute_url())
        assert set(links(page, "//*[@id='office-services']")) == {
            "Steuererklärung einreichen",
            "Steuerstundung beantragen",
        }
        assert texts(page, "//*[@id='office-services']//*[contains(@class, 'service-tenant')]") == [
            "Liestal"
        ]

    def test_expired_service_is_not_listed_for_anonymous(self, app, world):
        from DateTime import DateTime

        with api.env.adopt_roles(["Manager"]):
            world["dog"].setExpirationDate(DateTime() - 1)
            world["dog"].reindexObject()
        transaction.commit()
        page = browse(app, world["residents"].absolute_url())
        assert page.xpath("//*[@id='office-services']") == []

    def test_office_without_services_has_no_list(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.relation.delete(source=world["permit"], relationship="responsible_office")
        transaction.commit()
        page = browse(app, world["building"].absolute_url())
        assert page.xpath("//*[@id='office-services']") == []

    def test_duties_and_contact(self, app, world):
        page = browse(app, world["residents"].absolute_url())
        assert page.xpath("//*[@id='office-duties']//strong/text()") == ["Hunde"]
        assert links(page, "//*[@id='office-contact']") == {
            "+41 61 927 52 00": "tel:+41619275200",
            "ed@liestal.example.ch": "mailto:ed@liestal.example.ch",
        }
