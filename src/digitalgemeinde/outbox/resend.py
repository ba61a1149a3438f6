"""«Erneut senden»: a delivery that failed for good goes to the specialist application again.

Only a failed delivery is sent again, only by someone who may process the request (the
office's staff, the tenant's admins, Managers). The job becomes pending and due now, to the
address the office has today (it may have been corrected since), and keeps its idempotency key:
the specialist application sees the same key as before and can tell a repeat. Its attempts and
hours are counted anew (``DeliveryJob.restart``). Each resend is in the case log and, as the
request goes out of the portal again, in the tenant's access log as "forwarded".

The request's page, ``@delivery-resend`` and the inbox's bulk action (``bulk_resend``, page and
``@inbox-bulk``) all call this module.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime

from plone import api

from digitalgemeinde import _
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import job_of
from digitalgemeinde.submissions.access_log import FORWARD
from digitalgemeinde.submissions.access_log import record_access
from digitalgemeinde.submissions.bulk import chosen
from digitalgemeinde.submissions.bulk import refusals
from digitalgemeinde.submissions.log import record

PROCESS = "digitalgemeinde: Process submission"
LOG_ACTION = "resend"
# The case log's words for a resend (submission_view's LOG_ACTIONS)
LOG_LABELS = {LOG_ACTION: _("log_resend", default="Sent again to the specialist application")}


class ResendRefused(ValueError):
    """Nothing was changed; ``message`` says why; ``status`` is the HTTP status it deserves."""

    def __init__(self, message, status: int = 400, not_failed: bool = False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.not_failed = not_failed


def may_resend(submission) -> bool:
    user = api.user.get_current()
    if user is None or api.user.is_anonymous():
        return False
    return bool(api.user.has_permission(PROCESS, obj=submission))


def can_resend(submission) -> bool:
    """Whether the page offers «Erneut senden»: the delivery failed and the user may."""
    job = job_of(submission)
    return job is not None and job.state == FAILED and may_resend(submission)


def check(submission):
    """The failed job of ``submission`` and the office it goes to; else ``ResendRefused``."""
    if not may_resend(submission):
        raise ResendRefused(_("You may not send this request again."), status=403)
    job = job_of(submission)
    if job is None:
        raise ResendRefused(
            _("This request does not go to a specialist application: there is nothing to send."),
            status=409,
            not_failed=True,
        )
    if job.state != FAILED:
        raise ResendRefused(
            _(
                "The delivery of ${reference} has not failed: it is not sent again.",
                mapping={"reference": submission.reference},
            ),
            status=409,
            not_failed=True,
        )
    office = submission.__parent__
    if not getattr(office, "interface_url", None):
        raise ResendRefused(
            _(
                "${office} no longer delivers to a specialist application: enter its address "
                "in the office's settings first.",
                mapping={"office": office.Title()},
            ),
            status=409,
        )
    return job, office


def resend(submission, now: datetime | None = None):
    """Queue the failed delivery of ``submission`` again (same key); the job."""
    job, office = check(submission)
    job.office_uid = api.content.get_uuid(office)
    job.restart(
        now or datetime.now(UTC),
        office.interface_url,
        getattr(office, "interface_format", None) or "json",
    )
    submission.reindexObject(idxs=["delivery_state", "delivery_due"])
    record(submission, LOG_ACTION)
    record_access(submission, None, FORWARD)
    return job


@dataclass
class ResendOutcome:
    done: list = field(default_factory=list)  # references sent again
    not_failed: list = field(default_factory=list)  # (reference, reason): nothing had failed
    refused: list = field(default_factory=list)  # (reference, reason): failed, but not possible
    missing: list = field(default_factory=list)  # UIDs not in the inbox

    def messages(self) -> list:
        """In plain words: how many were sent again, how many had not failed, each refusal."""
        messages = [
            _(
                "${count} requests will be sent to the specialist application again.",
                mapping={"count": len(self.done)},
            )
        ]
        if self.not_failed:
            messages.append(
                _(
                    "${count} chosen requests had no failed delivery: not sent again.",
                    mapping={"count": len(self.not_failed)},
                )
            )
        return messages + refusals(self.refused, self.missing)


def bulk_resend(inbox, uids: list[str], now: datetime | None = None) -> ResendOutcome:
    """Send the chosen requests whose delivery failed again; count the others
    (``submissions.bulk.BulkRefused`` for no or too many UIDs)."""
    requests, missing = chosen(inbox, uids)
    outcome = ResendOutcome(missing=missing)
    for submission in requests:
        try:
            resend(submission, now)
        except ResendRefused as refused:
            kept = outcome.not_failed if refused.not_failed else outcome.refused
            kept.append((submission.reference, refused.message))
        else:
            outcome.done.append(submission.reference)
    return outcome
