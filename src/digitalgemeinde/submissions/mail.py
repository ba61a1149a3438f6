"""Mails about a request: the office's notice and the citizen's receipt.

Queued with ``immediate=False``: Plone's MailHost sends them only when the transaction commits.
All mails are plain text, so markup a citizen typed stays text.
"""

import logging
from contextlib import contextmanager

from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.operation.envelope import send_mail
from digitalgemeinde.payments.display import mail_line
from digitalgemeinde.submissions.tokens import mint_token
from digitalgemeinde.submissions.tokens import status_url
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.workflow import TRANSITION_MAILS

logger = logging.getLogger("digitalgemeinde.mail")


def summary(submission, language: str) -> str:
    lines = []
    for row in labelled_values(submission, language):
        lines.append(f"{row['label']}: {row['text']}")
    return "\n".join(lines)


SUPPRESS = "digitalgemeinde.mail_suppressed"


@contextmanager
def suppressed(request):
    """No mail about requests while this request does its work (e.g. making demo requests)."""
    request.set(SUPPRESS, True)
    try:
        yield
    finally:
        request.set(SUPPRESS, False)


def send(recipients, subject, body, reference: str = "") -> bool:
    """Queue the mail; whether it was (not without recipients, nor while suppressed). A mail
    about a request names its ``reference`` in a header, so that a bounce finds the request."""
    recipients = [address for address in recipients if address]
    request = getRequest()
    if not recipients or (request is not None and request.get(SUPPRESS)):
        return False
    send_mail(", ".join(recipients), subject, body, reference=reference, immediate=False)
    return True


def office_recipients(office) -> list[str]:
    """The office's own address; without one, the addresses of its staff."""
    if getattr(office, "email", None):
        return [office.email]
    from digitalgemeinde.tenancy import office_group_id
    from digitalgemeinde.tenants import tenant_of

    group_id = office_group_id(tenant_of(office).getId(), office.getId())
    return [user.getProperty("email") for user in api.user.get_users(groupname=group_id)]


OFFICE_SUBJECT = _("mail_office_subject", default="New request ${reference}: ${service}")
OFFICE_BODY = _(
    "mail_office_body",
    default="A new request has arrived in your inbox.\n\n"
    "Reference: ${reference}\nService: ${service}\nOpen it: ${url}",
)
RECEIPT_SUBJECT = _("mail_receipt_subject", default="Your request ${reference}: ${service}")
RECEIPT_BODY = _(
    "mail_receipt_body",
    default="Thank you. We have received your request.\n\n"
    "Reference: ${reference}\nService: ${service}\n\n"
    "Follow its status here (keep this link to yourself):\n${url}",
)
ANSWER_SUBJECT = _("mail_answer_subject", default="Answer to request ${reference}")
ANSWER_BODY = _(
    "mail_answer_body",
    default="The citizen has answered your question on request ${reference}. "
    "It is back in your inbox.\n\nOpen it: ${url}",
)
STATUS_SUBJECT = _("mail_status_subject", default="Your request ${reference}: news")
OFFICE_LANGUAGE = "de"  # offices read German: the portal's staff language


def compose(subject, body, mapping: dict, language: str) -> tuple[str, str]:
    """Subject and body, filled in with ``mapping`` and translated into ``language``."""
    return tuple(
        translate(Message(message, mapping=mapping), target_language=language)
        for message in (subject, body)
    )


def with_summary(body: str, submission, language: str) -> str:
    """The body and, unless the request is sensitive, what the citizen entered."""
    if submission.sensitive:  # the reference and the link only, never the personal data
        return body
    return f"{body}\n\n{summary(submission, language)}"


def queue_office_notice(submission, office) -> None:
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "url": submission.absolute_url(),
    }
    subject, body = compose(OFFICE_SUBJECT, OFFICE_BODY, mapping, OFFICE_LANGUAGE)
    send(
        office_recipients(office),
        subject,
        with_summary(body, submission, OFFICE_LANGUAGE),
        reference=submission.reference,
    )


def queue_receipt(delivery) -> bool:
    """Queue the citizen's receipt; whether it was (not without a receipt address)."""
    submission = delivery.submission
    if not submission.submitter_email:
        return False
    language = submission.language
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "url": status_url(delivery.token),
    }
    subject, body = compose(RECEIPT_SUBJECT, RECEIPT_BODY, mapping, language)
    paid = mail_line(submission, language)  # the amount paid online and its transaction
    body = f"{body}\n\n{paid}" if paid else body
    return send(
        [submission.submitter_email],
        subject,
        with_summary(body, submission, language),
        reference=submission.reference,
    )


def queue_answer_notice(submission) -> None:
    """The citizen answered the office's question: tell the office (no personal data)."""
    office = submission.__parent__
    mapping = {"reference": submission.reference, "url": submission.absolute_url()}
    subject, body = compose(ANSWER_SUBJECT, ANSWER_BODY, mapping, OFFICE_LANGUAGE)
    send(office_recipients(office), subject, body, reference=submission.reference)


STATUS_MAILS = {
    **TRANSITION_MAILS,
    "forward": _(
        "mail_status_forward",
        default="Your request ${reference} (${service}) was handed to the office that is "
        "responsible for it: ${office}.\n\nFollow it here:\n${url}",
    ),
}


def queue_status_mail(submission, action: str, comment: str = "") -> None:
    """Tell the citizen what happened, with a fresh link to the request's page."""
    template = STATUS_MAILS.get(action)
    if template is None or not submission.submitter_email:
        return
    language = submission.language
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "comment": comment or "",
        "office": submission.__parent__.Title(),
        "url": status_url(mint_token(submission)),
    }
    subject, body = compose(STATUS_SUBJECT, template, mapping, language)
    send([submission.submitter_email], subject, body, reference=submission.reference)
