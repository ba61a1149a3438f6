"""The demo's request forms (Wohnsitzbestätigung, Hund, Umzug) in every municipality, linked
from their services, and the demo requests in Liestal's inbox in every state."""

from collections import Counter

from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from plone import api
from plone.namedfile.field import NamedBlobFile
from plone.schema.email import Email
from zope import schema
from zope.schema import getFieldsInOrder

from digitalgemeinde.demo.setup import create_demo_content
from digitalgemeinde.demo.setup import create_demo_requests
from digitalgemeinde.interfaces import IDeliverToOffice
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.conditions import rules_of
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.delivery import deliver_action
from digitalgemeinde.submissions.delivery import linked_service
from digitalgemeinde.submissions.delivery import target_office
from digitalgemeinde.submissions.groups import RepeatingGroup
from digitalgemeinde.submissions.steps import shows_steps
from digitalgemeinde.submissions.steps import steps_of
from digitalgemeinde.submissions.values import labelled_values

MUNICIPALITIES = ("liestal", "allschwil", "reinach")
# form id: (service id, title, fields that must be there with their type)
FORMS = {
    "formular-wohnsitzbestaetigung": (
        "wohnsitzbestaetigung",
        "Wohnsitzbestätigung bestellen",
        {
            "vorname": schema.TextLine,
            "email": Email,
            "geburtsdatum": schema.Date,
            "verwendungszweck": schema.Choice,
            "fruehere_adressen": schema.Bool,
            "bemerkungen": schema.Text,
            "vollmacht": NamedBlobFile,
        },
    ),
    "formular-hund-anmelden": (
        "hund-anmelden",
        "Hund anmelden",
        {
            "nachname": schema.TextLine,
            "email": Email,
            "hund_name": schema.TextLine,
            "geschlecht": schema.Choice,
            "hund_geburtsdatum": schema.Date,
            "assistenzhund": schema.Bool,
            "versicherungsnachweis": NamedBlobFile,
        },
    ),
    "formular-umzug-melden": (
        "umzug-melden",
        "Umzug melden",
        {
            "art": schema.Choice,
            "umzugsdatum": schema.Date,
            "email": Email,
            "weitere_personen": RepeatingGroup,
            "hund": schema.Bool,
            "mietvertrag": NamedBlobFile,
            "ausweiskopie": NamedBlobFile,
        },
    ),
}
EXPECTED_STATES = {"submitted": 2, "in_progress": 1, "waiting": 1, "completed": 1, "rejected": 1}


def all_forms(portal):
    for municipality_id in MUNICIPALITIES:
        for form_id, (service_id, title, fields) in FORMS.items():
            municipality = portal[municipality_id]
            yield municipality, municipality[form_id], municipality[service_id], title, fields


def requests_in(office) -> list:
    return [obj for obj in office.objectValues() if obj.portal_type == "Submission"]


def comments_of(submission, action: str) -> list[str]:
    return [entry["comment"] for entry in submission.log if entry["action"] == action]


