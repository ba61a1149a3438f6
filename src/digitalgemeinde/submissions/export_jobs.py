"""Exports above a threshold run in the background and end as a file only their clerk fetches.

The asking request records a job (who, which inbox, the filters, the format, the language) in
the site's annotation and, after its commit, a thread of this process runs it with a ZODB
connection of its own, as the asking user (the same search, the same permissions), and keeps
the file as a blob of the job: never served by Zope itself, fetched only through the download
page, by the user who asked and within its lifetime (``LIFETIME``). The link carries the job's
token (random, 256 bits); the page checks the user as well.

Restartable: a job is pending until its file is committed; a pending job whose run has not
reported for ``STALE`` (the process ended, the run failed to commit) is started again when its
clerk opens the inbox; running it twice writes the same file. Expired jobs and their files go
with the daily purge (``retention.purge``).
"""

import logging
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from Testing.makerequest import makerequest
from ZODB.blob import Blob
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import setSite
from zope.globalrequest import setRequest
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.operation.envelope import send_mail
from digitalgemeinde.submissions import export
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.values import local_time

logger = logging.getLogger("digitalgemeinde.export")
KEY = "digitalgemeinde.exports"
SETTING = "digitalgemeinde.export_background_from"
DEFAULT_THRESHOLD = 5000
LIFETIME = timedelta(hours=24)
STALE = timedelta(minutes=30)
PENDING, READY, FAILED = "pending", "ready", "failed"
RUNNING: dict[str, threading.Thread] = {}  # token -> thread of this process


def now() -> datetime:
    return datetime.now(UTC)


def threshold() -> int:
    """From how many requests an export runs in the background (Site Setup)."""
    value = api.portal.get_registry_record(SETTING, default=None)
    return value if isinstance(value, int) and value > 0 else DEFAULT_THRESHOLD


class ExportJob(Persistent):
    def __init__(self, userid: str, context_path: str, params: dict, format: str, **more):
        self.token = secrets.token_urlsafe(32)
        self.userid, self.context_path, self.format = userid, context_path, format
        self.params = dict(params)
        self.language = more.get("language", "de")
        self.filename = more.get("filename", f"export.{format}")
        self.download_url = more.get("download_url", "")
        self.total = more.get("total", 0)
        self.state = PENDING
        self.created = self.heartbeat = now()
        self.expires = self.created + LIFETIME
        self.rows = 0
        self.file = None

    def expired(self, moment: datetime | None = None) -> bool:
        return (moment or now()) >= self.expires

    @property
    def link(self) -> str:
        return f"{self.download_url}?token={self.token}"


def jobs(portal, create: bool = False):
    annotations = IAnnotations(portal)
    if KEY not in annotations and create:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY)


def find(portal, token) -> ExportJob | None:
    container = jobs(portal)
    if container is None or not isinstance(token, str) or not token:
        return None
    return container.get(token)


def jobs_of(portal, userid: str, context_path: str) -> list[ExportJob]:
    """The user's jobs of one inbox that have not expired, newest first."""
    container = jobs(portal) or {}
    moment = now()
    found = [
        job
        for job in container.values()
        if job.userid == userid and job.context_path == context_path and not job.expired(moment)
    ]
    return sorted(found, key=lambda job: job.created, reverse=True)


def request_export(context, userid: str, params: dict, format: str, **more) -> ExportJob:
    """Record a job; its run starts when the asking transaction has committed."""
    portal = api.portal.get()
    job = ExportJob(userid, "/".join(context.getPhysicalPath()), params, format, **more)
    jobs(portal, create=True)[job.token] = job
    start_after_commit(portal, job.token)
    return job


def start_after_commit(portal, token: str) -> None:
    db = portal._p_jar.db()
    site_path = "/".join(portal.getPhysicalPath())

    def hook(committed: bool) -> None:
        if committed:
            start(db, site_path, token)

    transaction.get().addAfterCommitHook(hook)


def start(db, site_path: str, token: str) -> threading.Thread:
    running = RUNNING.get(token)
    if running is not None and running.is_alive():
        return running
    thread = threading.Thread(
        target=run_in_thread, args=(db, site_path, token), name=f"export-{token[:8]}", daemon=True
    )
    RUNNING[token] = thread
    thread.start()
    return thread


def resume_stale(portal, found: list[ExportJob]) -> None:
    """Start again the pending jobs whose run is gone (ended with its process, or failed)."""
    moment = now()
    for job in found:
        running = RUNNING.get(job.token)
        if job.state != PENDING or (running is not None and running.is_alive()):
            continue
        if moment - job.heartbeat >= STALE:
            start(portal._p_jar.db(), "/".join(portal.getPhysicalPath()), job.token)


