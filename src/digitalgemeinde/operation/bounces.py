"""Bounced mails: the mail server's delivery reports, recorded on the request and kept for the
digest of its tenant.

The portal's mail carries the bounce address as its envelope sender (operation.envelope,
``DIGITALGEMEINDE_BOUNCE_ADDRESS``); the operator's MTA delivers that address's mail into a
Maildir, named by ``DIGITALGEMEINDE_BOUNCE_MAILDIR`` (e.g. Postfix: an alias or a virtual mailbox
for the bounce address with ``home_mailbox = Maildir/``). ``read_bounces`` (run by ``make
digest`` before the digests are made) reads each message not yet seen:

- a DSN (operation.dsn) with ``Action: failed`` recipients: each failure is recorded once on the
  request its original named (``X-Digitalgemeinde-Reference`` or our Message-ID): an entry
  "Mail to <address> did not arrive (<reason>, <status>)" in its case log, which the request's
  page shows, and an entry in its tenant's list for the next digest. A failure that names no
  request of this site is counted and logged (the operator's journal), not lost;
- a DSN without failures (``delayed``, ``delivered``, ``relayed``) and any other message
  (auto-replies, spam) is "not a bounce": counted, nothing recorded;
- a message that cannot be read is logged with its file name and flagged (``F``) for a person.

After the transaction commits, ``BounceRun.mark_seen`` moves each read message to ``cur/`` with
the flag ``S`` (seen), so the next run passes it by; the messages stay in the Maildir. A
failure is recorded on a request only once even if marking failed (its report's id is in the
log entry).
"""

import logging
import mailbox
import os
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from pathlib import Path

from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.operation.dsn import Unreadable
from digitalgemeinde.operation.dsn import failures
from digitalgemeinde.submissions.log import record
from digitalgemeinde.tenants import tenant_of

logger = logging.getLogger("digitalgemeinde.bounces")

MAILDIR_VARIABLE = "DIGITALGEMEINDE_BOUNCE_MAILDIR"
LOG_ACTION = "mail_bounced"
MAIL_SERVER = "Mailserver"  # who the case log names, as "Fachapplikation" for status updates
STORE_KEY = "digitalgemeinde.bounces"  # on the tenant: failures since its last digest

# RFC 3463: the subject and detail of a status, in plain words (the class 4/5 is left out)
REASONS = {
    "1.1": _("bounce_unknown_mailbox", default="the address does not exist"),
    "1.2": _("bounce_unknown_domain", default="the address's domain does not exist"),
    "2.2": _("bounce_mailbox_full", default="the mailbox is full"),
    "3.4": _("bounce_too_large", default="the mail is too large"),
}
SUBJECTS = {
    "1": _("bounce_bad_address", default="the address is wrong"),
    "2": _("bounce_mailbox", default="the mailbox cannot take mail"),
    "4": _("bounce_network", default="the recipient's mail server could not be reached"),
    "7": _("bounce_refused", default="the recipient's mail server refused the mail"),
}
UNSPECIFIED = _("bounce_other", default="the recipient's mail server did not accept it")


def reason(status: str) -> Message:
    """A delivery status (e.g. ``5.1.1``) in plain words."""
    detail = status.split(".", 1)[1] if "." in status else ""
    return REASONS.get(detail) or SUBJECTS.get(detail.split(".")[0]) or UNSPECIFIED


def log_label(entry) -> Message | None:
    """The words of a bounce in the case log (None for other entries)."""
    if entry.get("action") != LOG_ACTION:
        return None
    return _(
        "log_mail_bounced",
        default="Mail to ${address} did not arrive (${reason}, ${status})",
        mapping={
            "address": entry.get("recipient", ""),
            "reason": reason(entry.get("status", "")),
            "status": entry.get("status", ""),
        },
    )


def maildir_path() -> Path | None:
    value = os.environ.get(MAILDIR_VARIABLE, "").strip()
    return Path(value) if value else None


@dataclass
class BounceRun:
    maildir: Path | None = None
    messages: int = 0  # read this run
    bounces: int = 0  # failures recorded on requests
    known: int = 0  # failures recorded before (a run that could not mark its messages)
    unknown: int = 0  # failures naming no request of this site
    not_bounces: int = 0
    unreadable: int = 0
    done: list = field(default_factory=list)  # (key, flags) to set once committed

    def line(self) -> str:
        """Numbers only, for the journal."""
        if self.maildir is None:
            return f"Bounces: not read ({MAILDIR_VARIABLE} is not set)."
        return (
            f"Bounces: {self.messages} new message(s) in {self.maildir}: {self.bounces} "
            f"bounce(s) recorded, {self.unknown} naming no request of this site, "
            f"{self.not_bounces} not a bounce, {self.unreadable} unreadable."
        )

    def mark_seen(self) -> None:
        """Move the messages read to ``cur/`` with their flags (after the commit)."""
        if not self.done:
            return
        box = mailbox.Maildir(self.maildir, factory=None, create=False)
        for key, flags in self.done:
            try:
                message = box.get_message(key)
                message.set_subdir("cur")
                message.add_flag(flags)
                box[key] = message
            except (KeyError, OSError) as error:
                logger.warning("Bounce %s could not be marked as seen: %s", key, error)
        self.done = []


