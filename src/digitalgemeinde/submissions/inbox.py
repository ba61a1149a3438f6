"""The inbox query: the filters of an office's or a tenant's inbox and its catalog search.

One catalog query per page: the catalog sorts and cuts the page (``b_start``/``b_size``), and
the rows come from catalog metadata, so the requests themselves are not loaded. The counts per
state come from the offices' conflict-free counters, not from the catalog. The inbox page
(``@@inbox``), its export and the REST endpoint (``@inbox``) all call it.
"""

import re
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from DateTime import DateTime
from plone import api
from plone.base.utils import munge_search_term
from Products.ZCTextIndex.ParseTree import ParseError

from digitalgemeinde import _
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.submissions.assignment import NOBODY
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.delivery import TIMEZONE
from digitalgemeinde.submissions.due_dates import overdue_count
from digitalgemeinde.submissions.due_dates import overdue_criteria
from digitalgemeinde.submissions.inbox_order import due_first
from digitalgemeinde.submissions.inbox_order import newest_first
from digitalgemeinde.submissions.workflow import STATES
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import tenant_of

PAGE_SIZE = 20
SORTS = ("", "due")  # newest first (the default), by due date
ASSIGNED = ("me", "none")  # besides a staff member's user id
UIDS_LIMIT = 1000  # requests chosen by UID (the bulk actions' selection)
FILTER_NAMES = ("state", "service", "from", "to", "q", "assigned", "overdue", "sort")

SWISS_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_day(text: str) -> date | None:
    """A day typed as ``2026-03-01`` (date input) or ``1.3.2026``; None if it is none."""
    match = SWISS_DATE.match(text)
    try:
        if match:
            day_, month, year = (int(part) for part in match.groups())
            day = date(year, month, day_)
        else:
            day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None  # and no overflow at the ends of time


def day_start(day: date) -> DateTime:
    moment = datetime.combine(day, time.min, tzinfo=TIMEZONE)
    return DateTime(moment.astimezone(UTC).isoformat())


def search_term(text: str) -> str:
    """A ZCTextIndex query that finds every word (as a prefix) of what was typed; a bare
    number is the running number of a reference ("42" or "000042" finds 2829-2026-000042)."""
    if text.isdigit() and text.strip("0"):
        return text.lstrip("0")
    return munge_search_term(text)


@dataclass
class InboxFilters:
    """The filters of the inbox, read from the request; bad values are named and ignored."""

    state: str = ""
    service: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    assigned: str = ""  # "me", "none" or a staff member's user id
    overdue: bool = False
    sort: str = ""  # "" newest first, "due" by due date
    uids: list = field(default_factory=list)  # only these requests (the bulk selection)
    b_start: int = 0
    errors: list = field(default_factory=list)

    @classmethod
    def from_request(cls, request, service_uids, staff_ids=None) -> "InboxFilters":
        filters = cls()

        def param(name: str) -> str:
            value = request.form.get(name, "")
            if not isinstance(value, str):  # sent twice: a list
                filters.errors.append(
                    _(
                        "The filter ${name} was given more than once: it is ignored.",
                        mapping={"name": name},
                    )
                )
                return ""
            return value.strip()

        state = param("state")
        if state and state not in STATES:
            filters.errors.append(
                _(
                    "There is no state ${state}: the state filter is ignored.",
                    mapping={"state": state},
                )
            )
        else:
            filters.state = state
        service = param("service")
        if service and service not in service_uids:
            filters.errors.append(_("Unknown service: the service filter is ignored."))
        else:
            filters.service = service
        for name, attribute in (("from", "date_from"), ("to", "date_to")):
            text = param(name)
            if not text:
                continue
            day = parse_day(text)
            if day is None:
                filters.errors.append(
                    _(
                        "${value} is not a date (for example 31.12.2026): "
                        "the date filter is ignored.",
                        mapping={"value": text},
                    )
                )
            else:
                setattr(filters, attribute, day)
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            filters.errors.append(
                _("The start date is after the end date: the date filter is ignored.")
            )
            filters.date_from = filters.date_to = None
        filters.text = param("q")[:200]
        filters.read_workbench(param, staff_ids)
        uids = request.form.get("uids") or []
        uids = [uids] if isinstance(uids, str) else uids
        filters.uids = [uid for uid in uids if isinstance(uid, str) and uid][:UIDS_LIMIT]
        try:  # the page links send it as ``b_start:int``, which Zope makes an int
            filters.b_start = max(0, int(request.form.get("b_start") or 0))
        except (TypeError, ValueError):
            filters.b_start = 0
        return filters

    def read_workbench(self, param, staff_ids) -> None:
        """The filters of the clerk's workbench: assignee, overdue, sorting."""
        assigned = param("assigned")
        if (
            assigned
            and assigned not in ASSIGNED
            and staff_ids is not None
            and (assigned not in staff_ids)
        ):
            self.errors.append(_("Unknown staff member: the assignment filter is ignored."))
        else:
            self.assigned = assigned
        self.overdue = param("overdue") in ("1", "on", "true")
        sort = param("sort")
        if sort not in SORTS:
            self.errors.append(_("Unknown sort order: the requests are shown newest first."))
        else:
            self.sort = sort

    def assignee_id(self) -> str | None:
        """The user id the ``assigned`` filter asks for; "" for nobody; None: no filter."""
        if not self.assigned:
            return None
        if self.assigned == "none":
            return ""
        if self.assigned == "me":
            user = api.user.get_current()
            return (user.getId() if user is not None else None) or "-"
        return self.assigned

    def catalog_query(self) -> dict:
        """The filters as catalog criteria (without path, type and sorting)."""
        query = {}
        assignee = self.assignee_id()
        if assignee is not None:
            # the index knows a request without an assignee as ``NOBODY`` (None is not indexed)
            query["assignee"] = assignee or NOBODY
        if self.overdue:
            query.update(overdue_criteria())
        if self.uids:
            query["UID"] = list(self.uids)
        if self.state:
            query["review_state"] = (
                self.state
                if not self.overdue or self.state in query["review_state"]
                else "-"  # overdue and closed: none
            )
        if self.service:
            query["service_uid"] = self.service
        if self.date_from and self.date_to:
            query["created"] = {
                "query": [day_start(self.date_from), day_start(self.date_to + timedelta(1))],
                "range": "min:max",
            }
        elif self.date_from:
            query["created"] = {"query": day_start(self.date_from), "range": "min"}
        elif self.date_to:
            query["created"] = {"query": day_start(self.date_to + timedelta(1)), "range": "max"}
        term = search_term(self.text) if self.text else ""
        if term:
            query["SearchableText"] = term
        return query

    def params(self) -> dict:
        """The valid filters as request parameters (for links to the export and the pages)."""
        params = {
            "state": self.state,
            "service": self.service,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.text,
            "assigned": self.assigned,
            "overdue": "1" if self.overdue else "",
            "sort": self.sort,
        }
        return {name: value for name, value in params.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.params())


