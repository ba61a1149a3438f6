"""Bad input is refused with a message naming the field, in forms and over REST; nothing is kept."""

import pytest
import transaction
from plone import api
from plone.uuid.interfaces import IUUID
from zope.i18n import translate
from zope.schema.interfaces import ConstraintNotSatisfied

from digitalgemeinde.content_types.municipality import IMunicipalitySchema
from digitalgemeinde.content_types.service import IServiceSchema
from digitalgemeinde.content_types.validation import DuplicateBFSNumber
from digitalgemeinde.content_types.validation import InvalidPostalCode
from digitalgemeinde.content_types.validation import UnknownTopic
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.helpers import build_world


class TestFields:
    @pytest.fixture
    def world(self, integration):
        return build_world(integration["portal"], publish=False, commit=False)

    def test_duplicate_bfs_number_is_refused_for_another_municipality(self, world, portal):
        field = IMunicipalitySchema["bfs_number"].bind(world["allschwil"])
        with pytest.raises(DuplicateBFSNumber) as error:
            field.validate(2829)
        assert "2829" in translate(error.value.doc(), target_language="de")

    def test_own_bfs_number_is_accepted_when_editing(self, world):
        IMunicipalitySchema["bfs_number"].bind(world["liestal"]).validate(2829)

    @pytest.mark.parametrize("code", ["441", "44100", "0410", "44a0", ""])
    def test_malformed_postal_code_is_refused(self, world, code):
        field = IMunicipalitySchema["postal_codes"].bind(world["liestal"])
        with pytest.raises(InvalidPostalCode):
            field.validate(["4410", code])

    def test_office_of_own_tenant_or_canton_is_accepted(self, world):
        field = IServiceSchema["responsible_office"].bind(world["liestal-service"])
        field.validate(world["liestal-office"])
        field.validate(world["bl-office"])

    def test_office_of_another_tenant_is_refused(self, world):
        field = IServiceSchema["responsible_office"].bind(world["liestal-service"])
        with pytest.raises(ConstraintNotSatisfied):
            field.validate(world["allschwil-office"])

    def test_office_choices_are_own_offices_and_the_cantons(self, world):
        field = IServiceSchema["responsible_office"].bind(world["liestal-service"])
        titles = [term.title for term in field.vocabulary]
        assert titles == ["Einwohnerdienste", "Steuerverwaltung (Basel-Landschaft)"]

    def test_cantonal_service_may_not_name_a_municipal_office(self, world):
        field = IServiceSchema["responsible_office"].bind(world["bl-service"])
        field.validate(world["bl-office"])
        with pytest.raises(ConstraintNotSatisfied):
            field.validate(world["liestal-office"])

    def test_online_form_of_another_tenant_is_refused(self, world):
        with api.env.adopt_roles(["Manager"]):
            own = api.content.create(world["liestal"], "EasyForm", id="form", title="Formular")
            other = api.content.create(world["allschwil"], "EasyForm", id="form", title="F")
        field = IServiceSchema["online_form"].bind(world["liestal-service"])
        field.validate(own)
        with pytest.raises(ConstraintNotSatisfied):
            field.validate(other)

    def test_unknown_topic_is_named(self, world):
        field = IServiceSchema["topics"].bind(world["liestal-service"])
        field.validate(["personal", "building"])
        with pytest.raises(UnknownTopic) as error:
            field.validate(["personal", "astrology"])
        assert error.value.args == ("astrology",)


def errors_of(body) -> str:
    """plone.restapi's 400 body, as text that names the fields and problems."""
    return str(body)


