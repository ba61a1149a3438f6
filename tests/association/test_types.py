"""The association's content types: where they may be added, the groups an Association gets,
and the fields that refuse bad input (form template, milestones), in code and over REST."""

from datetime import date
from datetime import datetime
from types import SimpleNamespace

import pytest
import transaction
from Acquisition import aq_base
from plone import api
from plone.api.exc import InvalidParameterError
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import Invalid

from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.content_types.project_status import InvalidMilestone
from digitalgemeinde.content_types.project_status import IProjectStatusSchema
from digitalgemeinde.content_types.project_status import parse_milestones
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import IStandardServiceSchema
from digitalgemeinde.content_types.workshop import IWorkshopSchema
from tests.association.helpers import TEMPLATE
from tests.helpers import RestClient

NOT_XML = '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
NO_FIELD = '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema/></model>'


def create(container, type_name, id_, **fields):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container, type_name, id=id_, title=id_.title(), **fields)


def grants(obj) -> dict[str, set[str]]:
    return {principal: set(roles) for principal, roles in obj.get_local_roles()}


# --- where each type may be added ------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "type_name"),
    [
        ("association", "ServiceCatalog"),
        ("association", "Workshop"),
        ("association", "ProjectStatus"),
        ("association", "News Item"),
        ("catalog", "StandardService"),
        ("workshop", "File"),
        ("workshop", "Document"),
    ],
)
def test_type_can_be_added_where_allowed(assoc, where, type_name):
    assoc["workshop"] = create(assoc["association"], "Workshop", "werkstatt", theme="personal")
    container = assoc[where]
    extra = {"form_template": TEMPLATE, "topics": ["personal"]}
    obj = create(container, type_name, "neu", **(extra if type_name == "StandardService" else {}))
    assert obj.portal_type == type_name
    assert aq_base(obj.aq_parent) is aq_base(container)
    assert aq_base(container["neu"]) is aq_base(obj)


def test_association_can_be_added_at_the_site_root(assoc, portal):
    other = create(portal, "Association", "zweiter-verband", canton="BL")
    assert other.portal_type == "Association"
    assert other.aq_parent == portal


@pytest.mark.parametrize(
    ("where", "type_name"),
    [
        ("liestal", "StandardService"),
        ("liestal", "ServiceCatalog"),
        ("liestal", "Workshop"),
        ("liestal", "ProjectStatus"),
        ("liestal", "Association"),
        ("bl", "StandardService"),
        ("association", "StandardService"),
        ("association", "Service"),
        ("association", "Association"),
        ("catalog", "Service"),
        ("catalog", "Document"),
        ("catalog", "ServiceCatalog"),
        ("workshop", "StandardService"),
        ("workshop", "Workshop"),
        ("portal", "ServiceCatalog"),
        ("portal", "StandardService"),
        ("portal", "Workshop"),
        ("portal", "ProjectStatus"),
    ],
)
def test_type_cannot_be_added_elsewhere(assoc, portal, where, type_name):
    assoc["portal"] = portal
    assoc["workshop"] = create(assoc["association"], "Workshop", "werkstatt", theme="personal")
    container = assoc[where]
    before = set(container.objectIds())
    with pytest.raises(InvalidParameterError):
        create(container, type_name, "fehl-am-platz", form_template=TEMPLATE)
    assert set(container.objectIds()) == before


# --- groups and their local roles ------------------------------------------------------------


def test_association_groups_exist_with_their_titles(assoc):
    editors = api.group.get(groupname="association-editors")
    innovators = api.group.get(groupname="public-innovators")
    assert editors is not None
    assert innovators is not None
    assert editors.getProperty("title") == "Verband: Redaktion"
    assert innovators.getProperty("title") == "Verband: Public Innovators"


def test_association_groups_have_their_local_roles_on_the_association(assoc):
    local = grants(assoc["association"])
    assert local["association-editors"] == {"Editor", "Contributor", "Reviewer", "Reader"}
    assert local["public-innovators"] == {"PublicInnovator", "Reader"}
    assert {name: set(roles) for name, roles in ASSOCIATION_GROUPS.items()} == {
        "association-editors": local["association-editors"],
        "public-innovators": local["public-innovators"],
    }