class TestDemoForms:
    """One demo site for the whole class (see tests/conftest.py)."""

    def test_every_municipality_has_the_three_published_forms(self, demo):
        for _municipality, form, _service, title, _fields in all_forms(demo):
            where = form.absolute_url()
            assert form.portal_type == "EasyForm", where
            assert form.title == title, where
            assert api.content.get_state(form) == "published", where
            assert form.Description(), where

    def test_services_link_their_form_instead_of_an_external_address(self, demo):
        for _municipality, form, service, _title, _fields in all_forms(demo):
            assert service.online_form.to_object == form, service.absolute_url()
            assert not service.external_url, service.absolute_url()
            assert linked_service(form) == service

    def test_umzug_form_points_to_eumzugch(self, demo):
        form = demo["liestal"]["formular-umzug-melden"]
        assert "eUmzugCH" in form.Description()
        assert "https://www.eumzug.swiss" in form.formPrologue.output
        assert "eUmzugCH" in demo["liestal"]["umzug-melden"].description

    def test_forms_parse_into_typed_fields(self, demo):
        for _municipality, form, _service, _title, fields in all_forms(demo):
            parsed = dict(getFieldsInOrder(get_schema(form)))
            for name, field_type in fields.items():
                assert isinstance(parsed[name], field_type), (form.absolute_url(), name)
                assert parsed[name].title, (form.absolute_url(), name)
            uploads = [field for field in parsed.values() if isinstance(field, NamedBlobFile)]
            assert uploads and not any(field.required for field in uploads)
            assert all(
                not field.required for field in parsed.values() if isinstance(field, schema.Bool)
            ), form.absolute_url()
            choices = [field for field in parsed.values() if isinstance(field, schema.Choice)]
            assert all(len(field.vocabulary) >= 2 for field in choices)

    def test_umzug_is_three_steps_with_the_persons_who_move_and_the_dog(self, demo):
        """Issue 19: «Umzug melden» in steps (then the summary), the persons who move along a
        repeating group of at most 8, the dog's fields shown only when a dog moves along."""
        for municipality_id in MUNICIPALITIES:
            form = demo[municipality_id]["formular-umzug-melden"]
            assert shows_steps(form)
            parsed = get_schema(form)
            steps = steps_of(parsed)
            assert [(step.name, step.title) for step in steps] == [
                ("umzug", "Umzug"),
                ("personen", "Personen"),
                ("adressen", "Adressen"),
            ]
            assert steps[1].fields[-1] == "weitere_personen"
            assert {"hund", "hund_name", "chip_nummer"} <= set(steps[2].fields)
            group = parsed["weitere_personen"]
            assert (group.min_length, group.max_length) == (0, 8)
            assert [name for name, _f in group.row_fields] == [
                "name",
                "vorname",
                "geburtsdatum",
                "beziehung",
            ]
        rules = rules_of(get_schema(demo["liestal"]["formular-umzug-melden"]))
        assert set(rules) == {"hund_name", "chip_nummer"}

    def test_the_demo_move_lists_the_persons_who_move(self, demo):
        requests = requests_in(demo["liestal"]["einwohnerdienste"])
        (umzug,) = [obj for obj in requests if obj.values.get("mietvertrag")]
        persons = umzug.values["weitere_personen"]
        assert [(p["vorname"], p["beziehung"]) for p in persons] == [
            ("Arben", "Ehemann"),
            ("Elira", "Tochter"),
        ]

    def test_umzug_choices_name_the_municipality(self, demo):
        parsed = get_schema(demo["allschwil"]["formular-umzug-melden"])
        values = [term.value for term in parsed["art"].vocabulary]
        assert values == [
            "Zuzug nach Allschwil",
            "Umzug innerhalb von Allschwil",
            "Wegzug aus Allschwil",
        ]

    def test_forms_have_exactly_the_deliver_action_to_the_einwohnerdienste(self, demo):
        for municipality, form, service, _title, _fields in all_forms(demo):
            actions = getFieldsInOrder(get_actions(form))
            assert [name for name, _action in actions] == ["deliver"]
            action = deliver_action(form)
            assert IDeliverToOffice.providedBy(action)
            assert (action.office, action.email_field) == (None, "email")
            office = target_office(form, action, service)
            assert office == municipality["einwohnerdienste"]

    def test_thanks_page_speaks_german(self, demo):
        for municipality, form, _service, _title, _fields in all_forms(demo):
            assert form.thankstitle.startswith("Vielen Dank")
            assert "Einwohnerdiensten" in form.thanksdescription
            assert "Referenznummer" in form.thanksPrologue.output
            phone = municipality["einwohnerdienste"].phone
            assert phone in form.thanksEpilogue.output
            assert form.submitLabel in ("Bestellen", "Anmelden", "Meldung absenden")

    def test_fee_in_the_form_is_the_municipalitys_own(self, demo):
        for municipality_id in MUNICIPALITIES:
            municipality = demo[municipality_id]
            fee = municipality["hund-anmelden"].fee_amount
            assert f"CHF {fee}" in municipality["formular-hund-anmelden"].formPrologue.output

    def test_liestal_has_demo_requests_in_every_state(self, demo):
        office = demo["liestal"]["einwohnerdienste"]
        requests = requests_in(office)
        states = Counter(api.content.get_state(obj) for obj in requests)
        assert states == EXPECTED_STATES
        assert state_counts(office) == EXPECTED_STATES
        references = [obj.reference for obj in requests]
        assert len(set(references)) == len(requests)
        assert all(reference.startswith("2829-") for reference in references)
        assert sorted(obj.getId() for obj in requests) == sorted(references)
        for municipality_id in ("allschwil", "reinach"):
            assert requests_in(demo[municipality_id]["einwohnerdienste"]) == []

    def test_questions_and_reasons_are_in_the_case_log(self, demo):
        by_state = {
            api.content.get_state(obj): obj
            for obj in requests_in(demo["liestal"]["einwohnerdienste"])
        }
        assert "Haftpflichtversicherung" in comments_of(by_state["waiting"], "ask")[0]
        assert comments_of(by_state["rejected"], "reject")[0]
        assert comments_of(by_state["completed"], "complete")[0]
        assert by_state["completed"].closed and by_state["rejected"].closed
        actors = {entry["actor"] for entry in by_state["waiting"].log if entry["action"] == "ask"}
        assert actors == {"liestal-clerk"}

    def test_requests_show_the_form_labels_and_keep_the_upload(self, demo):
        requests = requests_in(demo["liestal"]["einwohnerdienste"])
        (umzug,) = [obj for obj in requests if obj.values.get("mietvertrag")]
        assert api.content.get_state(umzug) == "in_progress"
        upload = umzug.values["mietvertrag"]
        assert upload.filename.endswith(".pdf")
        assert upload.data.startswith(b"%PDF-")
        labels = {row["label"] for row in labelled_values(umzug, "de")}
        assert {"Art der Meldung", "Neue Adresse", "E-Mail"} <= labels
        assert umzug.service_title.startswith("Umzug melden")

    def test_one_request_came_from_the_citizen_account(self, demo):
        requests = requests_in(demo["liestal"]["einwohnerdienste"])
        submitters = [obj.submitter_userid for obj in requests]
        assert submitters.count("buerger") == 1
        assert submitters.count(None) == len(requests) - 1

    def test_demo_requests_send_no_mail(self, demo):
        send = mail.send
        api.content.delete(demo["liestal"], check_linkintegrity=False)
        demo.MailHost.reset()
        create_demo_content(demo.portal_setup)
        assert len(requests_in(demo["liestal"]["einwohnerdienste"])) == 6
        assert demo.MailHost.messages == []
        assert mail.send is send

    def test_requests_are_made_only_into_an_empty_inbox(self, demo):
        office = demo["liestal"]["einwohnerdienste"]
        before = sorted(obj.reference for obj in requests_in(office))
        create_demo_requests(demo)
        assert sorted(obj.reference for obj in requests_in(office)) == before
