"""The envelope of the portal's outgoing mail: what lets a bounce be matched back to a request.

Every mail the portal sends (the office's notice, the citizen's receipt and status mails, the
digest, invitations, exports) goes through ``send_mail``, which does what
``plone.api.portal.send_email`` does and adds:

- a ``Message-ID`` of ours (``<dg.<reference>.<random>@<domain of the portal's address>>``);
- for a mail about a request, the header ``X-Digitalgemeinde-Reference: <reference>``, which a
  mail server returns with the bounce (the original's headers in the delivery status
  notification, RFC 3464);
- when the environment variable ``DIGITALGEMEINDE_BOUNCE_ADDRESS`` names an address, that
  address as the envelope sender (SMTP ``MAIL FROM``, the ``Return-Path`` the receiving server
  bounces to). The ``From`` header stays the portal's address (Site Setup → Mail): people see
  and answer that one. Set the variable for every process that sends mail (the Zope instances,
  the worker, ``make digest``); digitalgemeinde.operation.bounces reads what comes back.

``MailHost.send`` would make its ``mfrom`` the ``From`` header as well, so the message is
prepared as ``MailHost.send`` prepares it (``_mungeHeaders``) and handed to the MailHost's
``_send`` with the envelope sender of its own. Queued mail (``immediate=False``) is still sent
when the transaction commits.
"""

import os
import re
import secrets
from email.message import Message
from email.utils import formataddr
from email.utils import parseaddr

from plone import api
from Products.MailHost.MailHost import _mungeHeaders

from digitalgemeinde.emails import is_email

BOUNCE_ADDRESS_VARIABLE = "DIGITALGEMEINDE_BOUNCE_ADDRESS"
REFERENCE_HEADER = "X-Digitalgemeinde-Reference"
MESSAGE_ID = re.compile(r"<dg\.(?P<reference>\d+-\d{4}-\d{6,})\.[0-9a-f]+@[^>]*>")
REFERENCE = re.compile(r"\d+-\d{4}-\d{6,}")


def bounce_address() -> str:
    """The envelope sender for bounces ("" when none is set or the value is no address)."""
    value = os.environ.get(BOUNCE_ADDRESS_VARIABLE, "").strip()
    return value if is_email(value) else ""


def portal_sender() -> str:
    """The ``From`` of the portal's mail: its name and address from Site Setup → Mail."""
    address = api.portal.get_registry_record("plone.email_from_address")
    name = api.portal.get_registry_record("plone.email_from_name")
    sender = formataddr((name, address))
    return sender if parseaddr(sender)[1] == address else address


def message_id(reference: str = "") -> str:
    """A new Message-ID of ours; it names the request's reference when there is one."""
    domain = parseaddr(portal_sender())[1].rpartition("@")[2] or "localhost"
    middle = f"{reference}." if REFERENCE.fullmatch(reference or "") else ""
    return f"<dg.{middle}{secrets.token_hex(8)}@{domain}>"


def reference_in(headers) -> str:
    """The request's reference in the headers of one of our mails ("" if none)."""
    named = (headers.get(REFERENCE_HEADER) or "").strip()
    if REFERENCE.fullmatch(named):
        return named
    found = MESSAGE_ID.search(headers.get("Message-ID") or "")
    return found.group("reference") if found else ""


def check_mailhost(portal) -> None:
    """plone.api's check: a MailHost without an SMTP server is refused (ValueError)."""
    from plone.api.portal import PRINTINGMAILHOST_ENABLED

    if PRINTINGMAILHOST_ENABLED:
        return
    overview = api.content.get_view("overview-controlpanel", portal, portal.REQUEST)
    if overview.mailhost_warning():
        raise ValueError("MailHost is not configured.")


def send_mail(recipient: str, subject: str, body: str, reference: str = "", immediate=False):
    """Queue (or with ``immediate`` send) a plain text mail from the portal, with our
    Message-ID, the request's reference header and the bounce address as envelope sender."""
    portal = api.portal.get()
    check_mailhost(portal)
    charset = api.portal.get_registry_record("plone.email_charset") or "utf-8"
    message = Message()
    message.set_payload(body, charset)
    message["From"] = portal_sender()
    message["Message-ID"] = message_id(reference)
    if REFERENCE.fullmatch(reference or ""):
        message[REFERENCE_HEADER] = reference
    text, recipients, sender = _mungeHeaders(message, recipient, None, subject, charset)
    host = api.portal.get_tool("MailHost")
    host._send(bounce_address() or sender, recipients, text, immediate=immediate)
