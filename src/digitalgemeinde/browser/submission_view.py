"""The page of one request for the office: what the citizen sent, the case log, internal notes,
and the clerk's actions (workflow transitions, forwarding to another office).

Every change is a POST with plone.protect's token; a GET never changes anything. What the
citizen typed is shown as text only: the template never renders it with ``structure``.
"""

from urllib.parse import quote

import transaction
from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.browser.case_messages import CaseMessagesMixin
from digitalgemeinde.browser.case_refund import refund_offer
from digitalgemeinde.browser.downloads import RequestFileView
from digitalgemeinde.browser.downloads import serve_logged
from digitalgemeinde.browser.inbox import local_time
from digitalgemeinde.identity.requirements import describe as describe_identification
from digitalgemeinde.operation.bounces import log_label as bounce_log_label
from digitalgemeinde.outbox.resend import LOG_LABELS as RESEND_LOG_LABELS
from digitalgemeinde.outbox.resend import can_resend
from digitalgemeinde.payments.display import paid_line
from digitalgemeinde.payments.refunds import LOG_LABELS as REFUND_LOG_LABELS
from digitalgemeinde.security.antivirus import UNSCANNED_ACTION
from digitalgemeinde.security.antivirus import unscanned_files
from digitalgemeinde.submissions.assignment import LOG_LABELS as ASSIGNMENT_LOG_LABELS
from digitalgemeinde.submissions.forwarding import office_label
from digitalgemeinde.submissions.processing import ProcessingRefused
from digitalgemeinde.submissions.processing import add_note
from digitalgemeinde.submissions.processing import forward_request
from digitalgemeinde.submissions.processing import forward_targets
from digitalgemeinde.submissions.processing import possible_steps
from digitalgemeinde.submissions.processing import take_step
from digitalgemeinde.submissions.safe_names import safe_filename
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.workflow import COMMENT_LABELS
from digitalgemeinde.submissions.workflow import DEFAULT_BADGE
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT
from digitalgemeinde.submissions.workflow import RESULT_TRANSITIONS
from digitalgemeinde.submissions.workflow import STATE_BADGES
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.submissions.workflow import TRANSITION_LABELS
from digitalgemeinde.submissions.workflow import TRANSITION_LOG_LABELS

PROCESS = "digitalgemeinde: Process submission"

LOG_ACTIONS = {
    "submitted": _("log_submitted", default="Submitted"),
    **TRANSITION_LOG_LABELS,
    "forward": _("log_forward", default="Forwarded"),
    "answer": _("log_answer", default="The citizen answered"),
    UNSCANNED_ACTION: _("log_unscanned", default="Accepted without a virus scan"),
    "message": _("log_message", default="Message to the citizen"),
    "citizen_message": _("log_citizen_message", default="Message from the citizen"),
    **ASSIGNMENT_LOG_LABELS,
    **RESEND_LOG_LABELS,
    **REFUND_LOG_LABELS,
}


DELIVERY_LABELS = {
    "pending": _("waiting to be delivered"),
    "delivered": _("delivered"),
    "failed": _("not delivered: the office must handle it without its application"),
}


