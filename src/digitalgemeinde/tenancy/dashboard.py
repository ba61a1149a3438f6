"""What a tenant's staff see on its dashboard ("Gemeinde verwalten"): its services and forms,
its offices with their open requests, and (for a municipality) the standard services it has not
adopted yet and the updates waiting for those it has.

Who may see it: the tenant's editors, reviewers and admins (their local roles on the tenant)
and the site's Managers. Everything is read unrestricted within the tenant: drafts are what the
dashboard is for, and the office counts come from the counters (``submissions.counts``), not
from the requests themselves.
"""

from dataclasses import dataclass
from dataclasses import field

from AccessControl import getSecurityManager
from plone import api

from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.adoption_lookup import offered_standards
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.payments import accounts
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.due_dates import overdue_count
from digitalgemeinde.submissions.workflow import CLOSED_STATES
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import tenant_of

# Roles on the tenant that open its dashboard.
DASHBOARD_ROLES = frozenset({"Editor", "Reviewer", "TenantAdmin", "Manager", "Site Administrator"})
PUBLISHED = "published"


@dataclass
class Entry:
    title: str
    url: str
    state: str | None = None
    detail: str = ""  # a version, an office, …


@dataclass
class OfficeEntry:
    title: str
    inbox_url: str
    open: int
    counts: dict[str, int]
    overdue: int = 0  # open and past their due date (now)


@dataclass
class Dashboard:
    tenant: object
    drafts: list[Entry] = field(default_factory=list)  # services not published
    published: list[Entry] = field(default_factory=list)
    without_form: list[Entry] = field(default_factory=list)  # services with no online form
    forms_draft: list[Entry] = field(default_factory=list)
    forms_published: list[Entry] = field(default_factory=list)
    offices: list[OfficeEntry] = field(default_factory=list)
    not_adopted: list[Entry] = field(default_factory=list)
    updates: list[Entry] = field(default_factory=list)
    standards_url: str | None = None  # Standardleistungen: municipalities only
    payment_settings_url: str | None = None  # the merchant account: for the tenant's admins

    @property
    def open_requests(self) -> int:
        return sum(office.open for office in self.offices)


def may_see(tenant, user=None) -> bool:
    """Whether ``user`` (the current user) may open the dashboard of ``tenant``."""
    user = user or getSecurityManager().getUser()
    return bool(set(user.getRolesInContext(tenant)) & DASHBOARD_ROLES)


def own_content(tenant, portal_type: str) -> list:
    """The tenant's objects of ``portal_type`` (not those of a tenant inside it), by title."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=portal_type,
        path="/".join(tenant.getPhysicalPath()),
        sort_on="sortable_title",
    )
    own = tenant.getPhysicalPath()
    found = [brain._unrestrictedGetObject() for brain in brains]
    return [obj for obj in found if tenant_of(obj).getPhysicalPath() == own]


def entry(obj, detail: str = "") -> Entry:
    return Entry(obj.title, obj.absolute_url(), state_of(obj), detail)


def add_services(board: Dashboard) -> None:
    for service in own_content(board.tenant, "Service"):
        item = entry(service)
        (board.published if item.state == PUBLISHED else board.drafts).append(item)
        if form_of(service) is None and not getattr(service, "external_url", None):
            board.without_form.append(item)
    for form in own_content(board.tenant, "EasyForm"):
        item = entry(form)
        (board.forms_published if item.state == PUBLISHED else board.forms_draft).append(item)


def add_offices(board: Dashboard) -> None:
    for office in offices_of(board.tenant):
        counts = state_counts(office)
        still_open = sum(count for state, count in counts.items() if state not in CLOSED_STATES)
        board.offices.append(
            OfficeEntry(
                office.title,
                f"{office.absolute_url()}/@@inbox",
                still_open,
                counts,
                overdue_count([office]),
            )
        )


def add_standards(board: Dashboard) -> None:
    tenant = board.tenant
    if not IMunicipality.providedBy(tenant):
        return
    board.standards_url = f"{tenant.absolute_url()}/@@standards"
    for standard in offered_standards(tenant):
        if state_of(standard) != "released":
            continue
        service = adopted_in(standard, tenant)
        if service is None:
            board.not_adopted.append(Entry(standard.title, board.standards_url, None))
            continue
        latest = update_available(service)
        if latest is not None:
            url = f"{service.absolute_url()}/@@standard-update"
            board.updates.append(
                Entry(service.title, url, state_of(service), str(latest["version"]))
            )


def dashboard(tenant) -> Dashboard:
    """Everything the dashboard of ``tenant`` shows."""
    board = Dashboard(tenant)
    add_services(board)
    add_offices(board)
    add_standards(board)
    if accounts.may_manage(tenant):
        board.payment_settings_url = accounts.settings_url(tenant)
    return board
