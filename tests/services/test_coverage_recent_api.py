"""GET <Association>/@coverage gives the requests of the last 30 days per municipality and in
total, counted like the year's (every online request of the municipality, also through its own
forms), as the dashboard's column «Anliegen (30 Tage)» shows them."""

import pytest
import transaction

from digitalgemeinde.association.adoption import form_of
from tests.association.helpers import build_association
from tests.association.helpers import build_known_figures
from tests.association.test_coverage import submit
from tests.helpers import RestClient
from tests.helpers import build_world
from tests.request_forms import make_request_form


@pytest.fixture
def world(functional):
    return build_association(functional["portal"], build_world(functional["portal"]))


def test_coverage_gives_the_requests_of_30_days(app, world, functional):
    build_known_figures(world)
    request = functional["request"]
    wohnsitz = form_of(world["liestal-wohnsitz"])
    submit(wohnsitz, request, "Anna", purpose="Bank")
    submit(wohnsitz, request, "Dora", days_ago=40, purpose="Bank")  # in the year only
    dogs = make_request_form(world)  # Liestal's own form, no standard service
    submit(dogs, request, "Gina", dog="Bello")
    transaction.commit()

    status, body = RestClient(app, "verband-editor").get(
        f"{world['association'].absolute_url()}/@coverage"
    )

    assert status == 200, body
    rows = {row["municipality"]["title"]: row for row in body["rows"]}
    assert rows["Liestal"]["requests_recent"] == 2
    assert rows["Liestal"]["requests_year"] == 3
    assert rows["Allschwil"]["requests_recent"] == 0
    assert body["totals"]["requests_recent"] == 2
    assert body["days"] == 30


def test_citizen_does_not_get_the_figures(app, world):
    status, body = RestClient(app, None).get(f"{world['association'].absolute_url()}/@coverage")
    assert status in (401, 403)
    assert "requests_recent" not in str(body)
