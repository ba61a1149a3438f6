"""The coverage matrix: municipalities × released standard services, with what each has
adopted, published and put online, the requests of the last 30 days and of the year, and the
cost of a request (the municipality's yearly contribution divided by its requests)."""

from decimal import Decimal

import pytest
from DateTime import DateTime
from plone import api

from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.figures import Cell
from digitalgemeinde.association.figures import coverage
from digitalgemeinde.submissions.delivery import deliver
from tests.association.helpers import release
from tests.request_forms import make_request_form


def submit(form, request, name: str, days_ago: int = 0, **values):
    """A request through ``form``; ``days_ago`` backdates it (as if made then)."""
    data = {"name": name, "email": "anna@example.ch", **values}
    submission = deliver(form, data, request).submission
    if days_ago:
        submission.creation_date = DateTime() - days_ago
        submission.reindexObject()
    return submission


@pytest.fixture
def requests_(known, integration):
    """Liestal: three recent requests for "wohnsitz", one 40 days old and one 400 days old;
    one recent for "heimatschein"; two recent through its own (not adopted) dog form.
    Allschwil: none."""
    request = integration["request"]
    wohnsitz = form_of(known["liestal-wohnsitz"])
    for name in ("Anna", "Beat", "Chris"):
        submit(wohnsitz, request, name, purpose="Arbeitgeber")
    submit(wohnsitz, request, "Dora", days_ago=40, purpose="Bank")
    submit(wohnsitz, request, "Emil", days_ago=400, purpose="Bank")
    submit(form_of(known["liestal-heimatschein"]), request, "Fritz", purpose="Pass")
    dogs = make_request_form(known)
    for name in ("Gina", "Hans"):
        submit(dogs, request, name, dog="Bello")
    return known


def columns(matrix) -> list[str]:
    return [standard.getId() for standard in matrix.standards]


def row_of(matrix, municipality_id):
    [row] = [row for row in matrix.rows if row.municipality.getId() == municipality_id]
    return row


def flags(cell: Cell) -> tuple:
    return (cell.adopted, cell.published, cell.form_online, cell.submissions)


def test_columns_are_the_released_standards_by_title(known):
    matrix = coverage(known["association"])
    # "adressauskunft" is retired, "entwurf" and "pruefung" are not released
    assert columns(matrix) == ["heimatschein", "wohnsitzbestaetigung"]
    assert [row.municipality.getId() for row in matrix.rows] == ["allschwil", "liestal"]
    assert matrix.rate == Decimal("2.50")
    assert matrix.target == 80


def test_cells_adopted_published_online(known):
    matrix = coverage(known["association"])
    allschwil, liestal = row_of(matrix, "allschwil"), row_of(matrix, "liestal")
    # heimatschein, wohnsitz
    assert [flags(cell) for cell in allschwil.cells] == [
        (True, True, False, 0),
        (True, True, True, 0),
    ]
    assert [flags(cell) for cell in liestal.cells] == [(True, True, True, 0), (True, True, True, 0)]
    assert allschwil.cells[0].url == known["allschwil-heimatschein"].absolute_url()
    assert not any(cell.update for row in matrix.rows for cell in row.cells)


def test_cell_of_a_standard_not_adopted_is_empty(known):
    with api.env.adopt_roles(["Manager"]):
        service = known["allschwil-heimatschein"]
        form = form_of(service)
        api.content.delete(service)
        api.content.delete(form)
    cell = row_of(coverage(known["association"]), "allschwil").cells[0]
    assert cell == Cell()
    assert cell.url is None


def test_private_service_is_adopted_but_not_published(known):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(known["liestal-wohnsitz"], "retract")
    cell = row_of(coverage(known["association"]), "liestal").cells[1]
    assert flags(cell) == (True, False, False, 0)


def test_cell_shows_an_update(known):
    standard = known["wohnsitz"]
    with api.env.adopt_roles(["Manager"]):
        standard.processing_time = "2 Arbeitstage"
    release(standard, note="Schneller", first=False)
    matrix = coverage(known["association"])
    assert [row.cells[1].update for row in matrix.rows] == [True, True]
    assert [row.cells[0].update for row in matrix.rows] == [False, False]


def test_submissions_of_the_last_30_days_per_cell(requests_):
    matrix = coverage(requests_["association"])
    liestal, allschwil = row_of(matrix, "liestal"), row_of(matrix, "allschwil")
    # heimatschein: 1; wohnsitz: 3 recent (the 40 and 400 days old ones do not count)
    assert [cell.submissions for cell in liestal.cells] == [1, 3]
    assert [cell.submissions for cell in allschwil.cells] == [0, 0]
    assert liestal.submissions == 4


