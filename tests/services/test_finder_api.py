"""GET @service-finder: the services a citizen may use, over REST, with the finder's scopes and
filters; unknown filters refused naming the parameter; hidden services stay hidden."""

import json

import pytest
import transaction
from plone import api

from digitalgemeinde.finder.home import COOKIE_NAME
from tests.helpers import RestClient


def finder(obj=None, query: str = "") -> str:
    base = (obj or api.portal.get()).absolute_url()
    return f"{base}/@service-finder" + (f"?{query}" if query else "")


def titles_and_tenants(body) -> list[tuple[str, str]]:
    return sorted((item["title"], item["tenant"]["title"]) for item in body["items"])


def test_municipality_finder_lists_its_services_and_its_cantons(app, world):
    status, body = RestClient(app).get(finder(world["liestal"]))
    assert status == 200, body
    assert titles_and_tenants(body) == [
        ("Hund anmelden", "Liestal"),
        ("Steuererklärung einreichen", "Basel-Landschaft"),
    ]
    assert body["items_total"] == 2
    dog = next(item for item in body["items"] if item["title"] == "Hund anmelden")
    assert dog["@id"].endswith("/plone/liestal/hund-anmelden")
    assert dog["UID"] == world["liestal-service"].UID()
    assert dog["level"] == "municipality"
    assert dog["tenant"]["@id"].endswith("/plone/liestal")
    assert dog["topics"] == [{"token": "personal", "title": "Persönliches und Wohnen"}]
    assert dog["audience"][0]["token"] == "private"
    taxes = next(item for item in body["items"] if item["title"] != "Hund anmelden")
    assert taxes["level"] == "canton"
    assert taxes["tenant"]["@id"].endswith("/plone/bl")


def test_canton_finder_lists_the_cantons_services_only(app, world):
    status, body = RestClient(app).get(finder(world["bl"]))
    assert status == 200
    assert titles_and_tenants(body) == [("Steuererklärung einreichen", "Basel-Landschaft")]


def test_site_finder_lists_every_tenants_services(app, world):
    status, body = RestClient(app).get(finder())
    assert status == 200
    assert titles_and_tenants(body) == [
        ("Hund anmelden", "Allschwil"),
        ("Hund anmelden", "Liestal"),
        ("Steuererklärung einreichen", "Basel-Landschaft"),
    ]


@pytest.mark.parametrize(
    "query,found",
    [
        ("topics=taxes", [("Steuererklärung einreichen", "Basel-Landschaft")]),
        ("topics=taxes&topics=personal", None),
        ("topics=family", []),
        ("audience=private", None),
        ("text=Hund", [("Hund anmelden", "Liestal")]),
        ("text=steuer", [("Steuererklärung einreichen", "Basel-Landschaft")]),
        ("text=Hund&topics=taxes", []),
        ("text=%22Hund", [("Hund anmelden", "Liestal")]),
    ],
)
def test_filters(app, world, query, found):
    everything = [("Hund anmelden", "Liestal"), ("Steuererklärung einreichen", "Basel-Landschaft")]
    status, body = RestClient(app).get(finder(world["liestal"], query))
    assert status == 200, body
    assert titles_and_tenants(body) == (everything if found is None else found)


@pytest.mark.parametrize(
    "query,fields",
    [
        ("topics=nonsense", ["topics"]),
        ("topics=taxes&topics=nonsense", ["topics"]),
        ("audience=aliens", ["audience"]),
        ("text=a&text=b", ["text"]),
        ("b_size=0", ["b_size"]),
        ("b_start=minus", ["b_start"]),
        ("topics=x&audience=y", ["topics", "audience"]),
    ],
)
def test_bad_filter_is_refused_naming_the_parameter(app, world, query, fields):
    status, body = RestClient(app).get(finder(world["liestal"], query))
    assert status == 400, body
    assert body["type"] == "BadRequest"
    assert [error["field"] for error in body["errors"]] == fields
    assert "items" not in body


