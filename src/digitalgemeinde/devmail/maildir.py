"""Mail in development: every mail Plone's MailHost would send lands in a Maildir instead.

When the environment variable ``DIGITALGEMEINDE_MAIL_DIR`` names a folder (``make start`` sets
it to ``instance/var/mail``), ``MailHost._makeMailer`` returns a ``MaildirMailer`` in place of
the SMTP mailer. The MailHost still delivers through zope.sendmail's transaction-aware delivery,
so a mail is written only when the transaction commits, exactly when SMTP would have sent it:
one file per mail in ``<folder>/new``, which any mail program opens. Without the variable (or
with it empty) the MailHost uses the SMTP settings of Site Setup → Mail.

The variable is read for every mail; the patch itself is applied once, when the ZCML loads.
"""

import logging
import mailbox
import os
from email.utils import parseaddr
from pathlib import Path

from Products.MailHost.MailHost import MailBase
from zope.interface import implementer
from zope.sendmail.interfaces import IMailer

ENVIRONMENT_VARIABLE = "DIGITALGEMEINDE_MAIL_DIR"

logger = logging.getLogger("digitalgemeinde.devmail")
smtp_mailer = MailBase._makeMailer  # the original, taken before the patch replaces it


def mail_dir() -> Path | None:
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return Path(value) if value else None


@implementer(IMailer)
class MaildirMailer:
    """Writes each mail as a file into a Maildir (``new/``), with the envelope as headers."""

    def __init__(self, path):
        self.path = Path(path)

    def maildir(self) -> mailbox.Maildir:
        # Maildir(create=True) makes tmp/new/cur only when the folder itself is missing: an
        # empty folder made beforehand (e.g. by a deployment) must work as well
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(self.path, sub), exist_ok=True)
        return mailbox.Maildir(self.path, factory=None, create=True)

    def vote(self, fromaddr, toaddrs, message):
        # before the commit: fail the transaction, not the mail, when the folder is unusable
        self.maildir()
        if not os.access(self.path / "tmp", os.W_OK):
            raise OSError(f"Cannot write mail into {self.path}")

    def send(self, fromaddr, toaddrs, message):
        if isinstance(toaddrs, str):
            toaddrs = [toaddrs]
        if isinstance(message, str):
            message = message.encode("utf-8")
        envelope = f"Return-Path: <{parseaddr(fromaddr)[1]}>\n" + "".join(
            f"Delivered-To: {address}\n" for address in toaddrs
        )
        key = self.maildir().add(envelope.encode("utf-8") + message)
        logger.info("Mail to %s written to %s", ", ".join(toaddrs), self.path / "new" / key)

    def abort(self):
        pass  # nothing is written before send


def make_mailer(self):
    """The mailer of a MailHost: the Maildir when DIGITALGEMEINDE_MAIL_DIR is set, else SMTP."""
    path = mail_dir()
    if path is not None:
        return MaildirMailer(path)
    return smtp_mailer(self)