def run_in_thread(db, site_path: str, token: str) -> None:
    connection = db.open()
    try:
        app = makerequest(connection.root()["Application"])
        setRequest(app.REQUEST)
        site = app.unrestrictedTraverse(site_path)
        setSite(site)
        run(site, token)
    except Exception:
        logger.exception("Background export %s failed", token[:8])
    finally:
        transaction.abort()
        noSecurityManager()
        setSite(None)
        setRequest(None)
        connection.close()
        RUNNING.pop(token, None)


@dataclass
class Outcome:
    rows: int
    path: str


def run(site, token: str) -> str | None:
    """Run one job in the current transaction's connection: the file, the mail. Returns the
    job's state, None when there is no job to run."""
    job = find(site, token)
    if job is None or job.state != PENDING or job.expired():
        return None
    job.heartbeat = now()
    transaction.commit()  # the run reports: nobody starts it again meanwhile
    for users in (site.acl_users, site.getPhysicalRoot().acl_users):  # the site's, Zope's
        user = users.getUserById(job.userid)
        if user is not None:
            break
    if user is None:
        return finish(job, None)
    newSecurityManager(None, user.__of__(users))
    try:
        outcome = write(site, job)
    except ConflictError:
        raise
    except Exception:
        logger.exception("Background export %s failed", token[:8])
        outcome = None
    return finish(job, outcome)


def finish(job: ExportJob, outcome: Outcome | None, attempts: int = 3) -> str:
    for attempt in range(attempts):
        if outcome is None:
            job.state = FAILED
        else:
            job.file = Blob()
            with job.file.open("w") as target, open(outcome.path, "rb") as source:
                while piece := source.read(export.CHUNK):
                    target.write(piece)
            job.rows, job.state = outcome.rows, READY
            job.expires = now() + LIFETIME
            send_link(job)
        try:
            transaction.commit()
            break
        except ConflictError:
            transaction.abort()
            if attempt == attempts - 1:
                raise
    if outcome is not None:
        os.unlink(outcome.path)
    return job.state


def write(site, job: ExportJob) -> Outcome:
    """The job's file, written as the page streams it, to a temporary file."""
    context = site.unrestrictedTraverse(job.context_path)
    uids = job.params.get("uids")
    if uids:
        brains = export.selected(context, uids)
    else:
        services = {service["uid"] for service in service_options(context)}
        form = {name: value for name, value in job.params.items() if name != "uids"}
        brains, _message = search_inbox(context, InboxFilters.from_request(Form(form), services))
    rids = export.export_rids(brains)
    catalog_path = "/".join(api.portal.get_tool("portal_catalog").getPhysicalPath())

    def tr(message) -> str:
        return translate(message, target_language=job.language)

    descriptor, path = tempfile.mkstemp(prefix="digitalgemeinde-export-")
    reader = export.Reader(site._p_jar.db(), catalog_path, rids, job.userid)
    with os.fdopen(descriptor, "wb") as target, reader:
        table = export.Table(reader, tr, export.with_office(context))
        export.write_file(table, job.format, tr(_("Inbox")), target)
    return Outcome(rows=len(rids), path=path)


class Form:
    """What ``InboxFilters.from_request`` reads of a request: its form."""

    def __init__(self, form: dict):
        self.form = form


def send_link(job: ExportJob) -> None:
    user = api.user.get(userid=job.userid)
    address = user.getProperty("email") if user is not None else ""
    if not address:
        return
    mapping = {
        "count": job.rows,
        "link": job.link,
        "until": local_time(job.expires),
    }
    subject = translate(_("Your export is ready"), target_language=job.language)
    body = translate(
        _(
            "mail_export_ready",
            default="Your export of ${count} requests is ready. Download it until ${until} "
            "(after that the file is deleted):\n\n${link}\n\nOnly you can download it, logged "
            "in as the user who asked for it.",
            mapping=mapping,
        ),
        target_language=job.language,
    )
    send_mail(address, subject, body, immediate=False)


def purge_expired(portal, moment: datetime | None = None) -> int:
    """Remove the expired jobs and their files; how many."""
    container = jobs(portal)
    if container is None:
        return 0
    moment = moment or now()
    gone = [token for token, job in container.items() if job.expired(moment)]
    for token in gone:
        del container[token]
    return len(gone)
