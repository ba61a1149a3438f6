"""The demo profile: canton Basel-Landschaft with Liestal, Allschwil and Reinach, their offices,
services, news and one demo user per role."""

import re

from plone import api
from plone.app.testing import applyProfile
from plone.app.testing import logout
from z3c.relationfield.interfaces import IRelationChoice
from z3c.relationfield.interfaces import IRelationList
from zope.interface import Invalid
from zope.schema import getFieldsInOrder

from digitalgemeinde.content_types.canton import ICantonSchema
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.content_types.municipality import IMunicipalitySchema
from digitalgemeinde.content_types.office import IOfficeSchema
from digitalgemeinde.content_types.service import IServiceSchema
from digitalgemeinde.demo.setup import create_demo_content

MUNICIPALITIES = {
    "liestal": (2829, ["4410"]),
    "allschwil": (2762, ["4123"]),
    "reinach": (2773, ["4153"]),
}
MUNICIPAL_OFFICES = {"einwohnerdienste", "bauverwaltung", "sozialdienst"}
CANTON_OFFICES = {"steuerverwaltung", "strassenverkehrsamt"}

# login, password, groups: the table of docs/demo-users.md.
DEMO_USERS = [
    ("liestal-editor", "Demo-liestal-editor", {"liestal-editors"}),
    ("liestal-reviewer", "Demo-liestal-reviewer", {"liestal-reviewers"}),
    ("liestal-admin", "Demo-liestal-admin", {"liestal-admins"}),
    ("liestal-clerk", "Demo-liestal-clerk", {"liestal-einwohnerdienste-staff"}),
    ("allschwil-editor", "Demo-allschwil-editor", {"allschwil-editors"}),
    ("reinach-editor", "Demo-reinach-editor", {"reinach-editors"}),
    ("bl-editor", "Demo-bl-editor", {"bl-editors"}),
    ("verband-editor", "Demo-verband-editor", {"association-editors"}),
    ("verband-innovator", "Demo-verband-innovator", {"public-innovators"}),
    ("buerger", "Demo-buerger", set()),
]
TEXT_FIELDS = ("what_it_is", "procedure", "fee_amount", "legal_basis")
SCHEMAS = {
    "Canton": ICantonSchema,
    "Municipality": IMunicipalitySchema,
    "Office": IOfficeSchema,
    "Service": IServiceSchema,
}


def services_in(tenant) -> list:
    return [obj for obj in tenant.objectValues() if obj.portal_type == "Service"]


def group_ids_of(username: str) -> set[str]:
    groups = api.group.get_groups(username=username)
    return {group.getId() for group in groups} - {"AuthenticatedUsers"}


def snapshot(portal) -> dict:
    """What a second run must not change: every object, user, group and membership."""
    catalog = api.portal.get_tool("portal_catalog")
    return {
        "paths": sorted(brain.getPath() for brain in catalog.unrestrictedSearchResults()),
        "users": sorted(user.getId() for user in api.user.get_users()),
        "groups": sorted(
            (group.getId(), tuple(sorted(group.getGroupMemberIds())))
            for group in api.group.get_groups()
        ),
    }


def validation_errors(schema, obj) -> list[tuple[str, str]]:
    """Validate each field bound to ``obj`` as the edit form and plone.restapi do.

    Relation fields store RelationValues but validate the object they point to (their data
    manager converts), so the target is validated.
    """
    errors = []
    for name, field in getFieldsInOrder(schema):
        bound = field.bind(obj)
        value = getattr(obj, name, None)
        if IRelationChoice.providedBy(field) and value is not None:
            value = value.to_object
        elif IRelationList.providedBy(field):
            value = [relation.to_object for relation in value or []]
        try:
            bound.validate(value)
        except Invalid as error:
            errors.append((name, repr(error)))
    try:
        schema.validateInvariants(obj)
    except Invalid as error:
        errors.append(("invariant", repr(error)))
    return errors


