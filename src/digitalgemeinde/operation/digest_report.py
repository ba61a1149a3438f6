"""What a tenant's digest reports: its failed deliveries, its overdue requests per office and
the mails about its requests that bounced since its last digest (operation.bounces).

Only the tenant's own requests (a catalog query within the tenant's path), and of each request
only its reference, office, time and the last error of its delivery or the address a mail did
not reach and why: never its content.
"""

from dataclasses import dataclass
from dataclasses import field

from plone import api
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.operation import bounces
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import job_of
from digitalgemeinde.submissions.due_dates import overdue_count
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import tenant_of

UNSIGNED = "The office has no shared secret: nothing was sent."  # outbox.worker's words
LISTED = 100  # failed deliveries listed in one mail; the rest are counted


@dataclass
class FailedDelivery:
    reference: str
    office: str
    since: object  # datetime (UTC) of the last attempt
    error: Message
    url: str


@dataclass
class OverdueOffice:
    office: str
    count: int
    url: str  # the office's inbox, overdue only


@dataclass
class BouncedMail:
    reference: str
    office: str
    recipient: str
    when: object  # datetime (UTC) of the mail server's report
    reason: Message  # the status in plain words
    status: str
    url: str  # "" when the request is gone


@dataclass
class TenantReport:
    tenant: object
    failed: list = field(default_factory=list)  # FailedDelivery, oldest first
    failed_total: int = 0
    overdue: list = field(default_factory=list)  # OverdueOffice
    bounced: list = field(default_factory=list)  # BouncedMail, oldest first
    bounced_total: int = 0

    @property
    def empty(self) -> bool:
        return not self.failed_total and not self.overdue and not self.bounced_total


def plain_error(attempt: dict | None) -> Message:
    """The last error of a delivery in plain words (the technical detail in brackets)."""
    if attempt is None:
        return _("digest_error_none", default="No attempt is recorded.")
    status, error = attempt.get("status"), attempt.get("error") or ""
    if isinstance(error, Message):  # security.outgoing's reasons: already plain words
        return error
    if error == UNSIGNED:
        return _(
            "digest_error_secret",
            default="The office has no shared secret for its specialist application: "
            "nothing was sent.",
        )
    detail = {"detail": str(error)[:200], "status": str(status)}
    if status is None:
        return _(
            "digest_error_unreachable",
            default="The specialist application could not be reached (${detail}).",
            mapping=detail,
        )
    if status in (401, 403):
        return _(
            "digest_error_signature",
            default="The specialist application did not accept the signature (HTTP ${status}): "
            "check the shared secret.",
            mapping=detail,
        )
    if 400 <= status < 500:
        return _(
            "digest_error_refused",
            default="The specialist application refused the request (HTTP ${status}).",
            mapping=detail,
        )
    return _(
        "digest_error_server",
        default="The specialist application had an error (${detail}).",
        mapping=detail,
    )


def same(one, other) -> bool:
    return one is not None and one.getPhysicalPath() == other.getPhysicalPath()


def failed_deliveries(tenant) -> tuple[list, int]:
    """The tenant's requests whose delivery failed, oldest failure first (at most ``LISTED``),
    and how many there are."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        delivery_state=FAILED,
        path="/".join(tenant.getPhysicalPath()),
        show_inactive=True,
    )
    found = []
    for brain in brains:
        submission = brain._unrestrictedGetObject()
        job = job_of(submission)
        if job is None or job.state != FAILED or not same(tenant_of(submission), tenant):
            continue
        last = job.attempts[-1] if job.attempts else None
        found.append(
            FailedDelivery(
                reference=submission.reference,
                office=submission.__parent__.Title(),
                since=last["time"] if last else job.created,
                error=plain_error(last),
                url=submission.absolute_url(),
            )
        )
    found.sort(key=lambda item: (item.since, item.reference))
    return found[:LISTED], len(found)


def overdue_offices(tenant) -> list:
    """Each office of the tenant with requests past their due date, and how many."""
    offices = []
    for office in offices_of(tenant):
        if not same(tenant_of(office), tenant):
            continue  # a tenant inside the tenant reports its own
        count = overdue_count([office])
        if count:
            offices.append(
                OverdueOffice(office.Title(), count, f"{office.absolute_url()}/@@inbox?overdue=1")
            )
    return offices


def bounced_mails(tenant) -> tuple[list, int]:
    """The mails about the tenant's requests that bounced since its last digest (at most
    ``LISTED``), and how many."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    kept = bounces.pending(tenant)
    for item in kept[:LISTED]:
        brains = catalog.unrestrictedSearchResults(UID=item["uid"], show_inactive=True)
        found.append(
            BouncedMail(
                reference=item["reference"],
                office=item["office"],
                recipient=item["recipient"],
                when=item["time"],
                reason=bounces.reason(item["status"]),
                status=item["status"],
                url=brains[0].getURL() if brains else "",
            )
        )
    return found, len(kept)


def tenant_report(tenant) -> TenantReport:
    failed, total = failed_deliveries(tenant)
    bounced, bounced_total = bounced_mails(tenant)
    return TenantReport(tenant, failed, total, overdue_offices(tenant), bounced, bounced_total)
