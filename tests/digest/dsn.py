"""Delivery status notifications as a mail server sends them (RFC 3464, multipart/report of
RFC 3462), built with the stdlib email package, and a real Maildir to deliver them into."""

import mailbox
from datetime import UTC
from datetime import datetime
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from email.utils import make_msgid

MAILER = "MAILER-DAEMON@mx.example.ch"
BOUNCES = "bounces@portal.example.ch"
UNKNOWN = "smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown in local table"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def fields(**values) -> Message:
    block = Message()
    for name, value in values.items():
        block[name.replace("_", "-")] = value
    return block


def report(
    original,
    action="failed",
    recipient="anna@example.ch",
    status="5.1.1",
    diagnostic=None,
    whole=False,
    when=WHEN,
) -> bytes:
    """A DSN about the mail ``original`` (an email Message): one recipient with ``action``;
    the original's headers as text/rfc822-headers, or with ``whole`` the original itself as
    message/rfc822."""
    dsn = MIMEMultipart("report", report_type="delivery-status")
    dsn["From"] = f"Mail Delivery System <{MAILER}>"
    dsn["To"] = BOUNCES
    dsn["Subject"] = "Undelivered Mail Returned to Sender"
    dsn["Date"] = format_datetime(when)
    dsn["Message-ID"] = make_msgid(domain="mx.example.ch")
    dsn["Auto-Submitted"] = "auto-replied"
    dsn.attach(
        MIMEText(
            f"I'm sorry to have to inform you that your message could not\n"
            f"be delivered to {recipient}.\n"
        )
    )
    status_part = MIMEBase("message", "delivery-status")
    per_recipient = fields(
        Final_Recipient=f"rfc822; {recipient}",
        Original_Recipient=f"rfc822;{recipient}",
        Action=action,
        Status=status,
        Remote_MTA="dns; mx.example.ch",
    )
    if diagnostic is not None or action == "failed":
        per_recipient["Diagnostic-Code"] = diagnostic or UNKNOWN.format(recipient=recipient)
    status_part.set_payload(
        [
            fields(Reporting_MTA="dns; mail.portal.example.ch", Arrival_Date=format_datetime(when)),
            per_recipient,
        ]
    )
    dsn.attach(status_part)
    if whole:
        dsn.attach(MIMEMessage(original))
    else:
        headers = "".join(f"{name}: {value}\n" for name, value in original.items())
        dsn.attach(MIMEText(headers, "rfc822-headers"))
    return dsn.as_bytes()


def auto_reply(original) -> bytes:
    """An out-of-office answer to ``original``: mail to the bounce address, but no DSN."""
    reply = MIMEText("Ich bin bis am 15. März abwesend.\n", "plain", "utf-8")
    reply["From"] = "anna@example.ch"
    reply["To"] = BOUNCES
    reply["Subject"] = f"Abwesenheitsnotiz: {original['Subject']}"
    reply["In-Reply-To"] = original["Message-ID"]
    reply["Auto-Submitted"] = "auto-replied"
    return reply.as_bytes()


def malformed() -> bytes:
    """Says it is a delivery report, but has no delivery-status part."""
    return (
        b"From: MAILER-DAEMON@mx.example.ch\nTo: bounces@portal.example.ch\n"
        b"Subject: Undelivered Mail\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        b"--b1\nContent-Type: text/plain\n\nYour mail could not be delivered.\n--b1--\n"
    )


def deliver(path, *messages: bytes) -> mailbox.Maildir:
    """The messages delivered into the Maildir at ``path`` (new/), as an MTA does."""
    box = mailbox.Maildir(path, factory=None, create=True)
    for message in messages:
        box.add(message)
    return box
