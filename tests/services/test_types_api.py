"""Our types through plone.restapi: fields, relations as links, vocabularies, privacy."""

import transaction
from plone import api

from digitalgemeinde.association.adopting import adopt
from tests.association.helpers import build_association
from tests.helpers import RestClient
from tests.helpers import create_user
from tests.submissions.helpers import make_submission


def test_service_with_relations_as_links_and_inherited_texts(functional, world, form):
    build_association(functional["portal"], world, commit=False)
    with api.env.adopt_roles(["Manager"]):
        service = adopt(world["standard"], world["liestal"], world["liestal-office"])
    transaction.commit()
    status, body = RestClient(functional["app"], "admin").get(service.absolute_url())
    assert status == 200
    assert body["@type"] == "Service"
    assert body["responsible_office"]["@id"].endswith("/plone/liestal/einwohnerdienste")
    assert body["online_form"]["@id"].endswith("-formular")
    assert body["standard"]["@id"].endswith("/verband/leistungskatalog/wohnsitzbestaetigung")
    assert body["standard_version"] == 1
    assert body["inherited"]["processing_time"] == "3 Arbeitstage"
    assert body["update_available"] is None
    status, body = RestClient(functional["app"]).get(world["standard"].absolute_url())
    assert status == 200
    assert body["version"] == 1
    assert [r["note"] for r in body["releases"]] == ["Erste Version"]


def test_relations_are_links_to_what_the_reader_may_view(functional, world, form):
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    service = world["liestal-service"]
    intids = getUtility(IIntIds)
    with api.env.adopt_roles(["Manager"]):
        draft = api.content.create(world["liestal"], "Service", id="entwurf", title="Entwurf")
        api.content.transition(form, "retract")
    service.related_services = [
        RelationValue(intids.getId(world["bl-service"])),
        RelationValue(intids.getId(draft)),
    ]
    transaction.commit()
    status, body = RestClient(functional["app"]).get(service.absolute_url())
    assert status == 200
    assert body["online_form"] is None  # the form is private again: not even its title
    assert form.absolute_url() not in str(body)
    office = body["responsible_office"]
    assert office["@id"].endswith("/plone/liestal/einwohnerdienste")
    assert office == {
        "@id": office["@id"],
        "@type": "Office",
        "UID": world["liestal-office"].UID(),
        "title": world["liestal-office"].Title(),
        "description": world["liestal-office"].Description(),
        "review_state": "published",
        "type_title": office["type_title"],
    }
    assert office["type_title"]
    assert [item["UID"] for item in body["related_services"]] == [world["bl-service"].UID()]
    status, body = RestClient(functional["app"], "admin").get(service.absolute_url())
    assert body["online_form"]["title"] == "Hund anmelden"
    assert body["online_form"]["review_state"] == "private"
    assert [item["title"] for item in body["related_services"]] == [
        world["bl-service"].Title(),
        "Entwurf",
    ]


def test_expired_related_service_is_no_link_for_anonymous(functional, world, form):
    from DateTime import DateTime
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    service = world["liestal-service"]
    service.related_services = [
        RelationValue(getUtility(IIntIds).getId(world["bl-service"])),
    ]
    world["bl-service"].expiration_date = DateTime() - 1
    world["bl-service"].reindexObject()
    transaction.commit()
    status, body = RestClient(functional["app"]).get(service.absolute_url())
    assert status == 200 and body["related_services"] == []
    assert body["online_form"]["@id"].endswith("/hund-anmelden-form")  # the rest still there
    status, body = RestClient(functional["app"], "admin").get(service.absolute_url())
    assert [item["UID"] for item in body["related_services"]] == [world["bl-service"].UID()]


def test_submission_for_its_office_only(functional, world, form):
    submission = make_submission(form, functional["request"])
    create_user("other-clerk", ["allschwil-einwohnerdienste-staff"])
    transaction.commit()
    url = submission.absolute_url()
    status, body = RestClient(functional["app"], "liestal-clerk").get(url)
    assert status == 200
    values = {item["name"]: item["value"] for item in body["values"]}
    assert values["dog"] == "Bello"
    assert body["log"][0]["action"] == "submitted"
    assert body["delivery"] is None
    for user in (None, "other-clerk", "liestal-editor"):
        status, body = RestClient(functional["app"], user).get(url)
        assert status in (401, 403), user
        assert "Bello" not in str(body)


def test_office_secret_only_for_the_tenants_admins(functional, world):
    office = world["liestal-office"]
    office.interface_url = "https://fachapp.example.ch/anliegen"
    office.interface_secret = "0123456789abcdef0123456789abcdef-geheim"
    transaction.commit()
    status, body = RestClient(functional["app"], "liestal-editor").get(office.absolute_url())
    assert status == 200 and "interface_secret" not in body
    assert body["interface_url"] == "https://fachapp.example.ch/anliegen"
    status, body = RestClient(functional["app"], "liestal-admin").get(office.absolute_url())
    assert body["interface_secret"].endswith("-geheim")
    status, _body = RestClient(functional["app"], "liestal-editor").patch(
        office.absolute_url(), {"interface_secret": "x" * 40}
    )
    assert status == 403  # security.routing: refused, not skipped without a word
    transaction.begin()
    assert office.interface_secret.endswith("-geheim")
    status, body = RestClient(functional["app"], "admin").patch(
        office.absolute_url(), {"interface_secret": "too short"}
    )
    assert status == 400 and "interface_secret" in str(body)


def test_project_status_refuses_a_bad_milestone(functional, world):
    build_association(functional["portal"], world)
    client = RestClient(functional["app"], "verband-editor")
    status, body = client.post(
        world["association"].absolute_url(),
        {
            "@type": "ProjectStatus",
            "title": "Projektstand",
            "milestones": "2027-03-31 | Pilot | geplant\nirgendwann | Ausbau | laufend",
        },
    )
    assert status == 400 and "milestones" in str(body) and "2" in str(body)
    transaction.begin()
    assert "projektstand" not in world["association"].objectIds()


def test_vocabularies(functional, world):
    client = RestClient(functional["app"])
    portal_url = functional["portal"].absolute_url()
    status, body = client.get(f"{portal_url}/@vocabularies/digitalgemeinde.vocabularies.topics")
    assert status == 200 and "building" in [item["token"] for item in body["items"]]
    status, body = client.get(
        f"{portal_url}/@vocabularies/digitalgemeinde.vocabularies.interface_formats"
    )
    assert [item["token"] for item in body["items"]] == ["json", "xml"]