class SubmissionView(CaseMessagesMixin, BrowserView):
    """The default view of a Submission, for the office's staff and the tenant's admins."""

    index = ViewPageTemplateFile("templates/submission.pt")

    def __call__(self):
        self.errors = []
        self.failed = {}  # what the user typed into the form that failed, to show it again
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if not self.can_process:
                raise Unauthorized("You may not process this request.")
            redirect = self.handle(self.request.form)
            if redirect:
                self.request.response.redirect(redirect, status=303)
                return ""
            transaction.doom()  # refused: nothing of it is kept
        self.log_opening()
        return self.index()

    # What the page shows

    @property
    def url(self) -> str:
        return self.context.absolute_url()

    @property
    def can_process(self) -> bool:
        return bool(api.user.has_permission(PROCESS, obj=self.context))

    def translate(self, message) -> str:
        return translate(message, context=self.request)

    def state(self) -> dict:
        state = api.content.get_state(self.context, default="")
        return {
            "id": state,
            "label": STATE_LABELS.get(state, state),
            "badge": STATE_BADGES.get(state, DEFAULT_BADGE),
        }

    def office(self) -> str:
        return office_label(self.context.__parent__)

    def submitted(self) -> str:
        return local_time(self.context.submitted)

    def payment(self):
        """The amount paid online with its transaction (a message), or None."""
        return paid_line(self.context)

    def identification(self) -> str:
        """ "identifiziert über AGOV (Stufe hoch)", "angemeldet mit Passwort" ..."""
        return self.translate(describe_identification(self.context.identification))

    def values(self) -> list[dict]:
        rows = labelled_values(self.context, self.context.language)
        for row in rows:
            row["url"] = f"{self.url}/@@file/{quote(row['name'])}" if row["file"] else None
        return rows

    def result(self) -> dict | None:
        result = self.context.result
        if result is None:
            return None
        return {
            "url": f"{self.url}/@@result",
            "filename": safe_filename(result.filename),
            "size": f"{result.getSize() // 1024 + 1} KB",
        }

    def person(self, userid: str) -> str:
        if not userid:
            return self.translate(_("The citizen"))
        user = api.user.get(userid=userid)
        return (user.getProperty("fullname") or user.getUserName()) if user else userid

    def log(self) -> list[dict]:
        return [
            {
                "time": local_time(entry.get("time")),
                "actor": self.person(entry.get("actor", "")),
                "action": bounce_log_label(entry)
                or LOG_ACTIONS.get(entry.get("action"), entry.get("action")),
                "state": STATE_LABELS.get(entry.get("state"), entry.get("state") or ""),
                "comment": entry.get("comment") or "",
                "from_office": entry.get("from_office") or "",
                "to_office": entry.get("to_office") or "",
            }
            for entry in reversed(self.context.log)
        ]

    def unscanned(self) -> list[str]:
        """The files accepted while the virus scanner could not be reached."""
        return unscanned_files(self.context)

    def delivery(self) -> dict | None:
        """The way of the request to the office's specialist application, attempt by attempt."""
        from digitalgemeinde.outbox import PENDING
        from digitalgemeinde.outbox import job_of

        job = job_of(self.context)
        if job is None:
            return None
        return {
            "state": job.state,
            "label": DELIVERY_LABELS.get(job.state, job.state),
            "url": job.url,
            "format": job.format.upper(),
            "key": job.key,
            "next_try": local_time(job.next_try) if job.state == PENDING else "",
            "resend": can_resend(self.context),
            "attempts": [
                {
                    "time": local_time(attempt["time"]),
                    "status": attempt["status"] if attempt["status"] is not None else "–",
                    "error": attempt["error"],
                }
                for attempt in job.attempts
            ],
        }

    def answers(self) -> list[dict]:
        """The citizen's answers to the office's questions, with their files."""
        return [
            {
                "time": local_time(answer["time"]),
                "text": answer["text"],
                "files": [
                    {
                        "url": f"{self.url}/@@file/answer-{number}-{index}",
                        "filename": safe_filename(blob.filename),
                        "size": f"{blob.getSize() // 1024 + 1} KB",
                    }
                    for index, blob in enumerate(answer["files"], start=1)
                ],
            }
            for number, answer in enumerate(self.context.answers, start=1)
        ]

    def notes(self) -> list[dict]:
        return [
            {
                "time": local_time(note.get("time")),
                "actor": self.person(note.get("actor", "")),
                "lines": (note.get("text") or "").splitlines(),
            }
            for note in reversed(self.context.notes)
        ]

    def transitions(self) -> list[dict]:
        if not self.can_process:
            return []
        return [
            {
                "id": transition["id"],
                "label": TRANSITION_LABELS.get(transition["id"], transition["title"]),
                "comment_label": COMMENT_LABELS.get(transition["id"], _("Comment (optional)")),
                "comment_required": transition["id"] in NEEDS_COMMENT,
                "comment": self.failed.get(transition["id"], "")
                or self.template_text(transition["id"]),
                "result_upload": transition["id"] in RESULT_TRANSITIONS,
            }
            for transition in possible_steps(self.context)
        ]

    def forward_targets(self) -> list[dict]:
        return forward_targets(self.context) if self.can_process else []

    # What the page changes

    def handle(self, form) -> str | None:
        """Do what was posted; the address to go to on success, None after an error."""

        def field(name: str) -> str:
            value = form.get(name, "")
            return value.strip() if isinstance(value, str) else ""

        action = field("action")
        if action == "transition":
            return self.transition(field("transition"), field("comment"), form.get("result"))
        if action == "note":
            return self.add_note(field("note"))
        if action == "forward":
            return self.forward(field("office"), field("reason"))
        self.errors.append(_("Unknown action: nothing was changed."))
        return None

    def transition(self, transition: str, comment: str, upload) -> str | None:
        self.failed[transition] = comment
        if comment and self.needs_confirmation(transition, self.request.form):
            return None
        try:
            take_step(self.context, transition, comment, upload)
        except ProcessingRefused as refused:
            self.errors.append(refused.message)
            return None
        self.confirm_step(transition)
        return refund_offer(self.context, transition) or self.url

    def add_note(self, text: str) -> str | None:
        try:
            add_note(self.context, text)
        except ProcessingRefused as refused:
            self.errors.append(refused.message)
            self.failed["note"] = text
            return None
        api.portal.show_message(_("The note was added."), request=self.request, type="info")
        return f"{self.url}#notes"

    def forward(self, office_uid: str, reason: str) -> str | None:
        self.failed["reason"] = reason
        old_office = self.context.__parent__
        reference = self.context.reference
        try:
            target = forward_request(self.context, office_uid, reason)
        except ProcessingRefused as refused:
            self.errors.append(refused.message)
            return None
        api.portal.show_message(
            _(
                "Request ${reference} was forwarded to ${office}.",
                mapping={"reference": reference, "office": office_label(target)},
            ),
            request=self.request,
            type="info",
        )
        if api.user.has_permission(PROCESS, obj=old_office):
            return f"{old_office.absolute_url()}/@@inbox"
        return api.portal.get().absolute_url()


class SubmissionFile(RequestFileView):
    """``@@file/<field name>``: a file the citizen sent, as a download (logged)."""

    def file(self, name):
        return answer_file(self.context, name) or (self.context.values.get(name) if name else None)


def answer_file(submission, name):
    """``answer-<n>-<m>``: the m-th file of the citizen's n-th answer (counting from 1)."""
    parts = (name or "").split("-")
    if len(parts) != 3 or parts[0] != "answer" or not all(p.isdigit() for p in parts[1:]):
        return None
    answers = submission.answers
    number, index = int(parts[1]) - 1, int(parts[2]) - 1
    if not (0 <= number < len(answers)) or not (0 <= index < len(answers[number]["files"])):
        return None
    return answers[number]["files"][index]


class ResultFile(BrowserView):
    """``@@result``: the document the office attached when it completed the request."""

    def __call__(self):
        result = self.context.result
        if result is None:
            raise NotFound(self, "result", self.request)
        return serve_logged(self.request.response, result, self.context)
