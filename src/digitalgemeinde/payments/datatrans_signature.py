"""The signature of Datatrans' webhooks (its API reference, "Webhook signing").

Datatrans signs every webhook with the merchant's HMAC key (hex, from its dashboard) and sends
``Datatrans-Signature: t=<unix time in milliseconds>,s0=<hex HMAC-SHA256>``, computed over the
decimal timestamp followed directly by the body's bytes. ``check`` recomputes it and compares in
constant time, and refuses a timestamp older than ``MAX_AGE_SECONDS`` (a replay or a webhook held
back: the worker's status poll settles such a payment) or more than ``MAX_SKEW_SECONDS`` ahead of
our clock. Every refusal is an ``InvalidNotification`` whose message names the reason, never the
key nor the expected signature.
"""

import hashlib
import hmac
import re
import time

from digitalgemeinde.payments.provider import InvalidNotification

HEADER = "Datatrans-Signature"
MAX_AGE_SECONDS = 600  # a notification signed more than 10 minutes ago is refused
MAX_SKEW_SECONDS = 120  # the provider's clock may be up to 2 minutes ahead of ours
PART = re.compile(r"^\s*([a-z0-9]+)=([0-9A-Fa-f]+)\s*$")


def key_bytes(key_hex: str) -> bytes:
    """The HMAC key as Datatrans shows it (hex) in bytes; InvalidNotification if it is none."""
    try:
        key = bytes.fromhex((key_hex or "").strip())
    except ValueError:
        key = b""
    if not key:
        raise InvalidNotification("no usable HMAC key is set for this merchant account")
    return key


def sign(key_hex: str, body: bytes, timestamp_ms: int) -> str:
    """The ``s0`` value for ``body`` signed at ``timestamp_ms``."""
    message = str(timestamp_ms).encode("ascii") + body
    return hmac.new(key_bytes(key_hex), message, hashlib.sha256).hexdigest()


def header_value(key_hex: str, body: bytes, timestamp_ms: int) -> str:
    return f"t={timestamp_ms},s0={sign(key_hex, body, timestamp_ms)}"


def parse(value: str) -> tuple[int, str]:
    """(t, s0) of a header value; InvalidNotification if it is malformed."""
    parts = {}
    for item in (value or "").split(","):
        match = PART.match(item)
        if match is None or match.group(1) in parts:
            raise InvalidNotification("malformed Datatrans-Signature header")
        parts[match.group(1)] = match.group(2)
    if "t" not in parts or "s0" not in parts or not parts["t"].isdigit():
        raise InvalidNotification("malformed Datatrans-Signature header")
    if len(parts["s0"]) != 64:
        raise InvalidNotification("malformed Datatrans-Signature header")
    return int(parts["t"]), parts["s0"].lower()


def find_header(headers) -> str:
    """The signature header of ``headers`` (any mapping; names compared case-insensitively)."""
    for name, value in headers.items():
        if name.lower() == HEADER.lower():
            return value
    raise InvalidNotification("the Datatrans-Signature header is missing")


def check(key_hex: str, body: bytes, headers, now: float | None = None) -> int:
    """Verify a webhook's signature and age; returns its timestamp (ms)."""
    timestamp_ms, given = parse(find_header(headers))
    expected = sign(key_hex, body, timestamp_ms)
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("ascii")):
        raise InvalidNotification("the signature does not match the body")
    now = time.time() if now is None else now
    age = now - timestamp_ms / 1000
    if age > MAX_AGE_SECONDS:
        raise InvalidNotification(
            f"the notification was signed {int(age)} s ago (more than {MAX_AGE_SECONDS} s)"
        )
    if age < -MAX_SKEW_SECONDS:
        raise InvalidNotification(f"the notification is signed {int(-age)} s in the future")
    return timestamp_ms
