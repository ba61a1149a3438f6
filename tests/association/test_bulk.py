"""Adopting one standard into many municipalities at once, and what adoption refuses."""

import pytest
from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from plone import api
from zope.i18n import translate

from digitalgemeinde.association import adopting
from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adopting import bulk_adopt
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from tests.association.helpers import make_standard
from tests.association.helpers import release
from tests.submissions.helpers import add_office


def contents(assoc) -> dict[str, set[str]]:
    return {key: set(assoc[key].objectIds()) for key in ("liestal", "allschwil")}


def services_from(standard) -> list:
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain.getPath()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Service", standard_uid=api.content.get_uuid(standard)
        )
    ]


def text(message) -> str:
    return translate(message, target_language="en")


@pytest.fixture
def bauverwaltung(assoc):
    """A second office of Liestal, so that the office hint has to choose."""
    return add_office(assoc["liestal"], "bauverwaltung", "Bauverwaltung", "liestal-bau-clerk")


def test_bulk_adopt_gives_each_municipality_a_private_service_and_form(assoc, bauverwaltung):
    standard = assoc["standard"]
    outcomes = bulk_adopt(standard, [assoc["liestal"], assoc["allschwil"]])
    assert [outcome.municipality.getId() for outcome in outcomes] == ["liestal", "allschwil"]
    assert [outcome.error for outcome in outcomes] == [None, None]
    for outcome, key in zip(outcomes, ("liestal", "allschwil"), strict=True):
        service = outcome.service
        assert service.aq_parent.getId() == key
        assert service.getId() == "wohnsitzbestaetigung"
        assert service.portal_type == "Service"
        assert api.content.get_state(service) == "private"
        assert service.standard_uid == api.content.get_uuid(standard)
        assert service.standard_version == 1
        assert service.title == "Wohnsitzbestätigung bestellen"
        assert service.topics == ["personal"]
        form = form_of(service)
        assert form.aq_parent.getId() == key
        assert form.getId() == "wohnsitzbestaetigung-formular"
        assert api.content.get_state(form) == "private"
        assert list(get_schema(form).names()) == ["name", "email", "purpose"]
        # the office named by the hint, also where there are two
        office = assoc[f"{key}-office"]
        assert service.responsible_office.to_object.UID() == office.UID()
        assert get_actions(form)["deliver"].office == office.UID()
        assert adopted_in(standard, assoc[key]).UID() == service.UID()
    assert len(services_from(standard)) == 2


def test_office_hint_picks_the_office_by_name(assoc, bauverwaltung):
    assert adopting.office_for(assoc["liestal"], "Einwohnerdienste").getId() == "einwohnerdienste"
    assert adopting.office_for(assoc["liestal"], "bauverw").getId() == "bauverwaltung"
    # no hint, or one that names no office: no office among several
    assert adopting.office_for(assoc["liestal"], None) is None
    assert adopting.office_for(assoc["liestal"], "Steueramt") is None
    # the only office is taken whatever the hint
    assert adopting.office_for(assoc["allschwil"], "Steueramt").getId() == "einwohnerdienste"


def test_without_a_matching_office_the_service_has_none(assoc, bauverwaltung):
    standard = make_standard(assoc["catalog"], id_="baugesuch", office_hint="Bauamt")
    release(standard)
    [liestal, allschwil] = bulk_adopt(standard, [assoc["liestal"], assoc["allschwil"]])
    assert liestal.error is None
    assert liestal.service.responsible_office is None
    assert get_actions(form_of(liestal.service))["deliver"].office is None
    assert allschwil.service.responsible_office.to_object.UID() == assoc["allschwil-office"].UID()


def test_municipality_that_already_adopted_gets_an_error_others_succeed(assoc):
    standard = assoc["standard"]
    existing = adopt(standard, assoc["liestal"], assoc["liestal-office"])
    before = contents(assoc)
    outcomes = bulk_adopt(standard, [assoc["liestal"], assoc["allschwil"]])
    liestal, allschwil = outcomes
    assert liestal.service is None
    assert "Liestal has already adopted «Wohnsitzbestätigung bestellen»" in text(liestal.error)
    assert existing.absolute_url() in text(liestal.error)
    assert allschwil.error is None
    assert allschwil.service.aq_parent.getId() == "allschwil"
    after = contents(assoc)
    assert after["liestal"] == before["liestal"]
    assert after["allschwil"] - before["allschwil"] == {
        "wohnsitzbestaetigung",
        "wohnsitzbestaetigung-formular",
    }
    assert len(services_from(standard)) == 2