class TestRest:
    @pytest.fixture
    def admin(self, functional):
        return RestClient(functional["app"], "admin")

    def test_duplicate_bfs_number(self, world, admin):
        portal = api.portal.get()
        status, body = admin.post(
            portal.absolute_url(),
            {
                "@type": "Municipality",
                "id": "doppelt",
                "title": "Doppelt",
                "bfs_number": 2829,
                "canton": "BL",
                "postal_codes": ["4410"],
            },
        )
        assert status == 400
        assert "bfs_number" in errors_of(body)
        assert "2829" in errors_of(body)
        transaction.begin()
        assert "doppelt" not in portal
        assert api.group.get(groupname="doppelt-editors") is None

    def test_malformed_postal_code_keeps_the_stored_codes(self, world, admin):
        status, body = admin.patch(world["liestal"].absolute_url(), {"postal_codes": ["44100"]})
        assert status == 400
        assert "postal_codes" in errors_of(body)
        assert "44100" in errors_of(body)
        transaction.begin()
        assert world["liestal"].postal_codes == ["4410"]

    def test_office_of_another_tenant(self, world, functional):
        service = world["liestal-service"]
        editor = RestClient(functional["app"], "liestal-editor")
        status, body = editor.patch(
            service.absolute_url(), {"responsible_office": IUUID(world["allschwil-office"])}
        )
        assert status == 400
        assert "responsible_office" in errors_of(body)
        transaction.begin()
        assert service.responsible_office is None
        status, _ = editor.patch(
            service.absolute_url(), {"responsible_office": IUUID(world["liestal-office"])}
        )
        assert status == 204
        transaction.begin()
        assert service.responsible_office.to_object == world["liestal-office"]

    def test_unknown_topic_creates_nothing(self, world, functional):
        tenant = world["liestal"]
        status, body = RestClient(functional["app"], "liestal-editor").post(
            tenant.absolute_url(),
            {"@type": "Service", "id": "horoskop", "title": "Horoskop", "topics": ["astrology"]},
        )
        assert status == 400
        assert "topics" in errors_of(body)
        transaction.begin()
        assert "horoskop" not in tenant

    def test_form_and_external_url_together_are_refused(self, world, functional):
        with api.env.adopt_roles(["Manager"]):
            form = api.content.create(world["liestal"], "EasyForm", id="form", title="Formular")
        transaction.commit()
        status, body = RestClient(functional["app"], "liestal-editor").patch(
            world["liestal-service"].absolute_url(),
            {"online_form": IUUID(form), "external_url": "https://www.eumzug.swiss"},
        )
        assert status == 400
        assert "either an online form or an external address" in errors_of(body)


class TestForms:
    def test_add_form_shows_the_duplicate_bfs_number(self, world, functional):
        browser = browser_for(functional["app"], "admin")
        browser.open(f"{api.portal.get().absolute_url()}/++add++Municipality")
        browser.getControl(name="form.widgets.IBasic.title").value = "Doppelt"
        browser.getControl(name="form.widgets.bfs_number").value = "2829"
        browser.getControl(name="form.widgets.canton:list").value = ["BL"]
        browser.getControl(name="form.widgets.postal_codes").value = "4410"
        browser.getControl(name="form.buttons.save").click()
        assert "already used by another municipality" in browser.contents
        assert "2829" in browser.contents
        transaction.begin()
        assert "doppelt" not in api.portal.get()

    def test_add_form_names_the_bad_postal_code(self, world, functional):
        browser = browser_for(functional["app"], "admin")
        browser.open(f"{api.portal.get().absolute_url()}/++add++Municipality")
        browser.getControl(name="form.widgets.IBasic.title").value = "Neu"
        browser.getControl(name="form.widgets.bfs_number").value = "2999"
        browser.getControl(name="form.widgets.canton:list").value = ["BL"]
        browser.getControl(name="form.widgets.postal_codes").value = "4410\n44x"
        browser.getControl(name="form.buttons.save").click()
        assert "&#x27;44x&#x27; is not a Swiss postal code" in browser.contents or (
            "'44x' is not a Swiss postal code" in browser.contents
        )
        transaction.begin()
        assert "neu" not in api.portal.get()

    def test_edit_form_offers_only_offices_of_the_tenant_and_canton(self, world, functional):
        browser = browser_for(functional["app"], "liestal-editor")
        browser.open(f"{world['liestal-service'].absolute_url()}/edit")
        control = browser.getControl(name="form.widgets.responsible_office:list")
        offered = set(control.options) - {"--NOVALUE--", ""}
        assert offered == {IUUID(world["liestal-office"]), IUUID(world["bl-office"])}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.ch/a"])
def test_only_web_addresses_are_linkable(url):
    from digitalgemeinde.content_types.validation import UnsafeURL

    with pytest.raises(UnsafeURL):
        IServiceSchema["external_url"].validate(url)
    with pytest.raises(UnsafeURL):
        IMunicipalitySchema["website"].validate(url)
    IServiceSchema["external_url"].validate("https://www.eumzug.swiss")


def test_malformed_ech0070_id_is_a_400_naming_the_field(functional):
    world = build_world(functional["portal"])
    service = world["liestal-service"]
    status, body = RestClient(functional["app"], "liestal-editor").patch(
        service.absolute_url(), {"ech0070_id": "abc"}
    )
    assert status == 400
    assert "ech0070_id" in errors_of(body)
    transaction.begin()
    assert service.ech0070_id is None