class TestDemoSite:
    """One demo site for the whole class (see tests/conftest.py)."""

    def test_canton_basel_landschaft_has_its_offices_and_services(self, demo):
        canton = demo["bl"]
        assert canton.portal_type == "Canton"
        assert (canton.title, canton.abbreviation, canton.canton_number) == (
            "Basel-Landschaft",
            "BL",
            13,
        )
        assert "Rathausstrasse 2" in canton.address
        assert canton.website == "https://www.bl.ch"
        offices = {obj.getId() for obj in canton.objectValues() if obj.portal_type == "Office"}
        assert offices == CANTON_OFFICES
        services = services_in(canton)
        assert len(services) >= 3
        for service in services:
            office = service.responsible_office.to_object
            assert office.getId() in CANTON_OFFICES
            assert office.aq_parent.getId() == "bl"

    def test_municipalities_have_bfs_number_canton_and_contact(self, demo):
        catalog = api.portal.get_tool("portal_catalog")
        for municipality_id, (bfs_number, postal_codes) in MUNICIPALITIES.items():
            municipality = demo[municipality_id]
            assert municipality.portal_type == "Municipality"
            assert municipality.bfs_number == bfs_number
            assert municipality.postal_codes == postal_codes
            assert municipality.canton == "BL"
            assert municipality.population > 10000
            assert municipality.address and municipality.phone and municipality.email
            assert municipality.website.startswith("https://")
            assert municipality.opening_hours
            found = catalog.unrestrictedSearchResults(
                portal_type="Municipality", bfs_number=bfs_number
            )
            assert [brain.getId for brain in found] == [municipality_id]

    def test_municipalities_have_three_published_offices_with_staff_groups(self, demo):
        for municipality_id in MUNICIPALITIES:
            municipality = demo[municipality_id]
            offices = [obj for obj in municipality.objectValues() if obj.portal_type == "Office"]
            assert {office.getId() for office in offices} == MUNICIPAL_OFFICES
            for office in offices:
                where = office.absolute_url()
                assert api.content.get_state(office) == "published", where
                assert office.email.endswith(f"@{municipality_id}.example.ch"), where
                assert office.phone and office.opening_hours and office.duties.output, where
                staff = f"{municipality_id}-{office.getId()}-staff"
                assert api.group.get(groupname=staff) is not None, staff

    def test_residents_offices_have_answer_templates_for_each_step(self, demo):
        from digitalgemeinde.content_types.answer_templates import check_templates
        from digitalgemeinde.content_types.answer_templates import parse

        for municipality_id in MUNICIPALITIES:
            office = demo[municipality_id]["einwohnerdienste"]
            assert check_templates(office.answer_templates)
            templates = parse(office.answer_templates)
            assert {t.kind for t in templates} == {"ask", "message", "complete", "reject"}
            assert "{reference}" in office.answer_templates  # a placeholder, left for the clerk
            assert demo[municipality_id].title in office.answer_templates

    def test_municipalities_have_ten_published_services_of_their_own_offices(self, demo):
        for municipality_id in MUNICIPALITIES:
            services = services_in(demo[municipality_id])
            assert len(services) >= 10, municipality_id
            for service in services:
                where = service.absolute_url()
                assert api.content.get_state(service) == "published", where
                office = service.responsible_office.to_object
                assert office.portal_type == "Office", where
                assert office.aq_parent.getId() == municipality_id, where
                assert service.topics and service.audience, where
                # Services adopted from the association's catalog (tests/demo/
                # test_demo_association.py) show the texts of their standard's release.
                text = {name: effective(service, name) for name in TEXT_FIELDS}
                assert text["what_it_is"].output and text["procedure"].output, where
                assert text["fee_amount"] is not None and text["legal_basis"].output, where

    def test_services_are_spread_over_topics_and_audiences(self, demo):
        services = services_in(demo["liestal"])
        topics = {topic for service in services for topic in service.topics}
        audiences = {audience for service in services for audience in service.audience}
        assert {"personal", "family", "building", "social", "mobility", "environment"} <= topics
        assert audiences == {"private", "companies"}
        external = {service.getId(): service.external_url for service in services}
        assert external["unternehmen-gruenden"] == "https://www.easygov.swiss"
        # Umzug has the online form now (tests/demo/test_demo_forms.py); a service has one or
        # the other.
        assert not external["umzug-melden"]

    def test_relation_catalog_knows_the_responsible_offices(self, demo):
        office = demo["liestal"]["einwohnerdienste"]
        relations = api.relation.get(target=office, relationship="responsible_office")
        sources = {relation.from_object.getId() for relation in relations}
        assert {"wohnsitzbestaetigung", "umzug-melden", "hund-anmelden"} <= sources
        assert all(relation.from_object.aq_parent.getId() == "liestal" for relation in relations)

    def test_fees_differ_per_municipality_where_the_data_says_so(self, demo):
        fees = {mid: demo[mid]["hund-anmelden"].fee_amount for mid in MUNICIPALITIES}
        assert len(set(fees.values())) == 3
        service = demo["liestal"]["hund-anmelden"]
        assert f"CHF {service.fee_amount}" in service.fees_text
        assert "Liestal" in service.what_it_is.output

    def test_municipalities_have_published_news(self, demo):
        for municipality_id in MUNICIPALITIES:
            municipality = demo[municipality_id]
            news = [obj for obj in municipality.objectValues() if obj.portal_type == "News Item"]
            assert "Neue Öffnungszeiten der Einwohnerdienste" in {item.title for item in news}
            item = municipality["neue-oeffnungszeiten-einwohnerdienste"]
            assert municipality["einwohnerdienste"].opening_hours in item.text.output
            for item in news:
                # News Items have no workflow where the site has no default chain (tests).
                assert api.content.get_state(item, default="published") == "published"

    def test_anonymous_finds_the_services(self, demo):
        logout()
        reinach = "/".join(demo["reinach"].getPhysicalPath())
        brains = api.content.find(portal_type="Service", path=reinach)
        assert len(brains) >= 10

    def test_tenant_groups_exist(self, demo):
        for tenant_id in ["bl", *MUNICIPALITIES]:
            for suffix in ("editors", "reviewers", "admins"):
                assert api.group.get(groupname=f"{tenant_id}-{suffix}") is not None

    def test_demo_users_are_in_their_groups_and_can_log_in(self, demo):
        for login, password, groups in DEMO_USERS:
            user = api.user.get(username=login)
            assert user is not None, login
            assert user.getProperty("fullname"), login
            assert user.getProperty("email") == f"{login}@example.ch"
            assert group_ids_of(login) == groups
            assert demo.acl_users.authenticate(login, password, demo.REQUEST) is not None, login
            assert demo.acl_users.authenticate(login, "wrong-password", demo.REQUEST) is None

    def test_second_run_changes_nothing(self, demo):
        before = snapshot(demo)
        modified = demo["liestal"]["wohnsitzbestaetigung"].modified()
        create_demo_content(demo.portal_setup)
        applyProfile(demo, "digitalgemeinde:demo")
        assert snapshot(demo) == before
        assert demo["liestal"]["wohnsitzbestaetigung"].modified() == modified

    def test_rerun_after_liestal_was_deleted_restores_it_without_duplicates(self, demo):
        before = snapshot(demo)
        api.content.delete(demo["liestal"], check_linkintegrity=False)
        assert group_ids_of("liestal-editor") == set()  # its group went with the municipality
        create_demo_content(demo.portal_setup)
        assert snapshot(demo) == before
        assert group_ids_of("liestal-clerk") == {"liestal-einwohnerdienste-staff"}

    def test_existing_content_is_left_as_the_editors_left_it(self, demo):
        """With /liestal gone the demo fills in what is missing, and only that."""
        allschwil_service = demo["allschwil"]["hund-anmelden"]
        allschwil_service.title = "Hund anmelden (geändert)"
        api.content.transition(obj=allschwil_service, transition="retract")
        api.content.delete(demo["liestal"], check_linkintegrity=False)
        create_demo_content(demo.portal_setup)
        assert allschwil_service.title == "Hund anmelden (geändert)"
        assert api.content.get_state(allschwil_service) == "private"

    def test_every_demo_object_validates_against_its_schema(self, demo):
        catalog = api.portal.get_tool("portal_catalog")
        checked = 0
        for brain in catalog.unrestrictedSearchResults(portal_type=list(SCHEMAS)):
            obj = brain._unrestrictedGetObject()
            assert validation_errors(SCHEMAS[obj.portal_type], obj) == [], brain.getPath()
            checked += 1
        assert checked == 1 + 2 + 3 + 3 * 3 + len(services_in(demo["bl"])) + sum(
            len(services_in(demo[mid])) for mid in MUNICIPALITIES
        )

    def test_validation_catches_a_wrong_office(self, demo):
        """The check above would see a service that names another municipality's office."""
        service = demo["liestal"]["hund-anmelden"]
        api.relation.delete(source=service, relationship="responsible_office")
        other_office = demo["reinach"]["einwohnerdienste"]
        api.relation.create(source=service, target=other_office, relationship="responsible_office")
        assert [name for name, _error in validation_errors(IServiceSchema, service)] == [
            "responsible_office"
        ]

    def test_docs_list_every_demo_user_with_password(self, repo):
        text = (repo / "docs" / "demo-users.md").read_text(encoding="utf-8")
        rows = {
            match.group(1): match.group(2)
            for match in re.finditer(r"^\|\s*`([a-z-]+)`\s*\|\s*`([^`]+)`\s*\|", text, re.M)
        }
        assert rows == {login: password for login, password, _groups in DEMO_USERS}
        for _login, _password, groups in DEMO_USERS:
            for group_id in groups:
                assert f"`{group_id}`" in text