def test_association_groups_have_no_roles_on_the_site_or_municipalities(assoc, portal):
    for obj in (portal, assoc["liestal"], assoc["bl"]):
        assert "association-editors" not in grants(obj)
        assert "public-innovators" not in grants(obj)


def test_members_get_the_roles_inside_the_association_only(assoc):
    standard = assoc["standard"]
    innovator = set(api.user.get_roles(username="innovator", obj=standard))
    editor = set(api.user.get_roles(username="verband-editor", obj=standard))
    assert {"PublicInnovator", "Reader"} <= innovator
    assert "Reviewer" not in innovator
    assert {"Editor", "Contributor", "Reviewer", "Reader"} <= editor
    on_liestal = set(api.user.get_roles(username="verband-editor", obj=assoc["liestal"]))
    assert not {"Editor", "Contributor", "Reviewer", "PublicInnovator"} & on_liestal


def test_second_association_reuses_the_groups(assoc, portal):
    count = len(api.group.get_groups())
    other = create(portal, "Association", "zweiter-verband", canton="BL")
    assert len(api.group.get_groups()) == count
    assert grants(other)["public-innovators"] == {"PublicInnovator", "Reader"}


# --- form template ---------------------------------------------------------------------------


def form_template_field(standard):
    return IStandardServiceSchema["form_template"].bind(standard)


def test_form_template_accepts_a_model_with_fields(assoc):
    form_template_field(assoc["standard"]).validate(TEMPLATE)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (NOT_XML, None),
        ("kein XML", None),
        (NO_FIELD, "it has no field."),
        ("   ", "it is empty."),
    ],
)
def test_form_template_refuses_a_broken_model(assoc, value, reason):
    with pytest.raises(InvalidFormTemplate) as error:
        form_template_field(assoc["standard"]).validate(value)
    text = translate(error.value.doc(), target_language="en")
    assert text.startswith("The form template is not a valid form field model: ")
    detail = error.value.args[0]
    assert detail
    if reason is not None:
        assert detail == reason


def test_form_template_is_required(assoc):
    from zope.schema.interfaces import RequiredMissing

    with pytest.raises(RequiredMissing):
        form_template_field(assoc["standard"]).validate(None)


# --- milestones ------------------------------------------------------------------------------


def test_milestones_are_parsed_and_ordered_by_date():
    milestones = parse_milestones(
        "2027-03-31 | Pilot in drei Gemeinden | geplant\n"
        "\n"
        "15.1.2026 | Start des Projekts | erreicht\n"
        "2026-09-01 | Werkstatt Umzug | laufend\n"
    )
    assert [(m.date, m.title, m.state) for m in milestones] == [
        (date(2026, 1, 15), "Start des Projekts", "done"),
        (date(2026, 9, 1), "Werkstatt Umzug", "in_progress"),
        (date(2027, 3, 31), "Pilot in drei Gemeinden", "planned"),
    ]


def test_empty_milestones_are_none():
    assert parse_milestones("") == []
    assert parse_milestones(None) == []


@pytest.mark.parametrize(
    ("text", "number", "line"),
    [
        ("2026-01-15 | Start | erreicht\nirgendwann | Pilot | geplant", 2, "irgendwann | Pilot"),
        ("2026-01-15 | Start | erreicht\n\n2026-13-01 | Pilot | geplant", 3, "2026-13-01"),
        ("2026-01-15 | Start | vielleicht", 1, "vielleicht"),
        ("2026-01-15 | Start", 1, "2026-01-15 | Start"),
        ("2026-01-15 |  | geplant", 1, "2026-01-15"),
    ],
)
def test_bad_milestone_line_is_named_by_its_number(text, number, line):
    with pytest.raises(InvalidMilestone) as error:
        parse_milestones(text)
    detail = error.value.args[0]
    assert detail.startswith(f"{number} (")
    assert line in detail
    message = translate(error.value.doc(), target_language="en")
    assert message.startswith(f"Milestone {number} (")


