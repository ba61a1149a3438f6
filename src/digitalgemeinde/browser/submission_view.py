"""The page of one request for the office: what the citizen sent, the case log, internal notes,
and the clerk's actions (workflow transitions, forwarding to another office).

Every change is a POST with plone.protect's token; a GET never changes anything. What the
citizen typed is shown as text only: the template never renders it with ``structure``.
"""

from datetime import UTC
from datetime import datetime
from urllib.parse import quote

import transaction
from AccessControl import Unauthorized
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.namedfile.file import NamedBlobFile
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from digitalgemeinde import _
from digitalgemeinde.browser.downloads import safe_content_type
from digitalgemeinde.browser.downloads import safe_filename
from digitalgemeinde.browser.downloads import serve_file
from digitalgemeinde.browser.inbox import local_time
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.security.antivirus import UNSCANNED_ACTION
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.security.antivirus import unscanned_files
from digitalgemeinde.submissions.forwarding import forward
from digitalgemeinde.submissions.forwarding import office_label
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_filename
from digitalgemeinde.submissions.limits import scan_upload
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.workflow import COMMENT_LABELS
from digitalgemeinde.submissions.workflow import DEFAULT_BADGE
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT
from digitalgemeinde.submissions.workflow import RESULT_TRANSITIONS
from digitalgemeinde.submissions.workflow import STATE_BADGES
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.submissions.workflow import TRANSITION_LABELS
from digitalgemeinde.submissions.workflow import TRANSITION_LOG_LABELS
from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import tenant_of

PROCESS = "digitalgemeinde: Process submission"
RESULT_LIMIT = 10 * 1024 * 1024  # bytes
NOTE_LIMIT = 10_000  # characters

LOG_ACTIONS = {
    "submitted": _("log_submitted", default="Submitted"),
    **TRANSITION_LOG_LABELS,
    "forward": _("log_forward", default="Forwarded"),
    "answer": _("log_answer", default="The citizen answered"),
    UNSCANNED_ACTION: _("log_unscanned", default="Accepted without a virus scan"),
}


def forward_targets(submission) -> list[dict]:
    """``[{tenant, offices: [{uid, title}]}]``: the other offices of the request's tenant, then
    those of its canton, then those of every other tenant (by title)."""
    catalog = api.portal.get_tool("portal_catalog")
    here = "/".join(submission.__parent__.getPhysicalPath())
    tenants = {
        brain.getPath(): brain.Title
        for brain in catalog.unrestrictedSearchResults(portal_type=["Canton", "Municipality"])
    }
    groups: dict[str, list] = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="Office", sort_on="sortable_title"):
        path = brain.getPath()
        if path == here:
            continue
        owners = [tenant for tenant in tenants if path.startswith(tenant + "/")]
        if owners:
            groups.setdefault(max(owners, key=len), []).append(
                {"uid": brain.UID, "title": brain.Title}
            )
    tenant = tenant_of(submission)
    canton = canton_of(tenant)
    first = ["/".join(item.getPhysicalPath()) for item in (tenant, canton) if item is not None]
    order = list(dict.fromkeys(first)) + sorted(
        (path for path in groups if path not in first), key=lambda path: tenants[path].lower()
    )
    return [{"tenant": tenants[path], "offices": groups[path]} for path in order if path in groups]


DELIVERY_LABELS = {
    "pending": _("waiting to be delivered"),
    "delivered": _("delivered"),
    "failed": _("not delivered: the office must handle it without its application"),
}


