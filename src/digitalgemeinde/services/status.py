"""``GET`` and ``POST <portal>/@submission-status/<token>``: the citizen's status of a request.

Public and minimal, by the same rules as the status page ``@@anliegen/<token>`` (both show
what digitalgemeinde.submissions.status_page gives): the capability token in the path is the
key; a wrong, malformed, expired or missing token gets the same 404. The answer shows the
state, the public history and the result document, never the values the citizen sent nor the
office's internal notes. ``POST`` answers the office's question (only while it waits for the
citizen), with the same checks of the text and the files as the page.
"""

import base64
import binascii
import io

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from digitalgemeinde import _
from digitalgemeinde.payments.display import json_payment
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.params import when
from digitalgemeinde.submissions import answers
from digitalgemeinde.submissions import attachments
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_upload
from digitalgemeinde.submissions.limits import upload_settings
from digitalgemeinde.submissions.status import find_by_token
from digitalgemeinde.submissions.status_page import awaits_answer
from digitalgemeinde.submissions.status_page import citizen_history
from digitalgemeinde.submissions.status_page import citizen_messages
from digitalgemeinde.submissions.status_page import citizen_state
from digitalgemeinde.submissions.status_page import citizen_state_label
from digitalgemeinde.submissions.status_page import status_url
from digitalgemeinde.submissions.status_page import visible_result

NOT_FOUND = _("There is no request at this address.")
ENCODING = "base64"


class Upload(io.BytesIO):
    """A decoded file of the JSON body, read like a browser's upload."""

    def __init__(self, data: bytes, filename: str):
        super().__init__(data)
        self.filename = filename


@implementer(IPublishTraverse)
class SubmissionStatusGet(JsonService):
    """The request's state, history, whether an answer is awaited, and its result."""

    token = None
    extra_path = False

    def publishTraverse(self, request, name):
        if self.token is None:
            self.token = name
        else:
            self.extra_path = True
        return self

    def find(self):
        """The request of the token, after the headers of a capability address; else 404."""
        response = self.request.response
        # the token is in the address: keep it out of caches, search engines and referrers
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("X-Robots-Tag", "noindex, nofollow")
        response.setHeader("Referrer-Policy", "no-referrer")
        submission = None if self.extra_path else find_by_token(self.token)
        if submission is None:
            raise ApiError(404, NOT_FOUND)
        return submission

    def reply(self):
        return self.status(self.find())

    def status(self, submission) -> dict:
        state = citizen_state(submission)
        result = visible_result(submission, state)
        page = status_url(self.token)
        return {
            "@id": f"{api.portal.get().absolute_url()}/@submission-status/{self.token}",
            "status_page": page,
            "reference": submission.reference,
            "review_state": state,
            "state_title": self.translate(citizen_state_label(state)),
            "service_title": submission.service_title or "",
            "office_title": submission.__parent__.Title(),
            "submitted": when(submission.submitted),
            "answer_awaited": awaits_answer(state),
            "history": [
                {
                    "time": when(entry["time"]),
                    "action": entry["action"],
                    "action_title": self.translate(entry["label"]),
                    "comment": entry["comment"],
                    "to_office": entry["to_office"],
                }
                for entry in citizen_history(submission)
            ],
            "messages": [
                {
                    "time": when(message["time"]),
                    "from_office": message["from_office"],
                    "text": message["text"],
                    "files": [
                        {
                            "@id": item["url"],
                            "filename": item["filename"],
                            "content-type": item["content_type"],
                            "size": item["size"],
                        }
                        for item in message["files"]
                    ],
                }
                for message in citizen_messages(submission, page)
            ],
            "payment": json_payment(submission, when),
            "result": (
                {
                    "@id": f"{page}/result",
                    "filename": result.filename or "",
                    "content-type": result.contentType or "application/octet-stream",
                    "size": result.getSize(),
                }
                if result is not None
                else None
            ),
        }


class SubmissionStatusPost(SubmissionStatusGet):
    """The citizen's answer to the office's question: ``{"text": ..., "files": [...]}``."""

    def reply(self):
        # authenticated by the capability token, not by a session: no CSRF token to check
        alsoProvides(self.request, IDisableCSRFProtection)
        submission = self.find()
        if not awaits_answer(api.content.get_state(submission)):
            raise ApiError(409, _("Your request is not waiting for an answer from you."))
        data = self.json_body()
        errors: list[dict] = []
        text = self.read_text(data, errors)
        uploads = self.read_files(data, errors)
        if errors:
            raise ApiError(400, errors[0]["message"], errors)
        try:
            answers.accept_answer(submission, text, uploads)
        except answers.AnswerRefused as error:  # checked above; what is left is a race
            status = 400 if awaits_answer(api.content.get_state(submission)) else 409
            raise ApiError(status, error.args[0]) from error
        return self.status(submission)

    def read_text(self, data: dict, errors: list) -> str:
        text = data.get("text", "")
        if not isinstance(text, str):
            errors.append({"field": "text", "message": _("The answer must be a text.")})
            return ""
        text = text.strip()
        if not text:
            errors.append({"field": "text", "message": _("Please write your answer.")})
        elif len(text) > attachments.MAX_TEXT:
            errors.append(
                {
                    "field": "text",
                    "message": _("Your answer is too long (at most 10,000 characters)."),
                }
            )
        return text

    def read_files(self, data: dict, errors: list) -> list[Upload]:
        files = data.get("files")
        if files is None:
            return []
        if not isinstance(files, list):
            errors.append(
                {"field": "files", "message": _("The files must be a list of file objects.")}
            )
            return []
        if len(files) > attachments.MAX_FILES:
            errors.append({"field": "files", "message": _("Please attach at most five files.")})
            return []
        settings = upload_settings()
        uploads = []
        for index, item in enumerate(files):
            upload = self.read_file(f"files[{index}]", item, settings, errors)
            if upload is not None:
                uploads.append(upload)
        return uploads

    def read_file(self, name: str, item, settings, errors: list) -> Upload | None:
        """One file ``{"data", "encoding", "filename", "content-type"}``, checked like an
        upload of the page (its type is told by its content, not by ``content-type``)."""

        def refuse(field: str, message) -> None:
            errors.append({"field": field, "message": message})

        if not isinstance(item, dict):
            refuse(name, _("A file is an object with data, encoding and filename."))
            return None
        filename = item.get("filename")
        if not isinstance(filename, str) or not filename.strip():
            refuse(f"{name}.filename", _("The file needs a filename."))
            return None
        if item.get("encoding", ENCODING) != ENCODING:
            refuse(f"{name}.encoding", _("Files are sent in base64 encoding only."))
            return None
        encoded = item.get("data")
        if not isinstance(encoded, str):
            refuse(f"{name}.data", _("The data of the file is not valid base64."))
            return None
        encoded = "".join(encoded.split())  # line breaks of MIME-style base64
        filename = filename.strip()
        if len(encoded) * 3 // 4 - 2 > settings.upload_max_mb * 1024 * 1024:  # before decoding
            refuse(
                name,
                _(
                    "The file is larger than ${limit} MB.",
                    mapping={"limit": settings.upload_max_mb},
                ),
            )
            return None
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            refuse(f"{name}.data", _("The data of the file is not valid base64."))
            return None
        if not content:
            refuse(f"{name}.data", _("The file is empty."))
            return None
        try:
            check_upload(filename, content, settings, field=_("Files"))
        except UploadRefused as refused:
            refuse(name, refused.message)
            return None
        return Upload(content, filename)