def find_request(reference: str):
    """The request of ``reference`` on this site, or None."""
    number = reference.rpartition("-")[2].lstrip("0")
    if not number:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", SearchableText=number, show_inactive=True
    )
    for brain in brains:
        if getattr(brain, "reference", "") == reference:
            return brain._unrestrictedGetObject()
    return None


def remember(tenant, submission, failure) -> None:
    """Keep the failure for the tenant's next digest."""
    annotations = IAnnotations(tenant)
    store = annotations.get(STORE_KEY)
    if store is None:
        store = annotations[STORE_KEY] = PersistentList()
    store.append(
        PersistentMapping(
            reference=submission.reference,
            uid=submission.UID(),
            office=submission.__parent__.Title(),
            recipient=failure.recipient,
            status=failure.status,
            time=failure.time,
        )
    )


def record_failure(failure, report_id: str, run: BounceRun) -> None:
    submission = find_request(failure.reference) if failure.reference else None
    if submission is None:
        run.unknown += 1
        logger.warning(
            "Bounce %s: mail to %s did not arrive (%s), naming no request of this site (%s)",
            report_id,
            failure.recipient,
            failure.status,
            failure.reference or "no reference",
        )
        return
    bounce_id = f"{report_id} {failure.recipient}"
    if any(entry.get("bounce_id") == bounce_id for entry in submission.log):
        run.known += 1
        return
    record(
        submission,
        LOG_ACTION,
        comment=failure.diagnostic,
        actor=MAIL_SERVER,
        recipient=failure.recipient,
        status=failure.status,
        bounce_id=bounce_id,
        time=datetime.now(UTC),
    )
    tenant = tenant_of(submission)
    if tenant is not None:
        remember(tenant, submission, failure)
    run.bounces += 1


def read_message(box, key: str, run: BounceRun) -> None:
    run.messages += 1
    try:
        message = box.get_message(key)
        found = failures(message)
    except ConflictError:
        raise
    except Exception as error:  # noqa: BLE001 (any message a mail server lets through)
        run.unreadable += 1
        logger.warning(
            "Bounce %s in %s could not be read (%s): flagged for a person",
            key,
            run.maildir,
            error if isinstance(error, Unreadable) else repr(error),
        )
        run.done.append((key, "FS"))
        return
    if not found:  # no DSN, or one that reports a delay or a delivery
        run.not_bounces += 1
    else:
        report_id = " ".join((message.get("Message-ID") or f"<{key}>").split())
        for failure in found:
            record_failure(failure, report_id, run)
    run.done.append((key, "S"))


def unseen(path: Path) -> list[str]:
    """The keys of the messages in ``new/``, and in ``cur/`` without the flag ``S``."""
    keys = [name for name in os.listdir(path / "new") if not name.startswith(".")]
    for name in os.listdir(path / "cur"):
        key, _separator, info = name.partition(mailbox.Maildir.colon)
        if not name.startswith(".") and "S" not in info.partition(",")[2]:
            keys.append(key)
    return sorted(keys)


def read_bounces(path: Path | None = None) -> BounceRun:
    """Record the bounces in the Maildir (``DIGITALGEMEINDE_BOUNCE_MAILDIR``); in the caller's
    transaction. Call ``mark_seen`` on the answer once it is committed."""
    path = path or maildir_path()
    run = BounceRun(maildir=path)
    if path is None:
        return run
    if not (path / "new").is_dir() or not (path / "cur").is_dir():
        logger.warning("Bounces: %s is no Maildir (no new/ and cur/): nothing read", path)
        return run
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in unseen(path):
        read_message(box, key, run)
    logger.info(run.line())
    return run


def pending(tenant) -> list:
    """The failures kept for the tenant's next digest, oldest first."""
    return list(IAnnotations(tenant).get(STORE_KEY) or ())


def forget_reported(tenant) -> None:
    store = IAnnotations(tenant).get(STORE_KEY)
    if store:
        del store[:]
