"""The worker that empties the outbox: sends due jobs, retries with exponential backoff.

``run_once(site)`` does one round and is what tests call. ``WorkerThread`` runs rounds in the
server process (``make start`` sets DIGITALGEMEINDE_WORKER=1: with FileStorage only one
process may open the database); ``scripts/worker.py`` runs them as a process of its own
(``make worker``, for ZEO or RelStorage). Several workers may run: a job is leased in a
transaction of its own before it is sent, and only one lease of a job can commit.
"""

import http.client
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from DateTime import DateTime
from plone import api
from plone.app.uuid.utils import uuidToObject
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite
from zope.globalrequest import setRequest
from zope.i18n import translate

from digitalgemeinde.operation import heartbeat
from digitalgemeinde.outbox import DELIVERED
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import PENDING
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox import setting
from digitalgemeinde.outbox import signed_headers
from digitalgemeinde.outbox.payload import build
from digitalgemeinde.outgoing_addresses import Refused
from digitalgemeinde.payments import checkout
from digitalgemeinde.security import outgoing
from digitalgemeinde.submissions import store_turn

logger = logging.getLogger("digitalgemeinde.outbox")
BATCH = 50
ENV_FLAG = "DIGITALGEMEINDE_WORKER"
INTERVAL = float(os.environ.get("DIGITALGEMEINDE_WORKER_INTERVAL", "10"))
USER_AGENT = "digitalgemeinde-outbox/1"


@dataclass
class Round:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


def due_paths(now: datetime, limit: int = BATCH) -> list[str]:
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission",
        delivery_state=PENDING,
        delivery_due={"query": DateTime(now), "range": "max"},
        sort_on="delivery_due",
        sort_limit=limit,
    )
    return [brain.getPath() for brain in brains[:limit]]


def send(url: str, body: bytes, content_type: str, headers: dict) -> tuple[int | None, str]:
    """POST the delivery; ``(status, error)``; status None when no answer came. The address is
    checked again first (security.outgoing: DNS may have changed since it was saved), the
    connection goes to the checked address, and a redirect is not followed. A refused address
    is a failed attempt whose error (a message to translate) tells the office why."""
    try:
        target = outgoing.vet(url)
    except Refused as refusal:
        logger.warning("Delivery to %s refused: %s", url, translate(refusal.doc()))
        return None, refusal.doc()
    except (OSError, ValueError) as error:  # the name does not resolve
        return None, str(error)
    headers = {"Content-Type": content_type, "User-Agent": USER_AGENT, **headers}
    try:
        timeout = setting("delivery_timeout_seconds")
        status, reason, location = outgoing.post(target, body, headers, timeout)
    except (OSError, http.client.HTTPException) as error:
        return None, str(error) or type(error).__name__
    if 300 <= status < 400:
        return status, outgoing.redirect_refused(status, location)
    if not 200 <= status < 300:
        return status, f"HTTP {status} {reason}"
    return status, ""


def lease(path: str, now: datetime):
    """The submission and job at ``path`` if its job is due and not leased by another worker;
    the lease is committed before anything is sent."""
    portal = api.portal.get()
    submission = portal.unrestrictedTraverse(path, None)
    job = job_of(submission) if submission is not None else None
    if job is None or job.state != PENDING or job.next_try > now:
        return None, None
    if job.leased_until is not None and job.leased_until > now:
        return None, None
    job.leased_until = now + timedelta(seconds=setting("delivery_timeout_seconds") + 60)
    try:
        transaction.commit()
    except ConflictError:
        transaction.abort()
        return None, None
    return submission, job


