"""Adopting a released standard service into a municipality, inheritance and override."""

import pytest
from plone import api

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.content_types.inheritance import effective


def test_adopt_creates_linked_service_and_form(assoc):
    service = adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert service.aq_parent.getId() == "liestal"
    assert service.title == "Wohnsitzbestätigung bestellen"
    assert service.standard.to_object.UID() == assoc["standard"].UID()
    assert service.standard_version == 1
    assert service.responsible_office.to_object.UID() == assoc["liestal-office"].UID()
    form = form_of(service)
    assert form.portal_type == "EasyForm"
    assert "purpose" in form.fields_model
    assert api.content.get_uuid(assoc["liestal-office"]) in form.actions_model
    assert api.content.get_state(service) == "private"
    assert api.content.get_state(form) == "private"


def test_empty_fields_inherit_and_filled_fields_override(assoc):
    service = adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert service.processing_time is None
    assert effective(service, "processing_time") == "3 Arbeitstage"
    assert service.Description().startswith("Bestätigung Ihres Wohnsitzes")
    service.processing_time = "1 Arbeitstag"
    assert effective(service, "processing_time") == "1 Arbeitstag"


def test_adopting_twice_is_refused(assoc):
    adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    before = len(assoc["liestal"].objectIds())
    with pytest.raises(AdoptionError) as error:
        adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert "already adopted" in str(error.value.args[0])
    assert len(assoc["liestal"].objectIds()) == before