class SubmissionView(BrowserView):
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

    def values(self) -> list[dict]:
        rows = labelled_values(self.context, self.context.language)
        for row in rows:
            row["url"] = f"{self.url}/@@file/{quote(row['name'])}" if row["file"] else None
        return rows

    def result(self) -> dict | None:
        result = getattr(self.context, "result", None)
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
                "action": LOG_ACTIONS.get(entry.get("action"), entry.get("action")),
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
            for number, answer in enumerate(getattr(self.context, "answers", ()), start=1)
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
        workflow = api.portal.get_tool("portal_workflow")
        return [
            {
                "id": transition["id"],
                "label": TRANSITION_LABELS.get(transition["id"], transition["title"]),
                "comment_label": COMMENT_LABELS.get(transition["id"], _("Comment (optional)")),
                "comment_required": transition["id"] in NEEDS_COMMENT,
                "comment": self.failed.get(transition["id"], ""),
                "result_upload": transition["id"] in RESULT_TRANSITIONS,
            }
            for transition in workflow.getTransitionsFor(self.context)
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
        available = {item["id"] for item in self.transitions()}
        if transition not in available:
            self.errors.append(
                _("This step is not possible in the current state: nothing was changed.")
            )
            return None
        self.failed[transition] = comment
        if transition in NEEDS_COMMENT and not comment:
            self.errors.append(NEEDS_COMMENT[transition])
            return None
        result = None
        if transition in RESULT_TRANSITIONS and getattr(upload, "filename", None):
            result = self.read_result(upload)
            if result is None:
                return None
        workflow = api.portal.get_tool("portal_workflow")
        try:
            workflow.doActionFor(self.context, transition, comment=comment)
        except WorkflowException as error:  # a subscriber refused: its reason is a Message
            reason = error.args[0] if error.args else ""
            self.errors.append(reason if isinstance(reason, Message) else str(reason))
            return None
        if result is not None:
            self.context.result = result
            flag_unscanned(self.context)
        api.portal.show_message(
            _(
                "${step}: done.",
                mapping={"step": self.translate(TRANSITION_LABELS.get(transition, transition))},
            ),
            request=self.request,
            type="info",
        )
        return self.url

    def read_result(self, upload) -> NamedBlobFile | None:
        try:
            check_filename(upload.filename, _("Result document"))
        except UploadRefused as refused:
            self.errors.append(refused.message)
            return None
        data = upload.read(RESULT_LIMIT + 1)
        if len(data) > RESULT_LIMIT:
            self.errors.append(_("The result document is larger than 10 MB: nothing was changed."))
            return None
        if not data:
            self.errors.append(_("The result document is empty: nothing was changed."))
            return None
        try:
            scan_upload(upload.filename, data, _("Result document"))
        except UploadRefused as refused:
            self.errors.append(refused.message)
            return None
        headers = getattr(upload, "headers", None)
        content_type = headers.get("content-type", "") if headers is not None else ""
        return NamedBlobFile(
            data=data,
            filename=safe_filename(upload.filename),
            contentType=safe_content_type(content_type) if content_type else "",
        )

    def add_note(self, text: str) -> str | None:
        if not text:
            self.errors.append(_("Write the note first."))
            return None
        if len(text) > NOTE_LIMIT:
            self.errors.append(_("The note is too long (at most 10,000 characters)."))
            self.failed["note"] = text
            return None
        self.context.notes.append({"time": datetime.now(UTC), "actor": actor_id(), "text": text})
        api.portal.show_message(_("The note was added."), request=self.request, type="info")
        return f"{self.url}#notes"

    def forward(self, office_uid: str, reason: str) -> str | None:
        self.failed["reason"] = reason
        allowed = {office["uid"] for group in self.forward_targets() for office in group["offices"]}
        if office_uid not in allowed:
            self.errors.append(_("Choose the office to forward the request to."))
            return None
        if not reason:
            self.errors.append(_("Forwarding needs a reason."))
            return None
        target = uuidToObject(office_uid, unrestricted=True)
        if target is None or not IOffice.providedBy(target):
            self.errors.append(_("Choose the office to forward the request to."))
            return None
        old_office = self.context.__parent__
        inbox = f"{old_office.absolute_url()}/@@inbox"
        reference = self.context.reference
        to_office = office_label(target)
        forward(self.context, target, reason)
        api.portal.show_message(
            _(
                "Request ${reference} was forwarded to ${office}.",
                mapping={"reference": reference, "office": to_office},
            ),
            request=self.request,
            type="info",
        )
        if api.user.has_permission(PROCESS, obj=old_office):
            return inbox
        return api.portal.get().absolute_url()


@implementer(IPublishTraverse)
class SubmissionFile(BrowserView):
    """``@@file/<field name>``: a file the citizen sent, as a download."""

    name = None

    def publishTraverse(self, request, name):
        if self.name is None:
            self.name = name
            return self
        raise NotFound(self, name, request)

    def __call__(self):
        value = answer_file(self.context, self.name) or (
            self.context.values.get(self.name) if self.name else None
        )
        if getattr(value, "filename", None) is None or not hasattr(value, "getSize"):
            raise NotFound(self, self.name, self.request)
        return serve_file(self.request.response, value)


def answer_file(submission, name):
    """``answer-<n>-<m>``: the m-th file of the citizen's n-th answer (counting from 1)."""
    parts = (name or "").split("-")
    if len(parts) != 3 or parts[0] != "answer" or not all(p.isdigit() for p in parts[1:]):
        return None
    answers = getattr(submission, "answers", ())
    number, index = int(parts[1]) - 1, int(parts[2]) - 1
    if not (0 <= number < len(answers)) or not (0 <= index < len(answers[number]["files"])):
        return None
    return answers[number]["files"][index]


class ResultFile(BrowserView):
    """``@@result``: the document the office attached when it completed the request."""

    def __call__(self):
        result = getattr(self.context, "result", None)
        if result is None:
            raise NotFound(self, "result", self.request)
        return serve_file(self.request.response, result)