def deliver_job(submission, job, now: datetime) -> str:
    office = uuidToObject(job.office_uid, unrestricted=True) or submission.__parent__
    secret = getattr(office, "interface_secret", None)
    if not secret:
        status, error = None, "The office has no shared secret: nothing was sent."
    else:
        body, content_type = build(submission, job)
        status, error = send(job.url, body, content_type, signed_headers(secret, body, job.key))
    # recording changes the catalog's delivery indexes, which new requests change too: take
    # the turn to store (after sending: nobody waits for the application's answer)
    store_turn.take(submission)
    job.record(now, status, error)
    job.leased_until = None
    if status is not None and 200 <= status < 300:
        job.state = DELIVERED
        outcome = "delivered"
    elif job.gives_up(now):
        job.state = FAILED
        outcome = "failed"
        logger.warning("Delivery of %s failed for good: %s", submission.reference, translate(error))
    else:
        job.next_try = now + job.backoff()
        outcome = "retried"
    submission.reindexObject(idxs=["delivery_state", "delivery_due"])
    return outcome


def run_once(site=None, now: datetime | None = None, limit: int = BATCH) -> Round:
    """Send every due job of the site (as many as ``limit``), each in its own transaction."""
    result = Round()
    for path in due_paths(now or datetime.now(UTC), limit):
        moment = now or datetime.now(UTC)
        submission, job = lease(path, moment)
        if job is None:
            result.skipped += 1
            continue
        outcome = deliver_job(submission, job, moment)
        try:
            transaction.commit()
        except ConflictError:
            # sent, but not recorded: the next round sends it again with the same key
            transaction.abort()
            result.skipped += 1
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def plone_sites(app) -> list:
    return [item for item in app.objectValues() if getattr(item, "portal_type", "") == "Plone Site"]


def run_database(db) -> None:
    """One round for every Plone site in the database, as the system user."""
    connection = db.open()
    try:
        app = makerequest(connection.root()["Application"])
        setRequest(app.REQUEST)
        newSecurityManager(None, system)
        for site in plone_sites(app):
            setSite(site)
            try:
                outcome = run_once(site)
            except Exception:
                transaction.abort()
                logger.exception("Outbox round of %s failed", site.getId())
                continue
            if outcome.delivered or outcome.failed or outcome.retried:
                logger.info("Outbox of %s: %s", site.getId(), outcome)
            settle_payments(site)
    finally:
        transaction.abort()
        setSite(None)
        setRequest(None)
        noSecurityManager()
        connection.close()


def settle_payments(site) -> None:
    """Ask the payment provider about payments whose notification is late (issue 20), in a
    transaction of their own; a conflict (a notification settling one at the same moment)
    leaves them to the next round."""
    try:
        report = checkout.poll(site)
        transaction.commit()
    except ConflictError:
        transaction.abort()
        logger.info(
            "Payments of %s not settled (conflict): the next round asks again", site.getId()
        )
        return
    except Exception:
        transaction.abort()
        logger.exception("Payment round of %s failed", site.getId())
        return
    if report.asked:
        logger.info("Payments of %s: %s", site.getId(), report)


def beat(db) -> None:
    """The worker's heartbeat for the health check (operation.heartbeat), in a transaction of
    its own; written at most every 30 s, so most calls only read it."""
    connection = db.open()
    try:
        if heartbeat.beat(connection.root()):
            transaction.commit()
    except ConflictError:
        logger.info("Heartbeat not written (conflict): the next round writes it")
    finally:
        transaction.abort()
        connection.close()


class WorkerThread(threading.Thread):
    def __init__(self, db, interval: float = INTERVAL):
        super().__init__(name="digitalgemeinde-outbox", daemon=True)
        self.db = db
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        self.beat()  # at once: the instance is healthy before the first round is due
        while not self.stopped.wait(self.interval):
            try:
                run_database(self.db)
            except Exception:
                logger.exception("Outbox round failed")
            self.beat()

    def beat(self):
        try:
            beat(self.db)
        except Exception:
            logger.exception("Heartbeat of the outbox worker failed")


def start_in_server(event) -> None:
    """On server start (IDatabaseOpenedWithRoot): run the worker in this process when
    DIGITALGEMEINDE_WORKER=1 is set (make start)."""
    if os.environ.get(ENV_FLAG) != "1":
        return
    WorkerThread(event.database).start()
    logger.info("Outbox worker started in the server process (every %s s)", INTERVAL)
