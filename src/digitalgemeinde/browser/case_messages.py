"""The office's side of the messages on a request, its answer templates, the confirmation of a
destructive step, the office's PDF of the request, and the access log.

``CaseMessagesMixin`` gives the request page (``submission_view.SubmissionView``) what it shows
of these; ``@@case-message`` takes the clerk's message, ``@@message-file/<n>-<m>`` serves a
file of a message, ``@@request.pdf`` the office's PDF of the request, and the tenant's
``@@access-log`` (``?request=<uid>`` or ``?user=<id>``) shows the access log to its admins.
Every download and the opening of the request page is logged (``submissions.access_log``).
"""

from urllib.parse import quote

import transaction
from AccessControl import Unauthorized
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.component import getMultiAdapter

from digitalgemeinde import _
from digitalgemeinde.browser.downloads import RequestFileView
from digitalgemeinde.submissions import access_log
from digitalgemeinde.submissions import confirmations
from digitalgemeinde.submissions.answer_templates import filled_template
from digitalgemeinde.submissions.answer_templates import templates_for
from digitalgemeinde.submissions.messages import OFFICE
from digitalgemeinde.submissions.messages import MessageRefused
from digitalgemeinde.submissions.messages import message_file
from digitalgemeinde.submissions.messages import send_message
from digitalgemeinde.submissions.messages import thread
from digitalgemeinde.submissions.request_pdf import request_pdf
from digitalgemeinde.submissions.safe_names import safe_filename
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.tenants import tenant_of

PROCESS = "digitalgemeinde: Process submission"


class CaseMessagesMixin:
    """What the request page shows of messages, templates, confirmations and the access log."""

    confirming = None  # the step waiting for the clerk's confirmation, with its question

    def log_opening(self) -> None:
        """A GET of the request page is an opening, in the access log."""
        if self.request.method == "GET":
            access_log.record_access(self.context, None, access_log.OPEN)

    def messages(self) -> list[dict]:
        url = self.context.absolute_url()
        return [
            {
                "time": local_time(message["time"]),
                "from_office": message["sender"] == OFFICE,
                "actor": self.person(message["actor"]) if message["sender"] == OFFICE else "",
                "text": message["text"],
                "files": [
                    {
                        "url": f"{url}/@@message-file/{item['name']}",
                        "filename": safe_filename(item["blob"].filename),
                        "size": f"{item['blob'].getSize() // 1024 + 1} KB",
                    }
                    for item in message["files"]
                ],
            }
            for message in thread(self.context)
        ]

    def templates(self, action: str) -> list[dict]:
        """The office's templates for ``action`` (a step id or "message"), for its select."""
        return templates_for(self.context, action) if self.can_process else []

    def template_text(self, action: str) -> str:
        """The text of the template chosen with "Insert template" (``?template.<action>=n``)."""
        if not self.can_process:
            return ""
        return filled_template(self.context, action, self.request.form.get(f"template.{action}"))

    def filled(self, action: str, index) -> str:
        """The text of template ``index`` for ``action``, filled in for this request."""
        return filled_template(self.context, action, index)

    def message_text(self) -> str:
        return self.failed.get("message", "") or self.template_text("message")

    def access_log_url(self) -> str | None:
        tenant = tenant_of(self.context)
        if not access_log.may_see(tenant):
            return None
        return f"{tenant.absolute_url()}/@@access-log?request={self.context.UID()}"

    def needs_confirmation(self, transition: str, form) -> bool:
        """Whether ``transition`` waits for the clerk's confirmation; then the page asks."""
        question = confirmations.confirmation_question(self.context, transition)
        if question is None or form.get("confirmed"):
            return False
        self.confirming = {"transition": transition, "question": question}
        return True

    def confirm_step(self, transition: str) -> None:
        """Say in plain words what the step did."""
        mailed = confirmations.mail_goes_out(self.context, transition)
        for sentence in confirmations.done(self.context, transition, mailed):
            api.portal.show_message(sentence, request=self.request, type="info")


class CaseMessageView(BrowserView):
    """``@@case-message``: the clerk's message to the citizen (POST only)."""

    def __call__(self):
        if self.request.method != "POST":
            raise NotFound(self, "case-message", self.request)
        CheckAuthenticator(self.request)
        if not api.user.has_permission(PROCESS, obj=self.context):
            raise Unauthorized("You may not process this request.")
        text = self.request.form.get("message") or ""
        text = text.strip() if isinstance(text, str) else ""
        uploads = self.request.form.get("files") or []
        if not isinstance(uploads, list):
            uploads = [uploads]
        mailed = confirmations.mail_goes_out(self.context, "message")
        try:
            send_message(self.context, OFFICE, text, uploads)
        except MessageRefused as refused:
            transaction.doom()  # nothing of it is kept
            page = getMultiAdapter((self.context, self.request), name="view")
            page.errors = [refused.args[0]]
            page.failed = {"message": text}
            self.request.response.setStatus(400)
            return page.index()
        for sentence in confirmations.done(self.context, "message", mailed):
            api.portal.show_message(sentence, request=self.request, type="info")
        self.request.response.redirect(f"{self.context.absolute_url()}#messages", status=303)
        return ""


class MessageFile(RequestFileView):
    """``@@message-file/<n>-<m>``: a file of a message, as a download (logged)."""

    def file(self, name):
        return message_file(self.context, name)


class RequestPdf(BrowserView):
    """``@@request.pdf``: the request as a PDF for the office, with the messages (logged)."""

    def __call__(self):
        data = request_pdf(self.context)
        access_log.record_access(self.context, None, access_log.DOWNLOAD)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="anliegen-{self.context.reference}.pdf"'
        )
        response.setHeader("Cache-Control", "private, no-store")
        return data


ACTION_LABELS = {
    access_log.OPEN: _("access_open", default="Opened"),
    access_log.DOWNLOAD: _("access_download", default="Downloaded"),
    access_log.EXPORT: _("access_export", default="Exported"),
    access_log.FORWARD: _("access_forward", default="Forwarded"),
}


class AccessLogView(BrowserView):
    """``<tenant>/@@access-log?request=<reference or uid>`` or ``?user=<id>``: for the
    tenant's admins."""

    index = ViewPageTemplateFile("templates/access_log.pt")

    def __call__(self):
        if not access_log.may_see(self.context):
            raise Unauthorized("Only the tenant's administrators see the access log.")
        self.request_uid = str(self.request.form.get("request") or "")
        self.user = str(self.request.form.get("user") or "")
        return self.index()

    def person(self, userid: str) -> str:
        user = api.user.get(userid=userid) if userid else None
        if user is None:
            return userid or "–"
        return user.getProperty("fullname") or user.getUserName()

    def entries(self) -> list[dict]:
        if not (self.request_uid or self.user):
            return []
        here = f"{self.context.absolute_url()}/@@access-log"
        return [
            {
                "time": local_time(entry["time"]),
                "reference": entry["reference"],
                "action": ACTION_LABELS.get(entry["action"], entry["action"]),
                "actor": entry["actor"],
                "person": self.person(entry["actor"]),
                "person_url": f"{here}?user={quote(entry['actor'])}",
                "request_url": f"{here}?request={quote(entry['reference'] or entry['uid'])}",
            }
            for entry in access_log.entries(
                self.context, request_uid=self.request_uid, actor=self.user
            )
        ]
