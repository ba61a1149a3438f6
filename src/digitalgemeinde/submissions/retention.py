"""Retention: closed requests are deleted when their form's retention period is over.

A request that was completed or rejected is kept ``retention_days`` (copied from its form) after
it was closed, then deleted with its files. Before it goes, it is counted in anonymous
statistics: per service, month of submission and final state, never who asked or what for.
Deleted objects and their blobs leave the database when it is packed.

Run daily, e.g. from cron: ``make purge`` or ``digitalgemeinde-purge instance/etc/zope.conf``.
"""

import argparse
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import transaction
from BTrees.OOBTree import OOBTree
from plone import api
from Products.CMFCore.utils import getToolByName
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.payments.settlement import expire_and_purge as purge_payment_attempts
from digitalgemeinde.security.deletion import retention_removal
from digitalgemeinde.submissions.access_log import purge_access_logs
from digitalgemeinde.submissions.drafts import purge_expired as purge_expired_drafts
from digitalgemeinde.submissions.export_jobs import purge_expired as purge_expired_exports
from digitalgemeinde.submissions.values import TIMEZONE
from digitalgemeinde.submissions.workflow import CLOSED_STATES

logger = logging.getLogger("digitalgemeinde.retention")

STATISTICS_KEY = "digitalgemeinde.statistics"
DEFAULT_RETENTION_DAYS = 90


@dataclass
class PurgeReport:
    deleted: int = 0
    kept: int = 0  # closed for more than a day, but still within their own retention period
    per_service: dict[str, int] = field(default_factory=dict)  # service title -> deleted
    access_log_removed: int = 0  # entries of the access log past its period
    exports_removed: int = 0  # background exports past their lifetime, with their files
    drafts_removed: int = 0  # drafts of forms in progress past their expiry, with their files
    payment_attempts_removed: int = 0  # unpaid payment attempts past expiry, with their data

    def line(self, verb: str = "Deleted") -> str:
        """One line for the log and cron's mail: numbers and service titles, nobody's data."""
        services = ", ".join(f"{title}: {n}" for title, n in sorted(self.per_service.items()))
        text = f"{verb} {self.deleted} closed request(s) past their retention period"
        text += f" ({services})" if services else ""
        text = f"{text}; {self.kept} closed request(s) kept until their period ends."
        if self.access_log_removed:
            text += f" Removed {self.access_log_removed} access log entries past their period."
        if self.drafts_removed:
            text += f" Deleted {self.drafts_removed} expired draft(s) of forms in progress."
        if self.payment_attempts_removed:
            text += f" Deleted {self.payment_attempts_removed} unpaid payment attempt(s)."
        return text


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def expires(submission) -> datetime | None:
    """When a closed request is due for deletion; None while it is open."""
    if submission.closed is None:
        return None
    days = submission.retention_days or DEFAULT_RETENTION_DAYS
    return aware(submission.closed) + timedelta(days=days)


def candidates(portal, now: datetime):
    """Closed requests closed before yesterday: every request due is among them (the shortest
    period is one day); each one's own period decides."""
    catalog = getToolByName(portal, "portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Submission",
        review_state=CLOSED_STATES,
        closed={"query": now - timedelta(days=1), "range": "max"},
    )


def month_of(submission) -> str:
    moment = submission.submitted or submission.closed
    return aware(moment).astimezone(TIMEZONE).strftime("%Y-%m")


def count(portal, submission, state: str) -> None:
    """Add a request to the anonymous statistics: service, month of submission, final state."""
    annotations = IAnnotations(portal)
    tree = annotations.get(STATISTICS_KEY)
    if tree is None:
        tree = annotations[STATISTICS_KEY] = OOBTree()
    # a form that no service links is counted under its own UID
    service_uid = submission.service_uid or submission.form_uid or ""
    key = (service_uid, month_of(submission), state)
    entry = tree.get(key, {"service_title": "", "count": 0})
    tree[key] = {"service_title": submission.service_title, "count": entry["count"] + 1}


def statistics(portal) -> list[dict]:
    """``[{service_uid, service_title, month, state, count}]``, by service, month and state."""
    tree = IAnnotations(portal).get(STATISTICS_KEY) or {}
    return [
        {
            "service_uid": service_uid,
            "service_title": entry["service_title"],
            "month": month,
            "state": state,
            "count": entry["count"],
        }
        for (service_uid, month, state), entry in tree.items()
    ]


