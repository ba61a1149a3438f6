"""Figures of the project computed from the site, never typed in: participation, inhabitants,
financing, released standards and how many of them each municipality offers online; and the
coverage matrix of municipalities × standard services for the association's dashboard.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal

from DateTime import DateTime
from plone import api

from digitalgemeinde.association import association_of
from digitalgemeinde.association import municipalities_of_canton
from digitalgemeinde.association import standards_of
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.interfaces import IProjectStatus
from digitalgemeinde.tenants import canton_of

DEFAULT_RATE = Decimal("2.50")
DEFAULT_TARGET = 80
RECENT_DAYS = 30
YEAR_DAYS = 365
CENTS = Decimal("0.01")


@dataclass
class Cell:
    adopted: bool = False
    published: bool = False
    form_online: bool = False
    submissions: int = 0
    update: bool = False
    url: str | None = None


@dataclass
class Row:
    municipality: object
    cells: list[Cell]
    population: int
    contribution: Decimal
    requests_year: int
    # every online request of the municipality in the period, as ``requests_year`` counts
    # them (the cells count only those through adopted standards)
    requests_recent: int = 0

    @property
    def adopted(self) -> int:
        return sum(cell.adopted for cell in self.cells)

    @property
    def published(self) -> int:
        return sum(cell.published for cell in self.cells)

    @property
    def online(self) -> int:
        return sum(cell.form_online for cell in self.cells)

    @property
    def submissions(self) -> int:
        return sum(cell.submissions for cell in self.cells)

    @property
    def cost_per_request(self) -> Decimal | None:
        """The municipality's yearly contribution divided by its online requests of a year."""
        if not self.requests_year:
            return None
        return (self.contribution / self.requests_year).quantize(CENTS, ROUND_HALF_UP)

    def share_online(self, standards: int) -> float:
        return self.online / standards if standards else 0.0


@dataclass
class Coverage:
    standards: list
    rows: list[Row]
    rate: Decimal
    target: int
    column_totals: list[dict] = field(default_factory=list)

    @property
    def totals(self) -> dict:
        return {
            "adopted": sum(row.adopted for row in self.rows),
            "published": sum(row.published for row in self.rows),
            "online": sum(row.online for row in self.rows),
            "submissions": sum(row.submissions for row in self.rows),
            "requests_recent": sum(row.requests_recent for row in self.rows),
            "requests_year": sum(row.requests_year for row in self.rows),
            "contribution": sum((row.contribution for row in self.rows), Decimal(0)),
        }


def project_status_of(association):
    for item in association.objectValues():
        if IProjectStatus.providedBy(item):
            return item
    return None


def parameters(association) -> tuple[Decimal, int, int, int]:
    """Rate, first and last year, target percent: from the association's status page."""
    status = project_status_of(association)
    this_year = datetime.now(UTC).year
    if status is None:
        return DEFAULT_RATE, this_year, this_year, DEFAULT_TARGET
    rate = status.rate if status.rate is not None else DEFAULT_RATE
    first = status.first_year or this_year
    last = status.last_year or first
    return Decimal(rate), first, last, status.target_percent or DEFAULT_TARGET


def released_standards(association) -> list:
    return [item for item in standards_of(association) if state_of(item) == "released"]


def recent_submissions_by_service(service_uids: set[str], days: int) -> dict[str, int]:
    """How many requests each service received in the last ``days`` days: one catalog query,
    the service of each hit read from the index (not by loading the request)."""
    if not service_uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    since = DateTime() - days
    index = catalog._catalog.getIndex("service_uid")
    counts: dict[str, int] = {}
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Submission",
        service_uid=list(service_uids),
        created={"query": since, "range": "min"},
    ):
        uid = index.getEntryForObject(brain.getRID())
        counts[uid] = counts.get(uid, 0) + 1
    return counts


def requests_of(municipality, days: int) -> int:
    """Online requests the municipality received in the last ``days`` days: those in its own
    offices, and those through its services that deliver to an office of the canton."""
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(municipality.getPhysicalPath())
    since = {"query": DateTime() - days, "range": "min"}
    rids = {
        brain.getRID()
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Submission", path=path, created=since
        )
    }
    own_services = [
        brain.UID for brain in catalog.unrestrictedSearchResults(portal_type="Service", path=path)
    ]
    if own_services:
        rids.update(
            brain.getRID()
            for brain in catalog.unrestrictedSearchResults(
                portal_type="Submission", service_uid=own_services, created=since
            )
        )
    return len(rids)


