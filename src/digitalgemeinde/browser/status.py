"""The citizen's page of a request, reached by its capability link ``@@anliegen/<token>``.

It is the receipt right after submitting (``?receipt=1``) and the status page afterwards: the
state in plain words, the office's messages, the answer form while the office waits for the
citizen, the result document once completed, and a PDF receipt. Wrong, malformed and expired
tokens all get the same 404.
"""

from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from digitalgemeinde import _
from digitalgemeinde.browser.downloads import serve_file
from digitalgemeinde.payments.display import PAID_LABEL
from digitalgemeinde.payments.display import REFUNDED_LABEL
from digitalgemeinde.payments.display import paid_line
from digitalgemeinde.payments.display import refunded_text
from digitalgemeinde.submissions import answers
from digitalgemeinde.submissions import messages
from digitalgemeinde.submissions import receipt_promise
from digitalgemeinde.submissions.receipt import next_steps
from digitalgemeinde.submissions.receipt import receipt_pdf
from digitalgemeinde.submissions.status import find_by_token
from digitalgemeinde.submissions.status_page import awaits_answer
from digitalgemeinde.submissions.status_page import citizen_history
from digitalgemeinde.submissions.status_page import citizen_messages
from digitalgemeinde.submissions.status_page import citizen_state
from digitalgemeinde.submissions.status_page import citizen_state_label
from digitalgemeinde.submissions.status_page import status_url
from digitalgemeinde.submissions.status_page import visible_result
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time

SUBPAGES = {"result", "receipt.pdf"}
MESSAGE_FILE = "message-"  # <page>/message-<n>-<m>: a file of a message


def is_subpage(name: str) -> bool:
    return name in SUBPAGES or (name or "").startswith(MESSAGE_FILE)


@implementer(IPublishTraverse)
class StatusView(BrowserView):
    index = ViewPageTemplateFile("templates/status.pt")

    token = None
    subpage = None
    errors = None
    answer_text = ""
    message_errors = None
    message_text = ""

    def publishTraverse(self, request, name):
        if self.token is None:
            self.token = name
        elif self.subpage is None and is_subpage(name):
            self.subpage = name
        else:
            raise NotFound(name)
        return self

    def find_submission(self):
        return find_by_token(self.token)

    def __call__(self):
        self.submission = self.find_submission()
        if self.submission is None:
            raise NotFound("anliegen")
        response = self.request.response
        # the token is in the address: keep it out of caches, search engines and referrers
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("X-Robots-Tag", "noindex, nofollow")
        response.setHeader("Referrer-Policy", "no-referrer")
        if self.subpage == "result":
            return self.download_result()
        if self.subpage == "receipt.pdf":
            return self.download_receipt()
        if self.subpage:
            return self.download_message_file()
        if self.request.method == "POST" and self.request.form.get("kind") == "message":
            return self.handle_message()
        if self.request.method == "POST":
            return self.handle_answer()
        return self.index()

    # -- what the page shows

    @property
    def language(self) -> str:
        return self.submission.language

    @property
    def url(self) -> str:
        return status_url(self.token)

    @property
    def is_receipt(self) -> bool:
        return bool(self.request.form.get("receipt"))

    @property
    def receipt_mailed(self) -> bool:
        return receipt_promise.receipt_mailed(self.submission)

    @property
    def state(self) -> str:
        return citizen_state(self.submission)

    def state_label(self):
        return citizen_state_label(self.state)

    def facts(self) -> list[dict]:
        office = self.submission.__parent__
        facts = [
            {"label": _("Reference number"), "value": self.submission.reference},
            {"label": _("Service"), "value": self.submission.service_title},
            {"label": _("Office"), "value": office.Title()},
            {"label": _("Submitted"), "value": local_time(self.submission.submitted)},
        ]
        paid = paid_line(self.submission)  # the amount paid online, with its transaction
        if paid is not None:
            facts.append({"label": PAID_LABEL, "value": paid, "id": "status-payment"})
        if refunded := refunded_text(self.submission):  # after a rejection, in full or part
            facts.append({"label": REFUNDED_LABEL, "value": refunded, "id": "status-refund"})
        return facts

    def next_steps(self):
        return next_steps(self.submission)

    def history(self) -> list[dict]:
        return citizen_history(self.submission)

    def values(self) -> list[dict]:
        return labelled_values(self.submission)

    def can_answer(self) -> bool:
        return awaits_answer(self.state)

    def result(self):
        return visible_result(self.submission, self.state)

    def messages(self) -> list[dict]:
        return citizen_messages(self.submission, self.url)

    # -- what the citizen does

    def handle_answer(self):
        CheckAuthenticator(self.request)
        alsoProvides(self.request, IDisableCSRFProtection)  # authenticated by the token
        self.answer_text = (self.request.form.get("answer") or "").strip()
        uploads = self.request.form.get("files") or []
        if not isinstance(uploads, list):
            uploads = [uploads]
        try:
            answers.accept_answer(self.submission, self.answer_text, uploads)
        except answers.AnswerRefused as error:
            self.errors = error.args[0]
            self.request.response.setStatus(400)
            return self.index()
        api.portal.show_message(
            _("Thank you: your answer was sent to the office."), self.request, type="info"
        )
        self.request.response.redirect(self.url, status=303)
        return ""

    def handle_message(self):
        """The citizen's message to the office, with files; the state stays."""
        CheckAuthenticator(self.request)
        alsoProvides(self.request, IDisableCSRFProtection)  # authenticated by the token
        self.message_text = (self.request.form.get("message") or "").strip()
        uploads = self.request.form.get("files") or []
        if not isinstance(uploads, list):
            uploads = [uploads]
        try:
            messages.send_message(self.submission, messages.CITIZEN, self.message_text, uploads)
        except messages.MessageRefused as error:
            self.message_errors = error.args[0]
            self.request.response.setStatus(400)
            return self.index()
        api.portal.show_message(
            _("Thank you: your message was sent to the office."), self.request, type="info"
        )
        self.request.response.redirect(f"{self.url}#messages", status=303)
        return ""

    def download_message_file(self):
        blob = messages.message_file(self.submission, self.subpage[len(MESSAGE_FILE) :])
        if blob is None:
            raise NotFound(self.subpage)
        return self.stream(blob, blob.filename or "datei")

    def download_result(self):
        result = self.result()
        if result is None:
            raise NotFound("result")
        return self.stream(result, result.filename or "ergebnis")

    def download_receipt(self):
        data = receipt_pdf(self.submission, self.url)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="quittung-{self.submission.reference}.pdf"',
        )
        return data

    def stream(self, blob, filename: str):
        return serve_file(self.request.response, blob)