def test_other_period_counts_older_requests(requests_):
    matrix = coverage(requests_["association"], days=60)
    assert [cell.submissions for cell in row_of(matrix, "liestal").cells] == [1, 4]


def test_requests_of_the_year_count_every_form_of_the_municipality(requests_):
    matrix = coverage(requests_["association"])
    # 3 + 1 (40 days) for wohnsitz, 1 heimatschein, 2 through the dog form; not the 400 days old
    assert row_of(matrix, "liestal").requests_year == 7
    assert row_of(matrix, "allschwil").requests_year == 0


def test_row_totals(requests_):
    matrix = coverage(requests_["association"])
    liestal, allschwil = row_of(matrix, "liestal"), row_of(matrix, "allschwil")
    assert (liestal.adopted, liestal.published, liestal.online) == (2, 2, 2)
    assert (allschwil.adopted, allschwil.published, allschwil.online) == (2, 2, 1)
    assert liestal.share_online(len(matrix.standards)) == 1.0
    assert allschwil.share_online(len(matrix.standards)) == 0.5
    assert allschwil.share_online(0) == 0.0


def test_column_totals(requests_):
    matrix = coverage(requests_["association"])
    assert matrix.column_totals == [
        {"adopted": 2, "published": 2, "online": 1, "submissions": 1},  # heimatschein
        {"adopted": 2, "published": 2, "online": 2, "submissions": 3},  # wohnsitz
    ]


def test_grand_totals(requests_):
    assert coverage(requests_["association"]).totals == {
        "adopted": 4,
        "published": 4,
        "online": 3,
        "submissions": 4,
        "requests_recent": 6,
        "requests_year": 7,
        "contribution": Decimal("90000.00"),  # 2.50 × (15000 + 21000)
    }


def test_contribution_and_cost_per_request(requests_):
    matrix = coverage(requests_["association"])
    liestal, allschwil = row_of(matrix, "liestal"), row_of(matrix, "allschwil")
    assert liestal.population == 15000
    assert liestal.contribution == Decimal("37500.00")
    # 37500 / 7 = 5357.142857…
    assert liestal.cost_per_request == Decimal("5357.14")
    assert allschwil.contribution == Decimal("52500.00")
    assert allschwil.cost_per_request is None


def test_cost_per_request_without_requests_is_none(known):
    matrix = coverage(known["association"])
    assert [row.requests_year for row in matrix.rows] == [0, 0]
    assert [row.cost_per_request for row in matrix.rows] == [None, None]


def test_cost_per_request_falls_with_more_requests(requests_, integration):
    form = form_of(requests_["allschwil-wohnsitz"])
    for name in ("Ida", "Jan", "Kurt"):
        submit(form, integration["request"], name, purpose="Miete")
    row = row_of(coverage(requests_["association"]), "allschwil")
    assert row.requests_year == 3
    assert row.cells[1].submissions == 3
    assert row.cost_per_request == Decimal("17500.00")  # 52500 / 3


def test_association_of_another_canton_sees_its_own_municipalities(known):
    with api.env.adopt_roles(["Manager"]):
        other = api.content.create(
            api.portal.get(), "Association", id="verband-bs", title="Verband BS", canton="BS"
        )
    matrix = coverage(other)
    assert matrix.standards == []
    assert [row.municipality.getId() for row in matrix.rows] == ["riehen"]
    assert matrix.rows[0].contribution == Decimal("52500.00")


def test_requests_to_the_cantons_office_count_for_the_municipality(known, integration):
    """A municipality may adopt a standard with its canton's office: the requests land in the
    canton's inbox but were received online through the municipality's service."""
    from digitalgemeinde.association.adopting import adopt
    from tests.association.helpers import make_standard

    standard = make_standard(known["catalog"], id_="hundesteuer", title="Hundesteuer")
    release(standard)
    with api.env.adopt_roles(["Manager"]):
        service = adopt(standard, known["allschwil"], known["bl-office"])
    form = form_of(service)
    submit(form, integration["request"], "Lea", purpose="Arbeitgeber")
    submit(form, integration["request"], "Max", purpose="Bank", days_ago=100)
    row = row_of(coverage(known["association"]), "allschwil")
    assert row.requests_year == 2
    assert row.cost_per_request == Decimal("26250.00")  # 52500 / 2