def adopted_services(standard_uids: list[str]) -> dict[tuple[str, str], object]:
    """(municipality path, standard UID) -> adopted Service, for all municipalities at once."""
    catalog = api.portal.get_tool("portal_catalog")
    found = {}
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Service", standard_uid=standard_uids
    ):
        service = brain._unrestrictedGetObject()
        found[("/".join(service.aq_parent.getPhysicalPath()), service.standard_uid)] = service
    return found


def cell_of(service, recent: dict[str, int]) -> Cell:
    if service is None:
        return Cell()
    published = state_of(service) == "published"
    form = form_of(service)
    return Cell(
        adopted=True,
        published=published,
        form_online=published and form is not None and state_of(form) == "published",
        submissions=recent.get(api.content.get_uuid(service), 0),
        update=update_available(service) is not None,
        url=service.absolute_url(),
    )


def coverage(association, days: int = RECENT_DAYS, requests: bool = True) -> Coverage:
    """The matrix; without ``requests`` the request counts (catalog queries per municipality)
    stay 0, for figures that need only what is adopted and online."""
    rate, _first, _last, target = parameters(association)
    standards = released_standards(association)
    uids = [api.content.get_uuid(standard) for standard in standards]
    services = adopted_services(uids)
    recent = (
        recent_submissions_by_service(
            {api.content.get_uuid(service) for service in services.values()}, days
        )
        if requests
        else {}
    )
    rows = []
    for municipality in municipalities_of_canton(association.canton):
        path = "/".join(municipality.getPhysicalPath())
        cells = [cell_of(services.get((path, uid)), recent) for uid in uids]
        population = municipality.population or 0
        rows.append(
            Row(
                municipality=municipality,
                cells=cells,
                population=population,
                contribution=(rate * population).quantize(CENTS, ROUND_HALF_UP),
                requests_year=requests_of(municipality, YEAR_DAYS) if requests else 0,
                requests_recent=requests_of(municipality, days) if requests else 0,
            )
        )
    result = Coverage(standards=standards, rows=rows, rate=rate, target=target)
    for column, _standard in enumerate(standards):
        cells = [row.cells[column] for row in rows]
        result.column_totals.append(
            {
                "adopted": sum(cell.adopted for cell in cells),
                "published": sum(cell.published for cell in cells),
                "online": sum(cell.form_online for cell in cells),
                "submissions": sum(cell.submissions for cell in cells),
            }
        )
    return result


@dataclass
class Figures:
    participating: int
    municipalities_in_canton: int | None
    inhabitants: int
    canton_population: int | None
    rate: Decimal
    years: list[dict]
    financing_total: Decimal
    standards_released: int
    standards_retired: int
    standards_in_work: int
    target: int
    shares: list[dict]

    @property
    def meeting_target(self) -> int:
        return sum(1 for share in self.shares if share["meets"])


def figures(status) -> Figures:
    """The figures of the status page ``status``, computed from the site now."""
    association = association_of(status)
    rate, first, last, target = parameters(association)
    municipalities = municipalities_of_canton(association.canton)
    inhabitants = sum(item.population or 0 for item in municipalities)
    canton = canton_of(municipalities[0]) if municipalities else None
    if canton is None:
        from digitalgemeinde.tenants import all_cantons

        canton = next(
            (item for item in all_cantons() if item.abbreviation == association.canton), None
        )
    per_party = (rate * inhabitants).quantize(CENTS, ROUND_HALF_UP)
    years = [
        {"year": year, "canton": per_party, "municipalities": per_party, "total": 2 * per_party}
        for year in range(first, last + 1)
    ]
    states = [state_of(item) for item in standards_of(association)]
    released = states.count("released")
    matrix = coverage(association, requests=False)  # the shares need no request counts
    shares = []
    for row in matrix.rows:
        share = row.share_online(released)
        shares.append(
            {
                "municipality": row.municipality,
                "online": row.online,
                "percent": int((Decimal(share) * 100).quantize(Decimal(1), ROUND_HALF_UP)),
                "meets": released > 0 and share * 100 >= target,
            }
        )
    return Figures(
        participating=len(municipalities),
        municipalities_in_canton=getattr(canton, "municipality_count", None),
        inhabitants=inhabitants,
        canton_population=getattr(canton, "population", None),
        rate=rate,
        years=years,
        financing_total=sum((year["total"] for year in years), Decimal(0)),
        standards_released=released,
        standards_retired=states.count("retired"),
        standards_in_work=len(states) - released - states.count("retired"),
        target=target,
        shares=shares,
    )