@pytest.mark.parametrize("text", ["(", ")", "%27", "%5C", "%22%28%22%20%22%29%22", "%00"])
def test_text_without_a_word_is_refused_naming_it(app, world, text):
    """Found by Schemathesis: the catalog's text index refuses such a query (ParseError)."""
    for context in (world["liestal"], None):
        status, body = RestClient(app).get(finder(context, f"text={text}"))
        assert status == 400, body
        assert body["errors"] == [
            {"field": "text", "message": "The search text could not be understood."}
        ]


def test_unknown_topic_is_named_in_the_message(app, world):
    status, body = RestClient(app).get(finder(world["liestal"], "topics=nonsense"))
    assert body["errors"] == [{"field": "topics", "message": 'There is no topic "nonsense".'}]


def test_pages(app, world):
    status, body = RestClient(app).get(finder(None, "b_size=2"))
    assert status == 200
    assert body["items_total"] == 3
    assert len(body["items"]) == 2
    status, body = RestClient(app).get(body["batching"]["next"])
    assert [item["title"] for item in body["items"]] == ["Steuererklärung einreichen"]


def test_private_services_and_tenants_stay_hidden(app, world):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            world["allschwil"], "Service", id="geheim", title="Geheime Leistung", topics=["taxes"]
        )
        api.content.transition(world["allschwil"], "retract")
    transaction.commit()
    for user in (None, "liestal-editor"):
        status, body = RestClient(app, user).get(finder(None, "b_size=100"))
        assert status == 200
        text = json.dumps(body, ensure_ascii=False)
        assert "Geheime Leistung" not in text
        assert "Allschwil" not in text, user
    # the tenant's own editor finds its draft, under its own tenant
    status, body = RestClient(app, "allschwil-editor").get(finder(world["allschwil"]))
    assert ("Geheime Leistung", "Allschwil") in titles_and_tenants(body)


def test_finder_of_a_private_tenant_is_refused(app, world):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(world["allschwil"], "retract")
    transaction.commit()
    status, body = RestClient(app).get(finder(world["allschwil"]))
    assert status in (401, 403, 404)
    assert "Hund anmelden" not in json.dumps(body)


def test_chosen_municipality_first_and_who_else_offers_it(app, world):
    """The municipality chosen on @@meine-gemeinde (its cookie) comes first; the others' items
    name who else offers the same service."""
    client = RestClient(app)
    status, body = client.get(finder(None, "text=Hund"))
    assert status == 200, body
    assert len(body["items"]) == 2
    for chosen, other in (("allschwil", "liestal"), ("liestal", "allschwil")):
        client.headers["Cookie"] = f"{COOKIE_NAME}={world[chosen].UID()}"
        status, body = client.get(finder(None, "text=Hund"))
        assert status == 200, body
        first, second = body["items"]
        assert first["tenant"]["title"] == world[chosen].title
        assert first["also_offered_by"] == []
        assert second["tenant"]["title"] == world[other].title
        assert [other["title"] for other in second["also_offered_by"]] == [world[chosen].title]
        assert second["also_offered_by"][0]["@id"] == first["tenant"]["@id"]


def test_typo_and_word_beginning_find_the_service(app, world):
    for typed in ("anmeldn", "Hund%20anmel", "Steuererklrung"):
        status, body = RestClient(app).get(finder(world["liestal"], f"text={typed}"))
        assert status == 200, body
        assert len(body["items"]) == 1, typed


def test_hidden_tenant_is_never_named_as_offering_it(app, world):
    client = RestClient(app)
    client.headers["Cookie"] = f"{COOKIE_NAME}={world['liestal'].UID()}"
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(world["allschwil"], "retract")
    transaction.commit()
    status, body = client.get(finder(None, "text=Hund"))
    assert status == 200
    assert [item["also_offered_by"] for item in body["items"]] == [[]]
    assert "Allschwil" not in json.dumps(body)
