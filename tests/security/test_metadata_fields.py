"""Security model (11): ``metadata_fields`` naming a method calls nothing and changes nothing,
on every REST route that takes it, even for the site owner; catalog columns still come back."""

import pytest
import transaction
from plone import api

from tests.security.helpers import Client
from tests.security.helpers import serve_world

# Methods that would show when called: gone from the catalog, a new modification date, ...
METHODS = [
    "manage_delObjects",
    "getObject",
    "_unrestrictedGetObject",
    "unindexObject",
    "reindexObject",
    "notifyModified",
    "setModificationDate",
    "manage_fixupOwnershipAfterAdd",
]
SERVICE = "liestal/hund-anmelden"


def asked(client, route: str, fields: list[str]):
    """The items of one listing route, asked for ``fields``."""
    if route == "@querystring-search":
        query = {
            "query": [
                {
                    "i": "portal_type",
                    "o": "plone.app.querystring.operation.selection.any",
                    "v": ["Service"],
                }
            ],
            "metadata_fields": fields,
        }
        response = client.rest("POST", route, query)
    else:
        separator = "&" if "?" in route else "?"
        query = "&".join(f"metadata_fields={field}" for field in fields)
        response = client.rest("GET", f"{route}{separator}{query}")
    assert response.status_code == 200, (route, response.text[:300])
    return response.json()["items"]


def snapshot(world) -> tuple:
    transaction.begin()
    catalog = api.portal.get_tool("portal_catalog")
    service = world["liestal-service"]
    found = catalog.unrestrictedSearchResults(portal_type="Service", sort_on="getId")
    return (
        [brain.getPath() for brain in found],
        service.modification_date,
        service._p_serial,
        sorted(world["liestal"].objectIds()),
        service.getOwner().getId(),
    )


ROUTES = ["@search?portal_type=Service", "liestal", "@querystring-search"]


class TestMetadataFields:
    @pytest.mark.parametrize("user", [None, "liestal-editor", "admin"])
    def test_method_names_call_nothing(self, acceptance, user):
        world = serve_world(acceptance)
        before = snapshot(world)
        client = Client(acceptance, user)
        for route in ROUTES:
            for method in METHODS:
                items = asked(client, route, [method])
                assert items, route
                for item in items:
                    assert method not in item, (route, method, item[method])
        assert snapshot(world) == before

    def test_catalog_columns_still_come_back(self, acceptance):
        world = serve_world(acceptance)
        client = Client(acceptance, "liestal-editor")
        for route in ROUTES:
            items = asked(client, route, ["modified", "getId", "UID"])
            service = next(item for item in items if item["@id"].endswith(f"/{SERVICE}"))
            assert service["getId"] == "hund-anmelden", route
            assert service["UID"] == world["liestal-service"].UID(), route
        everything = asked(client, "@search?portal_type=Service", ["_all"])
        assert {"getId", "modified", "review_state", "getPath"} <= set(everything[0])
