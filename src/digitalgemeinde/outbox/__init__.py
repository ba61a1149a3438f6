"""Transactional outbox: the delivery of each request to its office's specialist application.

``enqueue`` stores a DeliveryJob on the Submission in the very transaction that makes the
Submission, so a request is never without its job and a job never without its request. The
worker (``worker.py``) sends due jobs with exponential backoff; each job carries one
idempotency key for all its attempts, so a receiver that got a delivery twice (sent, then the
commit failed) can tell. Jobs that fail for good are flagged in the office inbox.
"""

import hashlib
import hmac
import secrets
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from persistent import Persistent
from persistent.list import PersistentList
from plone import api
from zope.i18nmessageid import Message

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
SIGNATURE_HEADER = "X-Digitalgemeinde-Signature"
TIMESTAMP_HEADER = "X-Digitalgemeinde-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_CLOCK_SKEW = 300  # seconds a signed request may be old (or ahead)

DEFAULTS = {
    "delivery_max_attempts": 12,
    "delivery_max_hours": 72,
    "delivery_retry_seconds": 30,
    "delivery_timeout_seconds": 10,
}
MAX_BACKOFF = timedelta(hours=1)


def setting(name: str) -> int:
    value = api.portal.get_registry_record(f"digitalgemeinde.{name}", default=None)
    return value if value is not None else DEFAULTS[name]


class DeliveryJob(Persistent):
    """One request's way to the specialist application; a separate record from the
    Submission, so the worker updating it does not conflict with a clerk at work."""

    def __init__(
        self, office_uid: str, url: str, payload_format: str, now: datetime, status_url: str
    ):
        self.key = secrets.token_hex(16)  # the idempotency key of every attempt
        self.office_uid = office_uid
        self.status_url = status_url  # known in the citizen's request; a worker has no URL
        self.url = url
        self.format = payload_format
        self.state = PENDING
        self.created = now
        self.next_try = now
        self.leased_until = None
        self.attempts = PersistentList()

    def record(self, now: datetime, status: int | None, error: str = "") -> None:
        # a Message (security.outgoing's reasons) is kept whole, to be shown translated
        if not isinstance(error, Message):
            error = error[:500]
        self.attempts.append({"time": now, "status": status, "error": error})

    def backoff(self) -> timedelta:
        base = timedelta(seconds=setting("delivery_retry_seconds"))
        tries = len(self.attempts) - self.counted_from
        return min(base * 2 ** max(tries - 1, 0), MAX_BACKOFF)

    # Sent again by hand after it failed (``outbox.resend``): the attempts and the hours are
    # counted anew from then; the idempotency key stays. Defaults for jobs stored before.
    restarted = None
    counted_from = 0  # the attempts before the restart

    def gives_up(self, now: datetime) -> bool:
        tries = len(self.attempts) - self.counted_from
        too_many = tries >= setting("delivery_max_attempts")
        start = self.restarted or self.created
        too_old = now - start >= timedelta(hours=setting("delivery_max_hours"))
        return too_many or too_old

    def restart(self, now: datetime, url: str, payload_format: str) -> None:
        """Pending again, due now, to the office's current application; same key."""
        self.url = url
        self.format = payload_format
        self.state = PENDING
        self.next_try = now
        self.leased_until = None
        self.restarted = now
        self.counted_from = len(self.attempts)


def job_of(submission) -> DeliveryJob | None:
    return getattr(submission, "delivery_job", None)


def enqueue(submission, office, now: datetime | None = None) -> DeliveryJob | None:
    """A job for ``submission`` if its office delivers to a specialist application."""
    url = getattr(office, "interface_url", None)
    if not url:
        return None
    now = now or datetime.now(UTC)
    job = DeliveryJob(
        api.content.get_uuid(office),
        url,
        getattr(office, "interface_format", None) or "json",
        now,
        f"{submission.absolute_url()}/@status-update",
    )
    submission.set_delivery_job(job)
    return job


def retarget(submission, office) -> None:
    """After forwarding: a job not yet delivered goes to the new office's application (or is
    dropped when the new office has none); a delivered one stays as it was."""
    job = job_of(submission)
    if job is None or job.state == DELIVERED:
        return
    submission.drop_delivery_job()
    enqueue(submission, office)
    submission.reindexObject(idxs=["delivery_state", "delivery_due"])


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``<timestamp>.<body>`` with the shared secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signed_headers(secret: str, body: bytes, key: str, now: float | None = None) -> dict:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        IDEMPOTENCY_HEADER: key,
    }


def verify(secret: str | None, timestamp: str | None, signature: str | None, body: bytes) -> bool:
    """Whether a request was signed with ``secret`` within the allowed clock skew."""
    if not secret or not timestamp or not signature:
        return False
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    if age > MAX_CLOCK_SKEW:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
