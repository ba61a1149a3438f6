"""The daily digest: failures reach a person.

Once a day (``make digest``, from a systemd timer: deploy/systemd/digitalgemeinde-digest.*)
each tenant's admins get one mail each, in their language (German first): the deliveries to
specialist applications that failed, with the reference, the office, since when, the last error
in plain words and a link to the request; per office the requests past their due date, with
a link to the inbox's overdue filter; and the mails about its requests that bounced since the
last digest (reference, office, the address, when, the reason in plain words, a link). No mail
when there is nothing to report. It never lists what a request contains.

Bounces: the portal's mail goes out with the envelope sender ``DIGITALGEMEINDE_BOUNCE_ADDRESS``
(operation.envelope); the operator's MTA delivers that address's mail into the Maildir
``DIGITALGEMEINDE_BOUNCE_MAILDIR``. Each digest run first reads the reports that arrived there
(operation.bounces: recorded on the request's history and kept for its tenant's digest), in
the same transaction as the digests, and marks them seen once it has committed. Without the
variables nothing is read and the digest reports no bounces.

``digest_report`` finds what a tenant has to report, ``digest_mail`` writes and queues the
mails, this module does it for every tenant of a site; scripts/digest.py runs it daily, with
the site's public address for the links (a script has no browser's request to take it from).
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import transaction
from plone import api
from ZODB.POSException import ConflictError

from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.operation import bounces
from digitalgemeinde.operation.digest_mail import queue_digest
from digitalgemeinde.operation.digest_report import tenant_report

logger = logging.getLogger("digitalgemeinde.digest")


@dataclass
class DigestRun:
    tenants: int = 0  # tenants with something to report
    mails: int = 0
    failed: int = 0  # failed deliveries reported
    overdue: int = 0  # overdue requests reported
    bounced: int = 0  # bounced mails reported
    read: object = None  # the bounces read before (operation.bounces.BounceRun)

    def line(self) -> str:
        """One line for the log and the timer's journal: numbers only, nobody's data."""
        digest = (
            f"Digest: {self.mails} mail(s) to the admins of {self.tenants} tenant(s) "
            f"({self.failed} failed deliveries, {self.overdue} overdue requests, "
            f"{self.bounced} bounced mails)."
        )
        return digest if self.read is None else f"{self.read.line()} {digest}"


def tenants() -> list:
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        object_provides=ITenant.__identifier__, sort_on="getId"
    )
    return [brain._unrestrictedGetObject() for brain in brains]


def send_digests() -> DigestRun:
    """Queue the digest of each tenant that has something to report (sent on commit); the
    bounces it reports are not reported again."""
    run = DigestRun()
    for tenant in tenants():
        report = tenant_report(tenant)
        if report.empty:
            continue
        run.tenants += 1
        run.failed += report.failed_total
        run.overdue += sum(item.count for item in report.overdue)
        run.bounced += report.bounced_total
        run.mails += queue_digest(report)
        bounces.forget_reported(tenant)
    return run


def read_and_send() -> DigestRun:
    """Read the bounces that arrived, then queue the digests (commit, then ``run.read``'s
    ``mark_seen``)."""
    read = bounces.read_bounces()
    run = send_digests()
    run.read = read
    return run


def checked_url(url: str):
    """The parts of an http(s) address; ValueError for anything else."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Not an http(s) address: {url!r}")
    return parts


def use_public_url(request, site, url: str) -> None:
    """Make ``absolute_url`` of the site's content start with ``url``: the site itself
    (``https://portal.example.ch`` when a proxy serves the site at the root, or
    ``http://localhost:8080/Plone``)."""
    parts = checked_url(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    request.setServerURL(parts.scheme, parts.hostname, port)
    request._script[:] = [part for part in parts.path.split("/") if part]
    request.other["VirtualRootPhysicalPath"] = site.getPhysicalPath()
    request._resetURLS()


def send_and_commit(attempts: int = 3) -> DigestRun:
    """Queue the digests and commit (which sends them); beside a live site a conflicting
    change makes it try again, as Zope does with a request."""
    for attempt in range(1, attempts + 1):
        try:
            run = read_and_send()
            transaction.commit()
            run.read.mark_seen()
            return run
        except ConflictError:
            transaction.abort()
            if attempt == attempts:
                raise
            logger.info("Conflict while sending the digest, trying again")
    raise AssertionError("unreachable")
