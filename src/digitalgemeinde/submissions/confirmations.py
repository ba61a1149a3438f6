"""What the clerk is told after a step, in plain words: what happened to the request, and
whether the citizen was told by mail (only when a mail went out).

Also what the confirmation of a destructive step (rejecting) says before it is taken.
"""

from zope.globalrequest import getRequest
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.submissions.answer_templates import submitter_name
from digitalgemeinde.submissions.mail import SUPPRESS
from digitalgemeinde.submissions.workflow import TRANSITION_MAILS

DONE = {
    "accept": _("confirm_accept", default="Request ${reference} is in progress."),
    "ask": _(
        "confirm_ask",
        default="Your question on request ${reference} was sent; it waits for the citizen.",
    ),
    "resume": _("confirm_resume", default="Request ${reference} is in progress again."),
    "complete": _("confirm_complete", default="Request ${reference} is completed."),
    "reject": _("confirm_reject", default="Request ${reference} is rejected."),
    "reopen": _("confirm_reopen", default="Request ${reference} is open again."),
    "message": _("confirm_message", default="Your message on request ${reference} was sent."),
}
OTHER = _("confirm_other", default="Request ${reference}: done.")
TOLD = _("confirm_told", default="${name} was informed by email.")
TOLD_NAMELESS = _("confirm_told_nameless", default="The citizen was informed by email.")
NOT_TOLD = _(
    "confirm_not_told",
    default="No email was sent: the request has no email address.",
)

# Steps that need a confirmation first, with what the confirmation says will happen.
CONFIRM_FIRST = {
    "reject": _(
        "confirm_reject_question",
        default="The request will be rejected and the citizen informed by email.",
    ),
}
CONFIRM_FIRST_WITHOUT_MAIL = {
    "reject": _(
        "confirm_reject_question_no_mail",
        default="The request will be rejected. The citizen cannot be informed: the request "
        "has no email address.",
    ),
}


def mail_goes_out(submission, action: str) -> bool:
    """Whether ``action`` (a step or "message") mails the citizen now."""
    request = getRequest()
    if request is not None and request.get(SUPPRESS):
        return False
    if action != "message" and action not in TRANSITION_MAILS:
        return False
    return bool(submission.submitter_email)


def done(submission, action: str, mailed: bool) -> list:
    """The sentences saying what ``action`` did; ``mailed``: whether a mail went out."""
    reference = submission.reference
    sentences = [Message(DONE.get(action, OTHER), mapping={"reference": reference})]
    if mailed:
        name = submitter_name(submission)
        sentences.append(Message(TOLD, mapping={"name": name}) if name else TOLD_NAMELESS)
    elif action == "message" or action in TRANSITION_MAILS:
        sentences.append(NOT_TOLD)
    return sentences


def confirmation_question(submission, action: str):
    """What a step that needs a confirmation will do; None for the others."""
    if action not in CONFIRM_FIRST:
        return None
    if submission.submitter_email:
        return CONFIRM_FIRST[action]
    return CONFIRM_FIRST_WITHOUT_MAIL[action]
