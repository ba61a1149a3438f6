"""POST <Municipality>/@adopt and GET <Association>/@coverage: adoption of standard services and
the coverage dashboard over REST, for those who may, refused for others."""

import json
from decimal import Decimal

import pytest
import transaction
from plone import api

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.submissions.delivery import deliver
from tests.association.helpers import build_association
from tests.association.helpers import build_known_figures
from tests.association.helpers import make_standard
from tests.association.helpers import publish
from tests.association.helpers import release
from tests.association.helpers import retire
from tests.helpers import RestClient
from tests.helpers import build_world


@pytest.fixture
def world(functional):
    """The tenant world with the association and a released standard service, committed
    (as the ``assoc_functional`` fixture of tests/association)."""
    return build_association(functional["portal"], build_world(functional["portal"]))


def adopt_url(world, tenant="liestal") -> str:
    return f"{world[tenant].absolute_url()}/@adopt"


def adopted(world, tenant="liestal") -> list[str]:
    """Ids of the services adopted into ``tenant`` so far."""
    transaction.begin()
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain.getId
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Service",
            path="/".join(world[tenant].getPhysicalPath()),
            standard_uid=world["standard"].UID(),
        )
    ]


# Adopting


def test_editor_adopts_a_released_standard(app, world):
    standard, office = world["standard"], world["liestal-office"]
    status, body = RestClient(app, "liestal-editor").post(
        adopt_url(world), {"standard": standard.UID(), "office": office.UID()}
    )
    assert status == 201, body
    transaction.begin()
    service = world["liestal"]["wohnsitzbestaetigung"]
    form = form_of(service)
    assert body["@id"].endswith("/plone/liestal/wohnsitzbestaetigung")
    assert body["UID"] == service.UID()
    assert body["title"] == "Wohnsitzbestätigung bestellen"
    assert body["review_state"] == "private"
    assert body["version"] == 1
    assert body["standard"]["UID"] == standard.UID()
    assert body["standard"]["@id"].endswith("/leistungskatalog/wohnsitzbestaetigung")
    assert body["form"]["@id"].endswith(f"/plone/liestal/{form.getId()}")
    assert body["form"]["review_state"] == "private"
    assert body["office"]["title"] == "Einwohnerdienste"
    assert service.standard_version == 1
    assert service.responsible_office.to_object == office


def test_adopting_without_an_office(app, world):
    status, body = RestClient(app, "liestal-editor").post(
        adopt_url(world), {"standard": world["standard"].UID(), "office": None}
    )
    assert status == 201, body
    assert body["office"] is None
    assert adopted(world) == ["wohnsitzbestaetigung"]


def test_a_cantonal_office_may_be_named(app, world):
    status, body = RestClient(app, "liestal-editor").post(
        adopt_url(world), {"standard": world["standard"].UID(), "office": world["bl-office"].UID()}
    )
    assert status == 201, body
    assert body["office"]["title"] == "Steuerverwaltung"


def test_adopting_twice_is_a_conflict(app, world):
    client = RestClient(app, "liestal-editor")
    data = {"standard": world["standard"].UID()}
    assert client.post(adopt_url(world), data)[0] == 201
    status, body = client.post(adopt_url(world), data)
    assert status == 409
    assert body["type"] == "Conflict"
    assert "already adopted" in body["message"]
    assert adopted(world) == ["wohnsitzbestaetigung"]


@pytest.mark.parametrize("user", [None, "allschwil-editor", "liestal-clerk", "bl-editor"])
def test_others_cannot_adopt_into_liestal(app, world, user):
    status, body = RestClient(app, user).post(
        adopt_url(world), {"standard": world["standard"].UID()}
    )
    assert status in (401, 403)
    assert adopted(world) == []


@pytest.mark.parametrize(
    "data,field",
    [
        ({}, "standard"),
        ({"standard": ""}, "standard"),
        ({"standard": 42}, "standard"),
        ({"standard": "0123456789abcdef0123456789abcdef"}, "standard"),
        ({"standard": "STANDARD", "office": "0123456789abcdef0123456789abcdef"}, "office"),
        ({"standard": "STANDARD", "office": "ALLSCHWIL-OFFICE"}, "office"),
        ({"standard": "STANDARD", "office": ["LIESTAL-OFFICE"]}, "office"),
        ({"standard": "LIESTAL-OFFICE"}, "standard"),
    ],
)
def test_bad_input_is_refused_naming_the_field(app, world, data, field):
    uids = {
        "STANDARD": world["standard"].UID(),
        "ALLSCHWIL-OFFICE": world["allschwil-office"].UID(),
        "LIESTAL-OFFICE": world["liestal-office"].UID(),
    }
    data = json.loads(json.dumps(data).replace('"STANDARD"', f'"{uids["STANDARD"]}"'))
    for key, value in data.items():
        if isinstance(value, str) and value in uids:
            data[key] = uids[value]
        elif isinstance(value, list):
            data[key] = [uids.get(item, item) for item in value]
    status, body = RestClient(app, "liestal-editor").post(adopt_url(world), data)
    assert status == 400, body
    assert [error["field"] for error in body["errors"]] == [field]
    assert adopted(world) == []


def test_standards_that_are_not_released_are_refused(app, world):
    draft = make_standard(world["catalog"], id_="entwurf", title="Entwurf")
    retired = make_standard(world["catalog"], id_="alt", title="Alte Leistung")
    release(retired)
    retire(retired)
    transaction.commit()
    client = RestClient(app, "liestal-editor")
    for standard, words in ((draft, "not been released"), (retired, "retired")):
        status, body = client.post(adopt_url(world), {"standard": standard.UID()})
        assert status == 400, body
        assert body["errors"][0]["field"] == "standard"
        assert words in body["message"]
    transaction.begin()
    assert "entwurf" not in world["liestal"].objectIds()
    assert "alt" not in world["liestal"].objectIds()