def purge(portal, now: datetime | None = None) -> PurgeReport:
    """Delete the closed requests whose retention period is over; count them first."""
    now = aware(now or datetime.now(UTC))
    report = PurgeReport()
    for brain in list(candidates(portal, now)):  # deleting uncatalogs as we go
        submission = brain._unrestrictedGetObject()
        state = api.content.get_state(submission, default=None)
        due = expires(submission)
        if state not in CLOSED_STATES or due is None or due >= now:
            report.kept += 1
            continue
        count(portal, submission, state)
        title = submission.service_title or submission.form_title
        report.per_service[title] = report.per_service.get(title, 0) + 1
        # retention's own deletion: allowed by security.deletion, summed up in the log below
        with api.env.adopt_roles(["Manager"]), retention_removal():
            api.content.delete(obj=submission, check_linkintegrity=False)
        report.deleted += 1
    report.access_log_removed = purge_access_logs(portal, now)
    report.exports_removed = purge_expired_exports(portal, now)
    report.drafts_removed = purge_expired_drafts(portal, now)
    report.payment_attempts_removed = purge_payment_attempts(portal, now)
    logger.info(report.line())
    return report


# --- the console script ---------------------------------------------------------------------


def default_zope_conf() -> Path:
    home = os.environ.get("INSTANCE_HOME")
    return Path(home or "instance") / "etc" / "zope.conf"


@contextmanager
def zope_app(zope_conf: Path):
    """The Zope application of a zope.conf, as a system user (like ``zconsole run``)."""
    import Zope2
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import noSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from zope.globalrequest import setRequest
    from Zope2.Startup.run import make_wsgi_app

    make_wsgi_app({}, str(zope_conf))
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    try:
        yield app
    finally:
        transaction.abort()
        noSecurityManager()
        setRequest(None)
        app._p_jar.close()


def purge_and_commit(site, dry_run: bool = False, attempts: int = 3) -> PurgeReport:
    """Purge in one transaction; beside a live site (ZEO, RelStorage) a conflicting edit makes
    it try again, as Zope does with a request."""
    attempt = 1
    while True:
        try:
            report = purge(site)
            if dry_run:
                transaction.abort()
            else:
                transaction.commit()
            return report
        except ConflictError:
            transaction.abort()
            if attempt >= attempts:
                raise
            attempt += 1
            logger.info("Conflict while purging, trying again (%s of %s)", attempt, attempts)


def add_site_arguments(parser) -> None:
    """The arguments of every maintenance script: the instance's zope.conf and the site."""
    parser.add_argument(
        "zope_conf",
        nargs="?",
        type=Path,
        default=default_zope_conf(),
        help="the instance's zope.conf (default: $INSTANCE_HOME/etc/zope.conf)",
    )
    parser.add_argument(
        "--site",
        default=os.environ.get("SITE_ID", "Plone"),
        help="id of the Plone site (default: $SITE_ID or Plone)",
    )


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="digitalgemeinde-purge",
        description="Delete closed requests whose retention period is over; keep anonymous "
        "counts. Run it daily, e.g. from cron.",
    )
    add_site_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="report what is due, delete nothing")
    return parser.parse_args(argv)


def run_on_instance(zope_conf: Path, work) -> int:
    """What a maintenance script does with the instance of ``zope_conf``: ``work(app)`` on its
    Zope application (the environment the zope.conf refers to set as the Makefile sets it),
    returning an exit status; a clear message when the zope.conf is missing or the database
    is held by a running server."""
    from zc.lockfile import LockError

    zope_conf = zope_conf.resolve()
    if not zope_conf.is_file():
        print(f"No zope.conf at {zope_conf}: name the instance's one.", file=sys.stderr)
        return 2
    os.environ.setdefault("INSTANCE_HOME", str(zope_conf.parent.parent))
    os.environ.setdefault("INSTANCE_VAR", str(Path(os.environ["INSTANCE_HOME"]) / "var"))
    try:
        with zope_app(zope_conf) as app:
            return work(app)
    except LockError:
        print(
            "The database is in use by a running Zope: a FileStorage serves one process. "
            "Stop the site first, or use ZEO or RelStorage.",
            file=sys.stderr,
        )
        return 1


def main(argv=None) -> int:
    from zope.component.hooks import setSite

    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)

    def work(app) -> int:
        site = app.get(arguments.site)
        if getattr(site, "portal_type", None) != "Plone Site":
            print(f"No Plone site /{arguments.site} in {arguments.zope_conf}.", file=sys.stderr)
            return 1
        setSite(site)
        report = purge_and_commit(site, dry_run=arguments.dry_run)
        if arguments.dry_run:
            print(f"Dry run, nothing deleted. {report.line(verb='Due:')}")
        else:
            print(report.line())
        setSite(None)
        return 0

    return run_on_instance(arguments.zope_conf, work)


if __name__ == "__main__":
    sys.exit(main())
