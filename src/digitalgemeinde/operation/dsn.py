"""Reading a delivery status notification (DSN, RFC 3464) with the stdlib ``email`` package.

A mail server that cannot deliver a mail sends a ``multipart/report; report-type=delivery-status``
(RFC 3462) to the envelope sender: a human-readable part, a ``message/delivery-status`` part
(fields of the report, then one block per recipient: ``Final-Recipient``, ``Action``,
``Status``, ``Diagnostic-Code``) and the original's headers (``text/rfc822-headers``) or the
whole original (``message/rfc822``). Only ``Action: failed`` is a bounce: ``delayed``,
``delivered``, ``relayed`` and ``expanded`` say the mail is still on its way or arrived.

``failures`` answers None for a message that is no DSN (an auto-reply, spam) and raises
``Unreadable`` for a report that says it is one but cannot be read.
"""

import email
import re
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from email.utils import parsedate_to_datetime

from digitalgemeinde.operation.envelope import reference_in

STATUS = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")


class Unreadable(ValueError):
    """A delivery report that cannot be read (the reason in the message)."""


@dataclass
class Failure:
    recipient: str  # the address the mail did not reach
    status: str  # RFC 3463, e.g. "5.1.1"
    diagnostic: str  # the remote server's words, e.g. "smtp; 550 5.1.1 User unknown"
    reference: str  # the request the original mail was about ("" if none)
    time: datetime  # when the report was made (UTC)


def is_report(message) -> bool:
    return (
        message.get_content_type() == "multipart/report"
        and (message.get_param("report-type") or "").lower() == "delivery-status"
    )


def plain(value) -> str:
    """A header's value as one line, without its type (``rfc822; a@b.ch`` → ``a@b.ch``)."""
    text = " ".join(str(value or "").split())
    kind, separator, rest = text.partition(";")
    return rest.strip() if separator and " " not in kind.strip() else text


def report_parts(message):
    """The ``message/delivery-status`` blocks and the original's headers of a DSN."""
    blocks, original = None, None
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status" and blocks is None:
            blocks = part.get_payload()
        elif kind == "text/rfc822-headers" and original is None:
            text = part.get_payload(decode=True) or b""
            original = email.message_from_bytes(text)
        elif kind == "message/rfc822" and original is None:
            inner = part.get_payload()
            original = inner[0] if isinstance(inner, list) and inner else None
    if not isinstance(blocks, list) or len(blocks) < 2:
        raise Unreadable("no per-recipient fields in its message/delivery-status part")
    return blocks, original


def report_time(message, fields) -> datetime:
    for value in (fields.get("Arrival-Date"), message.get("Date")):
        try:
            moment = parsedate_to_datetime(plain(value)) if value else None
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None:
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def failures(message) -> list[Failure] | None:
    """The recipients a DSN reports as failed (maybe none: a delay); None if no DSN."""
    if not is_report(message):
        return None
    blocks, original = report_parts(message)
    reference = reference_in(original) if original is not None else ""
    moment = report_time(message, blocks[0])
    found = []
    for block in blocks[1:]:
        if plain(block.get("Action")).lower() != "failed":
            continue
        recipient = plain(block.get("Final-Recipient") or block.get("Original-Recipient"))
        status = STATUS.search(plain(block.get("Status")))
        if not recipient:
            raise Unreadable("a failed recipient without Final-Recipient")
        found.append(
            Failure(
                recipient=recipient[:200],
                status=status.group(0) if status else "5.0.0",
                diagnostic=plain(block.get("Diagnostic-Code"))[:300],
                reference=reference,
                time=moment,
            )
        )
    return found
