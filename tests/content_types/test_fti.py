"""Our types as Plone knows them: FTIs, fields, behaviors, workflows, catalog."""

import pytest
from plone import api
from zope.schema import getFieldNamesInOrder

from tests.helpers import add_canton
from tests.helpers import add_municipality

# The fields of a service that a standard service has too, in their order.
SERVICE_FIELDS = [
    "topics",
    "audience",
    "ech0070_id",
    "what_it_is",
    "requirements",
    "documents",
    "procedure",
    "fees_text",
    "fee_kind",
    "fee_amount",
    "fee_field",
    "fee_unit",
    "fee_table",
    "processing_time",
    "processing_days",
    "legal_basis",
]

TYPES = {
    "Canton": {
        "klass": "digitalgemeinde.content_types.canton.Canton",
        "global_allow": True,
        "add_permission": "digitalgemeinde.AddCanton",
        "fields": [
            "abbreviation",
            "canton_number",
            "municipality_count",
            "population",
            "address",
            "phone",
            "email",
            "website",
            "coat_of_arms",
        ],
        "icon": "string:bank",
    },
    "Municipality": {
        "klass": "digitalgemeinde.content_types.municipality.Municipality",
        "global_allow": True,
        "add_permission": "digitalgemeinde.AddMunicipality",
        "fields": [
            "bfs_number",
            "canton",
            "postal_codes",
            "population",
            "address",
            "phone",
            "email",
            "website",
            "opening_hours",
            "coat_of_arms",
            "logo",
        ],
        "icon": "string:building",
    },
    "Office": {
        "klass": "digitalgemeinde.content_types.office.Office",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddOffice",
        "fields": [
            "email",
            "phone",
            "address",
            "opening_hours",
            "duties",
            "interface_url",
            "interface_format",
            "interface_secret",
            "answer_templates",
        ],
        "icon": "string:person-workspace",
    },
    "Service": {
        "klass": "digitalgemeinde.content_types.service.Service",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddService",
        "fields": [
            *SERVICE_FIELDS,
            "responsible_office",
            "online_form",
            "external_url",
            "related_services",
            "standard",
            "standard_version",
        ],
        "icon": "string:card-checklist",
    },
    "Association": {
        "klass": "digitalgemeinde.content_types.association.Association",
        "global_allow": True,
        "add_permission": "digitalgemeinde.AddAssociation",
        "fields": ["canton", "text", "email", "website", "synonyms"],
        "icon": "string:people",
    },
    "ServiceCatalog": {
        "klass": "digitalgemeinde.content_types.service_catalog.ServiceCatalog",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddServiceCatalog",
        "fields": [],
        "icon": "string:journal-bookmark",
    },
    "StandardService": {
        "klass": "digitalgemeinde.content_types.standard_service.StandardService",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddStandardService",
        "fields": [
            *SERVICE_FIELDS,
            "office_hint",
            "form_template",
            "form_as_steps",
        ],
        "icon": "string:patch-check",
        "workflow": "digitalgemeinde_standard_workflow",
    },
    "Workshop": {
        "klass": "digitalgemeinde.content_types.workshop.Workshop",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddWorkshop",
        "fields": [
            "theme",
            "start",
            "end",
            "place",
            "facilitators",
            "participants",
            "outcomes",
            "text",
        ],
        "icon": "string:easel",
    },
    "ProjectStatus": {
        "klass": "digitalgemeinde.content_types.project_status.ProjectStatus",
        "global_allow": False,
        "add_permission": "digitalgemeinde.AddProjectStatus",
        "fields": ["milestones", "rate", "first_year", "last_year", "target_percent"],
        "icon": "string:bar-chart",
    },
}
LABELS = {
    "Canton": ("Kanton", "Canton"),
    "Municipality": ("Gemeinde", "Commune"),
    "Office": ("Amt", "Office"),
    "Service": ("Leistung", "Prestation"),
    "Association": ("Verband", "Association"),
    "ServiceCatalog": ("Leistungskatalog", "Catalogue des prestations"),
    "StandardService": ("Standardleistung", "Prestation standard"),
    "Workshop": ("Workshop", "Atelier"),
    "ProjectStatus": ("Projektstand", "État du projet"),
}
COMMON_BEHAVIORS = [
    "plone.basic",
    "plone.namefromtitle",
    "plone.shortname",
    "plone.excludefromnavigation",
    "plone.locking",
]


@pytest.mark.parametrize("name", sorted(TYPES))
class TestFTI:
    def test_class_and_add_permission(self, get_fti, name):
        fti = get_fti(name)
        assert fti.klass == TYPES[name]["klass"]
        assert fti.add_permission == TYPES[name]["add_permission"]
        assert fti.global_allow is TYPES[name]["global_allow"]
        assert fti.icon_expr == TYPES[name]["icon"]

    def test_schema_fields(self, get_fti, name):
        assert getFieldNamesInOrder(get_fti(name).lookupSchema()) == TYPES[name]["fields"]

    def test_common_behaviors(self, get_behaviors, name):
        assert set(COMMON_BEHAVIORS) <= set(get_behaviors(name))

    def test_publication_workflow(self, portal, name):
        assert api.portal.get_tool("portal_workflow").getChainForPortalType(name) == (
            TYPES[name].get("workflow", "simple_publication_workflow"),
        )

    def test_german_and_french_title(self, get_fti, name):
        from zope.i18n import translate

        title = get_fti(name).Title()
        german, french = LABELS[name]
        assert translate(title, domain="digitalgemeinde", target_language="de") == german
        assert translate(title, domain="digitalgemeinde", target_language="fr") == french


@pytest.mark.parametrize("container", ["Canton", "Municipality"])
@pytest.mark.parametrize("child", ["Office", "Service", "EasyForm", "Document", "News Item"])
def test_tenant_holds(get_fti, container, child):
    assert child in get_fti(container).allowed_content_types


@pytest.mark.parametrize(
    "index,kind",
    [
        ("bfs_number", "FieldIndex"),
        ("postal_codes", "KeywordIndex"),
        ("topics", "KeywordIndex"),
        ("audience", "KeywordIndex"),
    ],
)
def test_catalog_index(portal, index, kind):
    catalog = api.portal.get_tool("portal_catalog")
    assert catalog.Indexes[index].meta_type == kind


def test_values_are_not_acquired_into_the_index(portal):
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import setRoles

    setRoles(portal, TEST_USER_ID, ["Manager"])
    add_canton(portal, title="BL")
    tenant = add_municipality(portal, "liestal")
    api.content.create(tenant, "Service", id="s", title="Hund anmelden", topics=["personal"])
    found = api.content.find(postal_codes="4410")
    assert [brain.getId for brain in found] == ["liestal"]
    assert [b.getId for b in api.content.find(bfs_number=2829)] == ["liestal"]
    assert [b.getId for b in api.content.find(SearchableText="Persönliches")] == ["s"]
