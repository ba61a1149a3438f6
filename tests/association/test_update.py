"""A newer release of a standard is offered to the services adopted from it; applying it keeps
what the municipality changed locally, takes the rest, and adds the form's new fields."""

import pytest
from collective.easyform.api import get_schema
from plone import api

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.adoption import is_overridden
from digitalgemeinde.association.updating import apply_update
from digitalgemeinde.association.updating import merge_template
from digitalgemeinde.association.updating import pending_changes
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.submissions.delivery import deliver
from tests.association.helpers import TEMPLATE
from tests.association.helpers import TEMPLATE_V2
from tests.association.helpers import release

V2_TITLE = "Wohnsitzbestätigung online bestellen"


def release_v2(standard, **fields):
    """Edit the released standard and release it as version 2."""
    values = {
        "title": V2_TITLE,
        "processing_time": "2 Arbeitstage",
        "fees_text": "CHF 15.– pro Exemplar",
        "form_template": TEMPLATE_V2,
        **fields,
    }
    with api.env.adopt_roles(["Manager"]):
        for name, value in values.items():
            setattr(standard, name, value)
    release(standard, note="Günstiger und schneller", first=False)


@pytest.fixture
def service(assoc):
    return adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])


def changes_by_name(service) -> dict:
    return {change.name: change for change in pending_changes(service)}


def test_no_update_while_the_standard_is_unchanged(assoc, service):
    assert update_available(service) is None
    assert pending_changes(service) == []


def test_editing_without_releasing_offers_no_update(assoc, service):
    with api.env.adopt_roles(["Manager"]):
        assoc["standard"].processing_time = "2 Arbeitstage"
    assert update_available(service) is None
    assert effective(service, "processing_time") == "3 Arbeitstage"


def test_new_release_is_offered_as_update(assoc, service):
    release_v2(assoc["standard"])
    latest = update_available(service)
    assert latest is not None
    assert latest["version"] == 2
    assert latest["note"] == "Günstiger und schneller"
    assert service.standard_version == 1
    # until applied, the service shows the release it follows
    assert effective(service, "processing_time") == "3 Arbeitstage"


def test_pending_changes_list_the_changed_fields(assoc, service):
    release_v2(assoc["standard"])
    changes = changes_by_name(service)
    assert list(changes) == ["title", "fees_text", "processing_time", "form_template"]
    assert changes["title"].old == "Wohnsitzbestätigung bestellen"
    assert changes["title"].new == V2_TITLE
    assert changes["processing_time"].old == "3 Arbeitstage"
    assert changes["processing_time"].new == "2 Arbeitstage"
    assert changes["form_template"].new == TEMPLATE_V2
    assert not any(change.overridden for change in changes.values())


def test_pending_changes_show_a_word_diff(assoc, service):
    release_v2(assoc["standard"])
    words = changes_by_name(service)["title"].words
    assert words == [
        ("equal", "Wohnsitzbestätigung"),
        ("insert", "online"),
        ("equal", "bestellen"),
    ]
    assert ("delete", "3") in changes_by_name(service)["processing_time"].words


def test_pending_changes_flag_local_overrides(assoc, service):
    service.processing_time = "1 Arbeitstag"
    service.title = "Wohnsitzbestätigung (Liestal)"
    release_v2(assoc["standard"])
    changes = changes_by_name(service)
    assert changes["processing_time"].overridden is True
    assert changes["title"].overridden is True
    assert changes["fees_text"].overridden is False
    assert changes["form_template"].overridden is False
    assert is_overridden(service, "processing_time")
    assert not is_overridden(service, "fees_text")
    assert not is_overridden(service, "what_it_is")


def test_apply_update_keeps_overrides_and_takes_the_rest(assoc, service):
    service.processing_time = "1 Arbeitstag"
    release_v2(assoc["standard"])
    result = apply_update(service)
    assert result["version"] == 2
    assert result["kept"] == ["processing_time"]
    assert result["updated"] == ["title", "fees_text"]
    assert result["form_fields_added"] == ["copies"]
    assert service.standard_version == 2
    assert service.standard_release["version"] == 2
    # overridden locally: stays
    assert service.processing_time == "1 Arbeitstag"
    assert effective(service, "processing_time") == "1 Arbeitstag"
    # left empty locally: shows the new text
    assert service.fees_text is None
    assert effective(service, "fees_text") == "CHF 15.– pro Exemplar"
    # unchanged in the release: still the standard's text
    assert effective(service, "what_it_is").raw == "<p>Die Bestätigung nennt Ihre Adresse.</p>"
    # copied and not changed locally: updated
    assert service.title == V2_TITLE
    assert update_available(service) is None
    assert pending_changes(service) == []


