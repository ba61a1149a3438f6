"""Mails about a request: the office's notice and the citizen's receipt.

Queued with ``immediate=False``: Plone's MailHost sends them only when the transaction commits.
All mails are plain text, so markup a citizen typed stays text.
"""

import logging

from plone import api
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions.values import labelled_values

logger = logging.getLogger("digitalgemeinde.mail")


def status_url(token: str) -> str:
    return f"{api.portal.get().absolute_url()}/@@anliegen/{token}"


def summary(submission, language: str) -> str:
    lines = []
    for row in labelled_values(submission, language):
        lines.append(f"{row['label']}: {row['text']}")
    return "\n".join(lines)


def send(recipients, subject, body) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    api.portal.send_email(
        recipient=", ".join(recipients), subject=subject, body=body, immediate=False
    )


def office_recipients(office) -> list[str]:
    """The office's own address; without one, the addresses of its staff."""
    if getattr(office, "email", None):
        return [office.email]
    from digitalgemeinde.tenancy import office_group_id
    from digitalgemeinde.tenancy import tenant_of

    group_id = office_group_id(tenant_of(office).getId(), office.getId())
    return [user.getProperty("email") for user in api.user.get_users(groupname=group_id)]


def queue_office_notice(submission, office) -> None:
    language = "de"
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "url": submission.absolute_url(),
    }
    subject = translate(
        _("mail_office_subject", default="New request ${reference}: ${service}", mapping=mapping),
        target_language=language,
    )
    intro = translate(
        _(
            "mail_office_body",
            default="A new request has arrived in your inbox.\n\n"
            "Reference: ${reference}\nService: ${service}\nOpen it: ${url}",
            mapping=mapping,
        ),
        target_language=language,
    )
    # sensitive: the reference and the link only, never the personal data
    body = intro if submission.sensitive else f"{intro}\n\n{summary(submission, language)}"
    send(office_recipients(office), subject, body)


def queue_receipt(delivery) -> None:
    submission = delivery.submission
    if not submission.submitter_email:
        return
    language = submission.language
    mapping = {
        "reference": submission.reference,
        "service": submission.service_title,
        "url": status_url(delivery.token),
    }
    subject = translate(
        _("mail_receipt_subject", default="Your request ${reference}: ${service}", mapping=mapping),
        target_language=language,
    )
    body = translate(
        _(
            "mail_receipt_body",
            default="Thank you. We have received your request.\n\n"
            "Reference: ${reference}\nService: ${service}\n\n"
            "Follow its status here (keep this link to yourself):\n${url}",
            mapping=mapping,
        ),
        target_language=language,
    )
    if not submission.sensitive:
        body = f"{body}\n\n{summary(submission, language)}"
    send([submission.submitter_email], subject, body)
