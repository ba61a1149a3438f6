"""The project's figures, computed from the site: participation, inhabitants, financing,
standards by state and the share of released standards each municipality offers online."""

from datetime import UTC
from datetime import datetime
from decimal import Decimal

from plone import api

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.figures import DEFAULT_RATE
from digitalgemeinde.association.figures import DEFAULT_TARGET
from digitalgemeinde.association.figures import figures
from digitalgemeinde.association.figures import parameters
from digitalgemeinde.association.figures import project_status_of
from tests.association.helpers import make_standard
from tests.association.helpers import publish
from tests.association.helpers import release


def shares(result) -> dict[str, tuple[int, int, bool]]:
    return {
        share["municipality"].getId(): (share["online"], share["percent"], share["meets"])
        for share in result.shares
    }


def test_participation_and_inhabitants(known):
    result = figures(known["status"])
    assert result.participating == 2
    assert result.municipalities_in_canton == 86
    assert result.inhabitants == 15000 + 21000
    assert result.canton_population == 300000


def test_financing_per_year_and_in_total(known):
    result = figures(known["status"])
    assert result.rate == Decimal("2.50")
    assert result.years == [
        {
            "year": year,
            "canton": Decimal("90000.00"),
            "municipalities": Decimal("90000.00"),
            "total": Decimal("180000.00"),
        }
        for year in (2026, 2027, 2028)
    ]
    assert result.financing_total == Decimal("540000.00")


def test_standards_by_state(known):
    result = figures(known["status"])
    assert result.standards_released == 2
    assert result.standards_retired == 1
    assert result.standards_in_work == 2  # a draft and one in review


def test_share_online_per_municipality(known):
    result = figures(known["status"])
    assert result.target == 80
    # by title: Allschwil, Liestal; Riehen (canton BS) takes no part
    assert [share["municipality"].getId() for share in result.shares] == [
        "allschwil",
        "liestal",
    ]
    assert shares(result) == {"allschwil": (1, 50, False), "liestal": (2, 100, True)}
    assert result.meeting_target == 1


def test_published_service_with_private_form_is_not_online(known):
    form = form_of(known["allschwil-heimatschein"])
    assert api.content.get_state(known["allschwil-heimatschein"]) == "published"
    assert api.content.get_state(form) == "private"
    publish(form)
    result = figures(known["status"])
    assert shares(result)["allschwil"] == (2, 100, True)
    assert result.meeting_target == 2


def test_private_service_with_published_form_is_not_online(known):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(known["liestal-wohnsitz"], "retract")
    assert shares(figures(known["status"]))["liestal"] == (1, 50, False)


def test_new_released_standard_lowers_the_shares(known):
    standard = make_standard(known["catalog"], id_="dritte", title="Dritter Standard")
    release(standard)
    result = figures(known["status"])
    assert result.standards_released == 3
    assert result.standards_in_work == 2
    assert shares(result) == {"allschwil": (1, 33, False), "liestal": (2, 67, False)}
    service = adopt(standard, known["liestal"], known["liestal-office"])
    publish(service, form_of(service))
    assert shares(figures(known["status"]))["liestal"] == (3, 100, True)


def test_retired_standard_counts_for_nobody(known):
    # Liestal adopted and published "adressauskunft" before it was retired
    assert api.content.get_state(known["liestal-adressauskunft"]) == "published"
    assert shares(figures(known["status"]))["liestal"][0] == 2


def test_figures_follow_the_parameters_of_the_status_page(known):
    status = known["status"]
    status.rate = Decimal("1.20")
    status.first_year = 2027
    status.last_year = 2027
    status.target_percent = 50
    known["allschwil"].population = 21001
    result = figures(status)
    assert result.inhabitants == 36001
    # 1.20 × 36001 = 43201.20
    assert result.years == [
        {
            "year": 2027,
            "canton": Decimal("43201.20"),
            "municipalities": Decimal("43201.20"),
            "total": Decimal("86402.40"),
        }
    ]
    assert result.financing_total == Decimal("86402.40")
    assert shares(result) == {"allschwil": (1, 50, True), "liestal": (2, 100, True)}


def test_financing_is_rounded_to_cents(known):
    status = known["status"]
    status.rate = Decimal("0.333")
    known["liestal"].population = 1
    known["allschwil"].population = 0
    result = figures(status)
    assert result.years[0]["canton"] == Decimal("0.33")
    assert result.financing_total == Decimal("1.98")  # 3 years × 2 × 0.33


def test_municipality_without_population_counts_nothing(known):
    known["allschwil"].population = None
    result = figures(known["status"])
    assert result.inhabitants == 15000
    assert result.participating == 2
    assert result.years[0]["total"] == Decimal("75000.00")


def test_no_released_standard_means_no_municipality_meets_the_target(assoc):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(assoc["standard"], "retire", comment="Ersetzt")
        status = api.content.create(assoc["association"], "ProjectStatus", id="stand", title="S")
    result = figures(status)
    assert result.standards_released == 0
    assert result.standards_retired == 1
    assert [share["meets"] for share in result.shares] == [False, False]
    assert [share["percent"] for share in result.shares] == [0, 0]


def test_parameters_default_without_a_status_page(assoc):
    assert project_status_of(assoc["association"]) is None
    year = datetime.now(UTC).year
    assert parameters(assoc["association"]) == (DEFAULT_RATE, year, year, DEFAULT_TARGET)


def test_parameters_are_read_from_the_status_page(known):
    assert project_status_of(known["association"]).getId() == "projektstand"
    assert parameters(known["association"]) == (Decimal("2.50"), 2026, 2028, 80)


def test_canton_without_counts_gives_none(known):
    known["bl"].municipality_count = None
    known["bl"].population = None
    result = figures(known["status"])
    assert result.municipalities_in_canton is None
    assert result.canton_population is None
    assert result.participating == 2