def inbox_offices(context) -> list:
    """The offices whose requests the inbox of ``context`` (an Office or a tenant) lists."""
    if IOffice.providedBy(context):
        return [context]
    return offices_of(context)


def listed_services(context, chosen: str = "") -> list[dict]:
    """``[{uid, title}]``: the services the inbox's offices are responsible for (and the
    ``chosen`` one, if it is one of ``service_options``), by title: the service filter's list.
    """
    offices = inbox_offices(context)
    services = {}
    for office in offices:
        for relation in api.relation.get(
            target=office, relationship="responsible_office", unrestricted=True
        ):
            service = relation.from_object
            if service is not None and service.portal_type == "Service":
                services[service.UID()] = service.Title()
    if chosen and chosen not in services:
        services.update(
            (item["uid"], item["title"])
            for item in service_options(context)
            if item["uid"] == chosen
        )
    options = [{"uid": uid, "title": title} for uid, title in services.items()]
    return sorted(options, key=lambda item: (item["title"].lower(), item["uid"]))


def service_options(context) -> list[dict]:
    """``[{uid, title}]``: the services of the inbox's tenant and of its canton (those a
    filter may name)."""
    tenant = tenant_of(context)
    paths = {"/".join(tenant.getPhysicalPath())} if tenant is not None else set()
    canton = canton_of(tenant)
    if canton is not None:
        paths.add("/".join(canton.getPhysicalPath()))
    if not paths:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Service", path=sorted(paths), sort_on="sortable_title"
    )
    return [{"uid": brain.UID, "title": brain.Title} for brain in brains]


def search_inbox(context, filters: InboxFilters, b_start: int | None = None, b_size=None):
    """The catalog's answer: the user's requests in the inbox of ``context``, newest first.

    With ``b_start`` and ``b_size`` only that page is sorted out (``newest_first``); without,
    all (the export). Restricted to what the user may View (the workflow gives that to staff
    and admins only). Returns ``(results, message)``: a message when the text was ignored.
    """
    catalog = api.portal.get_tool("portal_catalog")
    query = filters.catalog_query()
    query.update(
        path="/".join(context.getPhysicalPath()),
        portal_type="Submission",
        # requests have no publication dates: spare the catalog the effective/expires check
        show_inactive=True,
    )

    def search(query):
        if filters.sort == "due":
            return due_first(catalog, query, b_start or 0, b_size)
        if b_size is not None:
            return newest_first(catalog, query, b_start or 0, b_size)
        # the created index counts minutes: the id keeps requests of one minute in order
        return catalog.searchResults(**query, sort_on=("created", "getId"), sort_order="reverse")

    try:
        return search(query), None
    except ParseError:  # e.g. a lone quote or bracket: search without the text
        query.pop("SearchableText", None)
        return search(query), _("The search text could not be understood: it is ignored.")


def state_totals(offices) -> dict[str, int]:
    """Requests per state in ``offices`` (their conflict-free counters), every state named."""
    totals = dict.fromkeys(STATES, 0)
    for office in offices:
        for state, count in state_counts(office).items():
            totals[state] += count
    return totals


def overdue_total(offices) -> int:
    """Open requests of ``offices`` past their due date, now (a catalog query)."""
    return overdue_count(offices)