def test_title_changed_locally_stays(assoc, service):
    service.title = "Wohnsitzbestätigung (Liestal)"
    release_v2(assoc["standard"])
    result = apply_update(service)
    assert "title" in result["kept"]
    assert service.title == "Wohnsitzbestätigung (Liestal)"
    assert service.standard_version == 2


def test_form_gets_new_fields_and_keeps_the_old(assoc, service):
    form = form_of(service)
    assert list(get_schema(form).names()) == ["name", "email", "purpose"]
    release_v2(assoc["standard"])
    apply_update(service)
    assert list(get_schema(form).names()) == ["name", "email", "purpose", "copies"]
    assert "Verwendungszweck" in form.fields_model
    assert "Anzahl Exemplare" in form.fields_model


def test_local_form_fields_are_kept(assoc, service):
    form = form_of(service)
    form.fields_model = form.fields_model.replace(
        "</schema>",
        '  <field name="remark" type="zope.schema.Text"><title>Bemerkung</title>'
        "<required>False</required></field>\n  </schema>",
    )
    release_v2(assoc["standard"])
    apply_update(service)
    assert list(get_schema(form).names()) == ["name", "email", "purpose", "remark", "copies"]


def test_update_without_form_change_leaves_the_form_alone(assoc, service):
    form = form_of(service)
    before = form.fields_model
    release_v2(assoc["standard"], form_template=TEMPLATE)
    result = apply_update(service)
    assert result["form_fields_added"] == []
    assert "form_template" not in result["updated"]
    assert form.fields_model == before


def test_submission_made_before_the_update_keeps_its_values(assoc, service, integration):
    form = form_of(service)
    data = {"name": "Anna Muster", "email": "anna@example.ch", "purpose": "Arbeitgeber"}
    submission = deliver(form, data, integration["request"]).submission
    release_v2(assoc["standard"])
    apply_update(service)
    assert submission.values["purpose"] == "Arbeitgeber"
    assert submission.values["name"] == "Anna Muster"
    assert "copies" not in submission.values
    assert "purpose" in submission.form_model
    assert "copies" not in submission.form_model
    assert submission.service_uid == api.content.get_uuid(service)


def test_applying_when_up_to_date_is_refused(assoc, service):
    with pytest.raises(AdoptionError) as error:
        apply_update(service)
    assert "already follows the latest version" in str(error.value.args[0])
    release_v2(assoc["standard"])
    apply_update(service)
    with pytest.raises(AdoptionError):
        apply_update(service)
    assert service.standard_version == 2


def test_update_from_a_retired_standard_is_refused(assoc, service):
    release_v2(assoc["standard"])
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(assoc["standard"], "retire", comment="Ersetzt")
    with pytest.raises(AdoptionError) as error:
        apply_update(service)
    assert "retired" in str(error.value.args[0])
    assert service.standard_version == 1
    assert service.title == "Wohnsitzbestätigung bestellen"


def test_updates_skip_to_the_latest_release(assoc, service):
    release_v2(assoc["standard"])
    with api.env.adopt_roles(["Manager"]):
        assoc["standard"].processing_time = "Sofort"
    release(assoc["standard"], note="Version 3", first=False)
    assert update_available(service)["version"] == 3
    changes = changes_by_name(service)
    assert changes["processing_time"].old == "3 Arbeitstage"
    assert changes["processing_time"].new == "Sofort"
    apply_update(service)
    assert service.standard_version == 3
    assert effective(service, "processing_time") == "Sofort"


def test_merge_template_adds_only_missing_fields():
    merged, added = merge_template(TEMPLATE, TEMPLATE_V2)
    assert added == ["copies"]
    again, added_again = merge_template(merged, TEMPLATE_V2)
    assert added_again == []
    assert again.count('name="copies"') == 1
    assert merged.count('name="purpose"') == 1


def test_merge_template_refuses_a_model_without_schema():
    with pytest.raises(AdoptionError):
        merge_template('<model xmlns="http://namespaces.plone.org/supermodel/schema"/>', TEMPLATE)