def test_a_standard_of_another_cantons_association_is_unknown(app, world):
    with api.env.adopt_roles(["Manager"]):
        other = api.content.create(
            api.portal.get(), "Association", id="verband-bs", title="Verband BS", canton="BS"
        )
        catalog = api.content.create(other, "ServiceCatalog", id="katalog", title="Katalog")
    standard = make_standard(catalog, id_="bs-leistung", title="Leistung BS")
    release(standard)
    transaction.commit()
    status, body = RestClient(app, "liestal-editor").post(
        adopt_url(world), {"standard": standard.UID()}
    )
    assert status == 400
    assert body["errors"][0]["field"] == "standard"
    transaction.begin()
    assert "bs-leistung" not in world["liestal"].objectIds()


def test_body_that_is_no_json_is_refused(app, world):
    client = RestClient(app, "liestal-editor")
    response = client.testapp.post(
        adopt_url(world), "standard=x", headers=client.headers, expect_errors=True
    )
    assert response.status_int == 400
    assert response.json["type"] == "BadRequest"
    assert adopted(world) == []


# Coverage


def coverage_url(world) -> str:
    return f"{world['association'].absolute_url()}/@coverage"


@pytest.mark.parametrize("user", ["verband-editor", "innovator"])
def test_association_reads_the_coverage(app, world, user):
    with api.env.adopt_roles(["Manager"]):
        service = adopt(world["standard"], world["liestal"], world["liestal-office"])
    publish(service)
    transaction.commit()
    status, body = RestClient(app, user).get(coverage_url(world))
    assert status == 200, body
    assert body["@id"].endswith("/plone/verband/@coverage")
    assert body["days"] == 30
    assert body["rate"] == "2.50"
    assert body["target"] == 80
    assert [(item["title"], item["version"]) for item in body["standards"]] == [
        ("Wohnsitzbestätigung bestellen", 1)
    ]
    assert body["standards"][0]["UID"] == world["standard"].UID()
    rows = {row["municipality"]["title"]: row for row in body["rows"]}
    assert sorted(rows) == ["Allschwil", "Liestal"]
    (cell,) = rows["Liestal"]["cells"]
    assert cell["@id"].endswith("/plone/liestal/wohnsitzbestaetigung")
    assert (cell["adopted"], cell["published"], cell["form_online"]) == (True, True, False)
    assert cell["update"] is False
    assert rows["Allschwil"]["cells"] == [
        {
            "@id": None,
            "adopted": False,
            "published": False,
            "form_online": False,
            "submissions": 0,
            "update": False,
        }
    ]
    assert rows["Liestal"]["contribution"] == "37500.00"
    assert rows["Liestal"]["cost_per_request"] is None
    assert body["column_totals"] == [{"adopted": 1, "published": 1, "online": 0, "submissions": 0}]
    assert body["totals"]["adopted"] == 1
    assert body["totals"]["contribution"] == "75000.00"


def test_coverage_with_known_figures(app, world, functional):
    """Liestal 15000, Allschwil 21000 inhabitants at CHF 2.50; one request to Liestal."""
    build_known_figures(world)
    deliver(
        form_of(world["liestal-wohnsitz"]),
        {"name": "Anna", "email": "anna@example.ch", "purpose": "Bank"},
        functional["request"],
    )
    transaction.commit()
    status, body = RestClient(app, "verband-editor").get(coverage_url(world))
    assert status == 200, body
    assert [item["title"] for item in body["standards"]] == [
        "Heimatschein bestellen",
        "Wohnsitzbestätigung bestellen",
    ]
    rows = {row["municipality"]["title"]: row for row in body["rows"]}
    assert sorted(rows) == ["Allschwil", "Liestal"]  # Riehen is of another canton
    liestal, allschwil = rows["Liestal"], rows["Allschwil"]
    assert (liestal["adopted"], liestal["published"], liestal["online"]) == (2, 2, 2)
    assert (allschwil["adopted"], allschwil["published"], allschwil["online"]) == (2, 2, 1)
    assert liestal["submissions"] == 1
    assert liestal["cells"][1]["submissions"] == 1
    assert liestal["requests_year"] == 1
    assert liestal["contribution"] == "37500.00"
    assert liestal["cost_per_request"] == "37500.00"
    assert allschwil["population"] == 21000
    assert allschwil["contribution"] == "52500.00"
    assert body["column_totals"] == [
        {"adopted": 2, "published": 2, "online": 1, "submissions": 0},
        {"adopted": 2, "published": 2, "online": 2, "submissions": 1},
    ]
    assert body["totals"] == {
        "adopted": 4,
        "published": 4,
        "online": 3,
        "submissions": 1,
        "requests_year": 1,
        "requests_recent": 1,
        "population": 36000,
        "contribution": "90000.00",
    }
    assert Decimal(body["totals"]["contribution"]) == Decimal("90000.00")


@pytest.mark.parametrize("user", [None, "liestal-editor", "liestal-admin", "liestal-clerk"])
def test_others_cannot_read_the_coverage(app, world, user):
    status, body = RestClient(app, user).get(coverage_url(world))
    assert status in (401, 403)
    assert "Liestal" not in json.dumps(body)
    assert "rows" not in body