def test_draft_standard_is_refused_and_nothing_is_created(assoc):
    draft = make_standard(assoc["catalog"], id_="entwurf", title="Entwurf")
    before = contents(assoc)
    with pytest.raises(AdoptionError) as error:
        adopt(draft, assoc["liestal"], assoc["liestal-office"])
    assert "has not been released yet" in text(error.value.args[0])
    outcomes = bulk_adopt(draft, [assoc["liestal"], assoc["allschwil"]])
    assert [outcome.service for outcome in outcomes] == [None, None]
    assert all("has not been released yet" in text(outcome.error) for outcome in outcomes)
    assert contents(assoc) == before
    assert services_from(draft) == []


def test_standard_in_review_is_refused(assoc):
    standard = make_standard(assoc["catalog"], id_="in-pruefung", title="In Prüfung")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(standard, "submit")
    before = contents(assoc)
    with pytest.raises(AdoptionError):
        adopt(standard, assoc["liestal"], assoc["liestal-office"])
    assert contents(assoc) == before


def test_retired_standard_is_refused_and_nothing_is_created(assoc):
    standard = assoc["standard"]
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(standard, "retire", comment="Ersetzt")
    before = contents(assoc)
    with pytest.raises(AdoptionError) as error:
        adopt(standard, assoc["liestal"], assoc["liestal-office"])
    assert "is retired and can no longer be adopted" in text(error.value.args[0])
    outcomes = bulk_adopt(standard, [assoc["liestal"], assoc["allschwil"]])
    assert all("retired" in text(outcome.error) for outcome in outcomes)
    assert contents(assoc) == before
    assert services_from(standard) == []


def test_office_of_another_tenant_is_refused(assoc):
    before = contents(assoc)
    with pytest.raises(AdoptionError) as error:
        adopt(assoc["standard"], assoc["liestal"], assoc["allschwil-office"])
    assert "is neither an office of Liestal nor of its canton" in text(error.value.args[0])
    assert contents(assoc) == before
    assert services_from(assoc["standard"]) == []


def test_office_of_the_canton_is_accepted(assoc):
    service = adopt(assoc["standard"], assoc["liestal"], assoc["bl-office"])
    assert service.responsible_office.to_object.UID() == assoc["bl-office"].UID()


def test_only_standard_services_into_municipalities(assoc):
    with pytest.raises(AdoptionError):
        adopt(assoc["liestal-service"], assoc["allschwil"], None)
    with pytest.raises(AdoptionError):
        adopt(assoc["standard"], assoc["bl"], None)
    with pytest.raises(AdoptionError):
        adopt(assoc["standard"], assoc["association"], None)


def test_failed_adoption_leaves_nothing_behind(assoc, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Verbindung verloren")

    monkeypatch.setattr(adopting, "follow", broken)
    before = contents(assoc)
    with pytest.raises(RuntimeError):
        adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert contents(assoc) == before
    assert services_from(assoc["standard"]) == []


def test_adopted_service_is_owned_by_the_adopting_editor(assoc):
    with api.env.adopt_user(username="liestal-editor"):
        service = adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert service.Creator() == "liestal-editor"
    assert "Owner" in api.user.get_roles(username="liestal-editor", obj=service)
    assert api.user.has_permission(
        "Modify portal content", username="liestal-editor", obj=form_of(service)
    )


def test_municipality_named_twice_adopts_once(assoc):
    outcomes = bulk_adopt(assoc["standard"], [assoc["liestal"], assoc["liestal"]])
    assert outcomes[0].error is None
    assert outcomes[1].service is None
    assert "already adopted" in text(outcomes[1].error)
    assert services_from(assoc["standard"]) == ["/".join(outcomes[0].service.getPhysicalPath())]
