"""Messages between the office and the citizen on a request, beside asking back.

A message does not change the request's state (asking back, the workflow's "ask" step, still
does). The office writes on the request page and over ``<request>/@messages``; the citizen on
their status page and over ``@submission-messages/<token>``, authorised by the capability
token exactly as their answer to a question is. Files are checked as answers' files are (type,
size, virus scan). The other side is told by mail: the citizen with a short notice and a fresh
link to the status page (never the text of the message), the office at its address.
"""

from datetime import UTC
from datetime import datetime

from digitalgemeinde import _
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.submissions import attachments
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.log import record
from digitalgemeinde.submissions.tokens import mint_token
from digitalgemeinde.submissions.tokens import status_url

OFFICE = "office"
CITIZEN = "citizen"
# The case log's action of a message, by who sent it.
LOG_ACTIONS = {OFFICE: "message", CITIZEN: "citizen_message"}

CITIZEN_SUBJECT = _("mail_message_subject", default="Your request ${reference}: a new message")
CITIZEN_BODY = _(
    "mail_message_body",
    default="The office has sent you a message about your request ${reference} (${service}). "
    "Read it and answer on your request's page (keep this link to yourself):\n${url}",
)
OFFICE_SUBJECT = _("mail_office_message_subject", default="Message on request ${reference}")
OFFICE_BODY = _(
    "mail_office_message_body",
    default="The citizen has sent a message on request ${reference}.\n\nOpen it: ${url}",
)


class MessageRefused(ValueError):
    """Nothing was stored; ``args[0]`` says why."""


def checked_files(uploads) -> list:
    """The uploads as blobs, each checked like an answer's file; ``MessageRefused`` else."""
    try:
        return attachments.checked_files(uploads)
    except UploadRefused as error:
        raise MessageRefused(error.args[0]) from error


def check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise MessageRefused(_("Please write your message."))
    if len(text) > attachments.MAX_TEXT:
        raise MessageRefused(_("The message is too long (at most 10,000 characters)."))
    return text


def send_message(submission, sender: str, text: str, uploads: list = ()) -> dict:
    """Store the message of ``sender`` (``OFFICE`` or ``CITIZEN``) with its files, log it, and
    tell the other side; returns it. The caller has checked who may write. The state stays."""
    if sender not in LOG_ACTIONS:
        raise ValueError(f"Unknown sender: {sender}")
    text = check_text(text)
    blobs = checked_files(uploads)
    actor = actor_id() if sender == OFFICE else ""
    message = submission.add_message(sender, actor, text, blobs, datetime.now(UTC))
    record(submission, LOG_ACTIONS[sender], text, files=[blob.filename for blob in blobs])
    flag_unscanned(submission)
    if sender == OFFICE:
        tell_citizen(submission)
    else:
        tell_office(submission)
    return message


def citizen_is_told(submission) -> bool:
    """Whether a message of the office reaches the citizen by mail (they left an address)."""
    return bool(submission.submitter_email)


def tell_citizen(submission) -> None:
    """A short notice with a fresh link to the status page, in the request's language."""
    if not citizen_is_told(submission):
        return
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "url": status_url(mint_token(submission)),
    }
    subject, body = mail.compose(CITIZEN_SUBJECT, CITIZEN_BODY, mapping, submission.language)
    mail.send([submission.submitter_email], subject, body, reference=submission.reference)


def tell_office(submission) -> None:
    """The office's address (its staff's without one): a notice without the message's text."""
    office = submission.__parent__
    mapping = {"reference": submission.reference, "url": submission.absolute_url()}
    subject, body = mail.compose(OFFICE_SUBJECT, OFFICE_BODY, mapping, mail.OFFICE_LANGUAGE)
    mail.send(mail.office_recipients(office), subject, body, reference=submission.reference)


def message_file(submission, name: str):
    """``<n>-<m>``: the m-th file of the n-th message (counting from 1), or None."""
    parts = (name or "").split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        return None
    number, index = int(parts[0]) - 1, int(parts[1]) - 1
    messages = submission.messages
    if not (0 <= number < len(messages)) or not (0 <= index < len(messages[number]["files"])):
        return None
    return messages[number]["files"][index]


def thread(submission) -> list[dict]:
    """The messages oldest first: ``{number, time, sender, actor, text, files: [{name, blob}]}``
    (``name`` is what ``message_file`` finds the file by)."""
    return [
        {
            "number": number,
            "time": message["time"],
            "sender": message["sender"],
            "actor": message.get("actor", ""),
            "text": message["text"],
            "files": [
                {"name": f"{number}-{index}", "blob": blob}
                for index, blob in enumerate(message["files"], start=1)
            ],
        }
        for number, message in enumerate(submission.messages, start=1)
    ]