def test_milestones_field_refuses_a_bad_line(assoc):
    status = create(assoc["association"], "ProjectStatus", "stand")
    field = IProjectStatusSchema["milestones"].bind(status)
    field.validate("2026-01-15 | Start | erreicht")
    with pytest.raises(InvalidMilestone) as error:
        field.validate("2026-01-15 | Start | erreicht\n2026-02-30 | Pilot | geplant")
    assert error.value.args[0].startswith("2 (")


def test_status_page_with_stored_bad_milestones_lists_none(assoc):
    status = create(assoc["association"], "ProjectStatus", "stand")
    status.milestones = "2026-01-15 | Start | erreicht\nkaputt"
    assert status.milestone_list() == []
    status.milestones = "2026-01-15 | Start | erreicht"
    assert [m.title for m in status.milestone_list()] == ["Start"]


def test_years_of_financing_must_be_in_order():
    IProjectStatusSchema.validateInvariants(SimpleNamespace(first_year=2026, last_year=2026))
    with pytest.raises(Invalid):
        IProjectStatusSchema.validateInvariants(SimpleNamespace(first_year=2028, last_year=2026))


def test_workshop_cannot_end_before_it_starts():
    start = datetime(2026, 3, 12, 9, 0)
    IWorkshopSchema.validateInvariants(SimpleNamespace(start=start, end=start))
    IWorkshopSchema.validateInvariants(SimpleNamespace(start=start, end=None))
    with pytest.raises(Invalid):
        IWorkshopSchema.validateInvariants(
            SimpleNamespace(start=start, end=datetime(2026, 3, 11, 17, 0))
        )


# --- over REST -------------------------------------------------------------------------------


class TestRest:
    def test_patch_with_broken_form_template_is_refused_and_stores_nothing(
        self, assoc_functional, functional
    ):
        standard = assoc_functional["standard"]
        client = RestClient(functional["app"], "verband-editor")
        status, body = client.patch(
            standard.absolute_url(), {"form_template": NOT_XML, "title": "Geändert"}
        )
        assert status == 400
        assert "form_template" in str(body)
        assert "form field model" in str(body)
        transaction.begin()
        assert standard.form_template == TEMPLATE
        assert standard.title == "Wohnsitzbestätigung bestellen"

    def test_patch_with_template_without_field_is_refused(self, assoc_functional, functional):
        standard = assoc_functional["standard"]
        status, body = RestClient(functional["app"], "verband-editor").patch(
            standard.absolute_url(), {"form_template": NO_FIELD}
        )
        assert status == 400
        assert "form_template" in str(body)
        assert "no field" in str(body)
        transaction.begin()
        assert standard.form_template == TEMPLATE

    def test_patch_with_valid_form_template_is_stored(self, assoc_functional, functional):
        standard = assoc_functional["standard"]
        changed = TEMPLATE.replace("Verwendungszweck", "Zweck")
        status, _ = RestClient(functional["app"], "verband-editor").patch(
            standard.absolute_url(), {"form_template": changed}
        )
        assert status == 204
        transaction.begin()
        assert standard.form_template == changed

    def test_municipal_editor_cannot_patch_a_standard(self, assoc_functional, functional):
        standard = assoc_functional["standard"]
        status, _ = RestClient(functional["app"], "liestal-editor").patch(
            standard.absolute_url(), {"title": "Gekapert"}
        )
        assert status in (401, 403)
        transaction.begin()
        assert standard.title == "Wohnsitzbestätigung bestellen"


def test_innovator_cannot_add_a_service_catalog(assoc):
    with (
        api.env.adopt_user(username="innovator"),
        pytest.raises((Unauthorized, InvalidParameterError)),
    ):
        api.content.create(assoc["association"], "ServiceCatalog", id="x", title="X")
    assert "x" not in assoc["association"]
