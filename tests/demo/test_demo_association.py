"""The demo's association "Digitale Gemeinden BL": catalog, releases, adoptions in the demo
municipalities with one pending update, workshops, news, status page and its users."""

from collections import Counter
from decimal import Decimal

from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from plone import api
from plone.app.testing import logout
from plone.schema.email import Email

from digitalgemeinde.association import EDITORS_GROUP
from digitalgemeinde.association import INNOVATORS_GROUP
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.figures import figures
from digitalgemeinde.association.updating import apply_update
from digitalgemeinde.association.updating import pending_changes
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.demo import association_site as demo_association
from digitalgemeinde.demo.setup import create_demo_content
from digitalgemeinde.submissions.conditions import rules_of
from digitalgemeinde.submissions.delivery import deliver_action
from digitalgemeinde.submissions.groups import RepeatingGroup
from digitalgemeinde.submissions.steps import steps_of

MUNICIPALITIES = ("liestal", "allschwil", "reinach")
STATES = {"released": 7, "draft": 1, "review": 1, "retired": 1}
UPDATED = "solaranlage-melden"


def standards(portal) -> list:
    catalog = portal["verband"]["leistungskatalog"]
    return [obj for obj in catalog.objectValues() if obj.portal_type == "StandardService"]


def children(container, portal_type: str) -> list:
    return [obj for obj in container.objectValues() if obj.portal_type == portal_type]


def adopted(portal):
    """(municipality, standard, service) of every adoption the demo makes."""
    catalog = portal["verband"]["leistungskatalog"]
    for municipality_id, standard_ids in demo_association.ADOPTIONS.items():
        for standard_id in standard_ids:
            municipality, standard = portal[municipality_id], catalog[standard_id]
            yield municipality, standard, adopted_in(standard, municipality)


def snapshot(portal) -> dict:
    catalog = api.portal.get_tool("portal_catalog")
    return {
        "paths": sorted(brain.getPath() for brain in catalog.unrestrictedSearchResults()),
        "users": sorted(user.getId() for user in api.user.get_users()),
        "releases": {obj.getId(): len(obj.releases) for obj in standards(portal)},
        "relations": {
            workshop.getId(): (len(workshop.participants), len(workshop.outcomes))
            for workshop in children(portal["verband"], "Workshop")
        },
    }


