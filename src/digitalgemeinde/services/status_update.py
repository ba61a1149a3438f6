"""``POST <submission>/@status-update``: the office's specialist application reports progress.

Signed like the deliveries it receives: ``X-Digitalgemeinde-Timestamp`` (Unix seconds, at most
five minutes off) and ``X-Digitalgemeinde-Signature: sha256=<HMAC-SHA256 of
"<timestamp>.<body>" with the office's shared secret>``. ``Idempotency-Key`` names the report:
the same key again answers with the first outcome and changes nothing. The transition is
taken as a clerk's is (``submissions.processing.take_step``), with the same log entry and mail to
the citizen.
"""

from datetime import UTC
from datetime import datetime

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.outbox import IDEMPOTENCY_HEADER
from digitalgemeinde.outbox import SIGNATURE_HEADER
from digitalgemeinde.outbox import TIMESTAMP_HEADER
from digitalgemeinde.outbox import verify
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.submissions.log import ACTOR_KEY
from digitalgemeinde.submissions.processing import StepNotPossible
from digitalgemeinde.submissions.processing import StepRefused
from digitalgemeinde.submissions.processing import take_step

MAX_KEY = 200
MAX_COMMENT = 5000
ACTOR = "Fachapplikation"


def header(request, name: str) -> str | None:
    return request.getHeader(name)


class StatusUpdate(JsonService):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        submission = self.context
        office = submission.__parent__
        body = self.request.get("BODY") or b""
        if not verify(
            getattr(office, "interface_secret", None),
            header(self.request, TIMESTAMP_HEADER),
            header(self.request, SIGNATURE_HEADER),
            body,
        ):
            self.request.response.setHeader("WWW-Authenticate", 'HMAC realm="digitalgemeinde"')
            raise ApiError(
                401,
                _(
                    "The report is not signed with the office's shared secret, or its "
                    "timestamp is more than five minutes off."
                ),
            )
        key = (header(self.request, IDEMPOTENCY_HEADER) or "").strip()
        if not key or len(key) > MAX_KEY:
            raise field_error(
                IDEMPOTENCY_HEADER,
                _("Give each report an Idempotency-Key header (at most 200 characters)."),
            )
        earlier = submission.status_update(key)
        if earlier is not None:
            return {**dict(earlier), "replayed": True}
        data = self.json_body()
        transition = data.get("transition")
        comment = data.get("comment") or ""
        if not isinstance(transition, str) or not transition:
            raise field_error("transition", _("Name the transition, e.g. accept or complete."))
        if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
            raise field_error("comment", _("The comment is text of at most 5000 characters."))
        return self.transition(submission, key, transition, comment)

    def transition(self, submission, key: str, transition: str, comment: str) -> dict:
        self.request.set(ACTOR_KEY, ACTOR)
        with api.env.adopt_roles(["Manager"]):
            try:
                take_step(submission, transition, comment)
            except StepNotPossible as refused:
                raise ApiError(
                    409,
                    _(
                        "«${transition}» is not possible in the state «${state}»; possible: "
                        "${allowed}.",
                        mapping={
                            "transition": transition,
                            "state": refused.state,
                            "allowed": ", ".join(refused.possible) or "–",
                        },
                    ),
                    [{"field": "transition", "message": _("Not possible in this state.")}],
                ) from refused
            except StepRefused as refused:
                # e.g. asking back or rejecting without a comment
                raise field_error("comment", str(refused.message)) from refused
            outcome = {
                "reference": submission.reference,
                "transition": transition,
                "review_state": api.content.get_state(submission),
                "time": datetime.now(UTC).isoformat(),
            }
            submission.record_status_update(key, outcome)
        return {**outcome, "replayed": False}
