"""A citizen answers the office's question on the status page."""

from datetime import UTC
from datetime import datetime

from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde import _
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_upload
from digitalgemeinde.submissions.limits import scan_upload
from digitalgemeinde.submissions.limits import upload_settings
from digitalgemeinde.submissions.log import record
from digitalgemeinde.submissions.workflow import ANSWER_STATES
from digitalgemeinde.submissions.workflow import ANSWER_TRANSITION

MAX_TEXT = 10_000
MAX_FILES = 5


class AnswerRefused(ValueError):
    """Say why to the citizen; nothing was stored."""


def read_upload(upload) -> tuple[str, bytes] | None:
    filename = getattr(upload, "filename", None)
    if not filename:
        return None
    upload.seek(0)
    return filename, upload.read()


def accept_answer(submission, text: str, uploads: list) -> None:
    """Store the answer with its files, tell the office, and give the case back to it."""
    if api.content.get_state(submission) not in ANSWER_STATES:
        raise AnswerRefused(_("Your request is not waiting for an answer from you."))
    if not text:
        raise AnswerRefused(_("Please write your answer."))
    if len(text) > MAX_TEXT:
        raise AnswerRefused(_("Your answer is too long (at most 10,000 characters)."))
    files = [item for item in (read_upload(upload) for upload in uploads) if item]
    if len(files) > MAX_FILES:
        raise AnswerRefused(_("Please attach at most five files."))
    settings = upload_settings()
    blobs = []
    for filename, data in files:
        try:
            kind = check_upload(filename, data, settings, field=_("Files"))
            scan_upload(filename, data, _("Files"))
        except UploadRefused as error:
            raise AnswerRefused(error.args[0]) from error
        blobs.append(NamedBlobFile(data=data, filename=filename, contentType=kind.mime_types[0]))
    submission.add_answer(text, blobs, datetime.now(UTC))
    record(submission, "answer", text, files=[blob.filename for blob in blobs])
    flag_unscanned(submission)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, transition=ANSWER_TRANSITION, comment="")
    mail.queue_answer_notice(submission)
