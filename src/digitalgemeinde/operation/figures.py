"""The site's figures, read from the database at each scrape: a Prometheus collector.

Cheap by design: requests per state come from each office's conflict-free counters
(``submissions.counts``), never from a query over the requests; the outbox's figures are
lookups in the ``delivery_state`` index (only requests with a job are in it) and one sorted
lookup for the oldest pending delivery.
"""

from datetime import UTC
from datetime import datetime

from plone import api
from prometheus_client.core import GaugeMetricFamily

from digitalgemeinde.operation import heartbeat
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.tenants import tenant_of


def requests_per_tenant(catalog) -> dict[tuple[str, str], int]:
    """``(tenant id, state) -> requests``, summed over the tenant's offices."""
    totals: dict[tuple[str, str], int] = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="Office"):
        office = brain._unrestrictedGetObject()
        tenant = tenant_of(office)
        if tenant is None:
            continue
        for state, count in state_counts(office).items():
            key = (tenant.getId(), state)
            totals[key] = totals.get(key, 0) + count
    return totals


def deliveries(catalog, state: str):
    return catalog.unrestrictedSearchResults(portal_type="Submission", delivery_state=state)


def oldest_pending_age(catalog, now: datetime) -> float:
    """Seconds since the oldest pending delivery was queued; 0 when none is pending."""
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", delivery_state=PENDING, sort_on="created", sort_limit=1
    )
    for brain in brains[:1]:
        job = job_of(brain._unrestrictedGetObject())
        if job is not None:
            return max((now - job.created).total_seconds(), 0.0)
    return 0.0


def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class SiteFigures:
    """A collector of one site's figures (register it in a registry made for one scrape)."""

    def __init__(self, site, now: datetime | None = None):
        self.site = site
        self.now = now or datetime.now(UTC)

    def collect(self):
        catalog = api.portal.get_tool("portal_catalog")
        requests = GaugeMetricFamily(
            "digitalgemeinde_requests",
            "Requests per tenant and state (the offices' counters)",
            labels=["tenant", "state"],
        )
        for (tenant, state), count in sorted(requests_per_tenant(catalog).items()):
            requests.add_metric([tenant, state], count)
        yield requests
        yield gauge(
            "digitalgemeinde_outbox_pending",
            "Deliveries to specialist applications waiting in the outbox",
            len(deliveries(catalog, PENDING)),
        )
        yield gauge(
            "digitalgemeinde_outbox_oldest_pending_seconds",
            "Age of the oldest delivery waiting in the outbox (0 when none waits)",
            oldest_pending_age(catalog, self.now),
        )
        yield gauge(
            "digitalgemeinde_outbox_failed",
            "Deliveries the outbox gave up on (failed for good, not sent again yet)",
            len(deliveries(catalog, FAILED)),
        )
        since = heartbeat.age(self.site._p_jar.root(), self.now.timestamp())
        yield gauge(
            "digitalgemeinde_worker_heartbeat_age_seconds",
            "Seconds since the outbox worker's last heartbeat (-1: it never beat)",
            -1 if since is None else since,
        )
