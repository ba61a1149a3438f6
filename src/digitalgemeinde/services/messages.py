"""Messages between the office and the citizen over REST (``submissions.messages``).

- ``GET <request>/@messages``: the thread, for who may view the request (its office's staff,
  the tenant's admins); ``POST <request>/@messages`` ``{"text", "files"}``: the clerk's message
  (who may process the request), 201 with the message.
- ``POST <portal>/@submission-messages/<token>`` ``{"text", "files"}``: the citizen's message,
  authorised by the capability token exactly as their answer (``@submission-status``); 201 with
  the status of the request, its messages included.

Files as in ``@submission-status``: ``{"data", "encoding": "base64", "filename"}``, checked like
an upload of the page (type by content, size, virus scan). A message changes no state.
"""

from AccessControl import Unauthorized
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.params import when
from digitalgemeinde.services.status import SubmissionStatusPost
from digitalgemeinde.submissions import attachments
from digitalgemeinde.submissions import messages

PROCESS = "digitalgemeinde: Process submission"


def message_json(submission, message: dict) -> dict:
    """One message of ``messages.thread`` for the office: its files link to their download."""
    url = submission.absolute_url()
    return {
        "time": when(message["time"]),
        "sender": message["sender"],
        "actor": message["actor"],
        "text": message["text"],
        "files": [
            {
                "filename": item["blob"].filename or "",
                "content-type": item["blob"].contentType or "application/octet-stream",
                "size": item["blob"].getSize(),
                "download": f"{url}/@@message-file/{item['name']}",
            }
            for item in message["files"]
        ],
    }


def office_messages(submission) -> list[dict]:
    return [message_json(submission, message) for message in messages.thread(submission)]


class MessageBody:
    """Reads ``{"text", "files"}`` with the checks of ``@submission-status``'s answer."""

    read_files = SubmissionStatusPost.read_files
    read_file = SubmissionStatusPost.read_file

    def read_message(self) -> tuple[str, list]:
        data = self.json_body()
        errors: list[dict] = []
        text = data.get("text", "")
        if not isinstance(text, str):
            errors.append({"field": "text", "message": _("The message must be a text.")})
            text = ""
        text = text.strip()
        if not errors and not text:
            errors.append({"field": "text", "message": _("Please write your message.")})
        elif len(text) > attachments.MAX_TEXT:
            errors.append(
                {
                    "field": "text",
                    "message": _("The message is too long (at most 10,000 characters)."),
                }
            )
        uploads = self.read_files(data, errors)
        if errors:
            raise ApiError(400, errors[0]["message"], errors)
        return text, uploads


class MessagesGet(JsonService):
    """The thread of the request, oldest first."""

    def reply(self):
        return {
            "@id": f"{self.context.absolute_url()}/@messages",
            "items": office_messages(self.context),
        }


class MessagesPost(MessageBody, JsonService):
    """The clerk's message to the citizen; 201 with it."""

    def reply(self):
        if not api.user.has_permission(PROCESS, obj=self.context):
            raise Unauthorized("You may not process this request.")
        # authenticated by the REST client (token or basic auth), as plone.restapi's own
        # services that add content
        alsoProvides(self.request, IDisableCSRFProtection)
        text, uploads = self.read_message()
        try:
            messages.send_message(self.context, messages.OFFICE, text, uploads)
        except messages.MessageRefused as refused:
            raise ApiError(400, refused.args[0]) from refused
        self.request.response.setStatus(201)
        return office_messages(self.context)[-1]


class CitizenMessagePost(MessageBody, SubmissionStatusPost):
    """The citizen's message to the office, by the capability token; 201 with the status."""

    def reply(self):
        # authenticated by the capability token, not by a session: no CSRF token to check
        alsoProvides(self.request, IDisableCSRFProtection)
        submission = self.find()
        text, uploads = self.read_message()
        try:
            messages.send_message(submission, messages.CITIZEN, text, uploads)
        except messages.MessageRefused as refused:
            raise ApiError(400, refused.args[0]) from refused
        self.request.response.setStatus(201)
        return self.status(submission)