class TestDemoAssociation:
    """One demo site for the whole class (see tests/conftest.py)."""

    def test_association_is_published_with_its_text_and_the_canton_figures(self, demo):
        association = demo["verband"]
        assert association.portal_type == "Association"
        assert association.title == "Digitale Gemeinden BL"
        assert association.canton == "BL"
        assert api.content.get_state(association) == "published"
        assert "Leistungskatalog" in association.text.output
        assert association.email.endswith("example.ch")
        assert (demo["bl"].municipality_count, demo["bl"].population) == (86, 294417)
        catalog = association["leistungskatalog"]
        assert catalog.portal_type == "ServiceCatalog"
        assert api.content.get_state(catalog) == "published"

    def test_catalog_has_ten_standards_over_three_themes(self, demo):
        found = standards(demo)
        assert len(found) == 10
        assert {obj.topics[0] for obj in found} == {"personal", "building", "social"}
        by_theme = Counter(obj.topics[0] for obj in found)
        assert min(by_theme.values()) >= 3
        for obj in found:
            where = obj.absolute_url()
            assert obj.description and obj.what_it_is.output and obj.procedure.output, where
            assert obj.fees_text and obj.fee_amount is not None, where
            assert obj.office_hint in ("Einwohnerdienste", "Bauverwaltung", "Sozialdienst")

    def test_every_form_template_parses_and_asks_for_the_email(self, demo):
        for obj in standards(demo):
            schema = parse_form_template(obj.form_template)
            assert isinstance(schema["email"], Email), obj.getId()
            assert schema["email"].required, obj.getId()
            assert len(schema.names()) >= 6, obj.getId()

    def test_standards_show_every_state_of_the_workflow(self, demo):
        states = Counter(api.content.get_state(obj) for obj in standards(demo))
        assert states == STATES
        catalog = demo["verband"]["leistungskatalog"]
        assert api.content.get_state(catalog["pflegebeitrag-angehoerige"]) == "draft"
        assert api.content.get_state(catalog["wochenaufenthalt-anmelden"]) == "review"
        assert api.content.get_state(catalog["tageskarte-gemeinde"]) == "retired"

    def test_releases_have_a_change_note_and_name_the_editor(self, demo):
        for obj in standards(demo):
            state = api.content.get_state(obj)
            if state in ("draft", "review"):
                assert obj.version == 0, obj.getId()
                continue
            expected = 2 if obj.getId() == UPDATED else 1
            assert obj.version == expected, obj.getId()
            for release in obj.releases:
                assert release["note"] and release["actor"] == "verband-editor"
            actors = {
                entry["action"]: entry["actor"]
                for entry in obj.workflow_history["digitalgemeinde_standard_workflow"]
            }
            assert actors["submit"] == "verband-innovator"
            assert actors["release"] == "verband-editor"

    def test_drafts_carry_the_discussion(self, demo):
        draft = demo["verband"]["leistungskatalog"]["pflegebeitrag-angehoerige"]
        authors = [comment["author"] for comment in draft.comments]
        assert authors == ["Lukas Salathé", "Rahel Tschopp"]

    def test_adopted_services_are_published_with_their_forms_online(self, demo):
        count = 0
        for municipality, standard, service in adopted(demo):
            assert service is not None, (municipality.getId(), standard.getId())
            where = service.absolute_url()
            assert api.content.get_state(service) == "published", where
            assert service.title == standard.releases[0]["fields"]["title"], where
            office = service.responsible_office.to_object
            assert office.aq_parent == municipality, where
            assert office.title == standard.office_hint, where
            form = form_of(service)
            assert form is not None and api.content.get_state(form) == "published", where
            assert list(get_actions(form).names()) == ["deliver"], where
            action = deliver_action(form)
            assert (action.email_field, action.office) == ("email", api.content.get_uuid(office))
            # Inherited from the release: shown to citizens without a local copy.
            assert effective(service, "what_it_is").output, where
            assert effective(service, "fee_amount") is not None, where
            count += 1
        assert count == 11

    def test_adopted_ids_do_not_collide_with_the_demo_services(self, demo):
        for municipality, standard, service in adopted(demo):
            assert service.getId() == standard.getId(), service.absolute_url()
            assert form_of(service).getId() == f"{standard.getId()}-formular"
            assert municipality["wohnsitzbestaetigung"].standard_version is None

    def test_one_standard_has_a_new_version_waiting_for_its_adopters(self, demo):
        pending = {}
        for municipality, standard, service in adopted(demo):
            update = update_available(service)
            if update is not None:
                pending[(municipality.getId(), standard.getId())] = update["version"]
        assert pending == {("liestal", UPDATED): 2, ("reinach", UPDATED): 2}
        service = demo["reinach"][UPDATED]
        assert service.standard_version == 1
        changed = {change.name for change in pending_changes(service)}
        assert changed == {"processing_time", "form_template"}
        latest = demo["verband"]["leistungskatalog"][UPDATED].latest_release()
        assert "Batteriespeicher" in latest["note"]
        assert "batteriespeicher" in parse_form_template(latest["fields"]["form_template"])
        assert "batteriespeicher" not in form_of(service).fields_model

    def test_the_update_brings_the_battery_questions_into_the_step_of_the_plant(self, demo):
        """The solar standard's form is in steps; its update adds the battery and, only with
        one, its capacity (a condition) to the step «Anlage» of the adopted forms (issue 19)."""
        service = demo["liestal"][UPDATED]
        form = form_of(service)
        assert IRequestForm(form).as_steps is True
        before = [step.name for step in steps_of(get_schema(form))]
        assert before == ["kontakt", "anlage"]
        with api.env.adopt_roles(["Manager"]):
            done = apply_update(service)
        assert done["form_fields_added"] == ["batteriespeicher", "speicher_kapazitaet"]
        schema = get_schema(form)
        anlage = [step for step in steps_of(schema) if step.name == "anlage"][0]
        assert anlage.fields[-2:] == ("batteriespeicher", "speicher_kapazitaet")
        rule = rules_of(schema)["speicher_kapazitaet"]
        assert [(c.field, c.operator, c.value) for c in rule.conditions] == [
            ("batteriespeicher", "is", "Ja")
        ]
        assert IRequestForm(form).as_steps is True

    def test_the_rent_allowance_asks_for_the_household_as_a_group(self, demo):
        form = form_of(demo["liestal"]["mietzinsbeitraege"])
        group = get_schema(form)["haushalt"]
        assert isinstance(group, RepeatingGroup)
        assert [name for name, _sub in group.row_fields] == ["name", "vorname", "geburtsdatum"]

    def test_figures_of_the_status_page(self, demo):
        status = demo["verband"]["projektstand"]
        result = figures(status)
        assert result.participating == 3
        assert result.municipalities_in_canton == 86
        assert result.standards_released == 7
        assert result.standards_retired == 1
        assert result.standards_in_work == 2
        online = {share["municipality"].getId(): share["online"] for share in result.shares}
        assert online == {"allschwil": 3, "liestal": 4, "reinach": 4}

    def test_two_workshops_with_participants_outcomes_and_material(self, demo):
        workshops = children(demo["verband"], "Workshop")
        assert len(workshops) == 2
        assert {workshop.theme for workshop in workshops} == {"personal", "building"}
        for workshop in workshops:
            where = workshop.absolute_url()
            assert api.content.get_state(workshop) == "published", where
            assert workshop.start and workshop.end and workshop.end > workshop.start, where
            assert workshop.place and len(workshop.facilitators) == 2, where
            participants = [relation.to_object for relation in workshop.participants]
            assert participants and all(
                obj.portal_type == "Municipality" for obj in participants
            ), where
            outcomes = [relation.to_object for relation in workshop.outcomes]
            assert len(outcomes) == 3, where
            assert all(obj.portal_type == "StandardService" for obj in outcomes), where
            assert workshop.text.output, where
            (material,) = children(workshop, "File")
            assert material.file.data.startswith(b"%PDF-"), where
            assert material.file.contentType == "application/pdf", where
            (minutes,) = children(workshop, "Document")
            assert minutes.title == "Protokoll" and minutes.text.output, where
            for obj in (material, minutes):
                assert api.content.get_state(obj, default="published") == "published"
        sources = api.relation.get(target=demo["reinach"], relationship="participants")
        assert len(sources) == 2

    def test_three_published_news_in_german(self, demo):
        news = children(demo["verband"], "News Item")
        assert len(news) == 3
        for item in news:
            assert api.content.get_state(item, default="published") == "published"
            assert item.text.output and item.description
        dates = sorted(item.effective().strftime("%Y-%m-%d") for item in news)
        assert dates == ["2026-03-31", "2026-06-15", "2026-11-12"]
        feed = api.content.find(
            context=demo["verband"], portal_type="News Item", sort_on="effective"
        )
        assert [brain.getId for brain in feed][-1] == "solaranlage-version-2"

    def test_status_page_has_milestones_and_financing(self, demo):
        status = demo["verband"]["projektstand"]
        assert status.portal_type == "ProjectStatus"
        assert api.content.get_state(status) == "published"
        milestones = status.milestone_list()
        assert len(milestones) == 7
        assert {milestone.state for milestone in milestones} == {
            "done",
            "in_progress",
            "planned",
        }
        assert (status.rate, status.first_year, status.last_year, status.target_percent) == (
            Decimal("2.50"),
            2026,
            2029,
            80,
        )

    def test_demo_users_of_the_association(self, demo):
        association = demo["verband"]
        for login, group_id, role in (
            ("verband-editor", EDITORS_GROUP, "Reviewer"),
            ("verband-innovator", INNOVATORS_GROUP, "PublicInnovator"),
        ):
            user = api.user.get(username=login)
            assert user is not None, login
            groups = {group.getId() for group in api.group.get_groups(username=login)}
            assert group_id in groups
            assert role in api.user.get_roles(username=login, obj=association)
            assert demo.acl_users.authenticate(login, f"Demo-{login}", demo.REQUEST)

    def test_anonymous_sees_the_association_and_the_adopted_services(self, demo):
        logout()
        assert api.content.find(portal_type="Association", id="verband")
        liestal = "/".join(demo["liestal"].getPhysicalPath())
        found = {brain.getId for brain in api.content.find(portal_type="Service", path=liestal)}
        assert set(demo_association.ADOPTIONS["liestal"]) <= found
        drafts = api.content.find(portal_type="StandardService", review_state="draft")
        assert len(drafts) == 0

    def test_creating_the_association_again_adds_nothing(self, demo):
        before = snapshot(demo)
        demo_association.create_association(demo)
        assert snapshot(demo) == before
        service = demo["reinach"][UPDATED]
        assert update_available(service)["version"] == 2

    def test_rerun_after_liestal_was_deleted_adopts_its_standards_again(self, demo):
        before = snapshot(demo)
        api.content.delete(demo["liestal"], check_linkintegrity=False)
        create_demo_content(demo.portal_setup)
        after = snapshot(demo)
        assert after["paths"] == before["paths"]
        assert after["releases"] == before["releases"]
        for standard_id in demo_association.ADOPTIONS["liestal"]:
            service = demo["liestal"][standard_id]
            assert api.content.get_state(service) == "published"
            assert api.content.get_state(form_of(service)) == "published"
        # Liestal adopts the current version now; Reinach still has the update waiting.
        assert update_available(demo["liestal"][UPDATED]) is None
        assert update_available(demo["reinach"][UPDATED]) is not None
