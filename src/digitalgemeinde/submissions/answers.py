"""A citizen answers the office's question on the status page."""

from datetime import UTC
from datetime import datetime

from plone import api

from digitalgemeinde import _
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.attachments import MAX_TEXT
from digitalgemeinde.submissions.attachments import checked_files
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.log import record
from digitalgemeinde.submissions.workflow import ANSWER_STATES
from digitalgemeinde.submissions.workflow import ANSWER_TRANSITION


class AnswerRefused(ValueError):
    """Say why to the citizen; nothing was stored."""


def accept_answer(submission, text: str, uploads: list) -> None:
    """Store the answer with its files, tell the office, and give the case back to it."""
    if api.content.get_state(submission) not in ANSWER_STATES:
        raise AnswerRefused(_("Your request is not waiting for an answer from you."))
    if not text:
        raise AnswerRefused(_("Please write your answer."))
    if len(text) > MAX_TEXT:
        raise AnswerRefused(_("Your answer is too long (at most 10,000 characters)."))
    try:
        blobs = checked_files(uploads)
    except UploadRefused as error:
        raise AnswerRefused(error.args[0]) from error
    submission.add_answer(text, blobs, datetime.now(UTC))
    record(submission, "answer", text, files=[blob.filename for blob in blobs])
    flag_unscanned(submission)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, transition=ANSWER_TRANSITION, comment="")
    mail.queue_answer_notice(submission)
