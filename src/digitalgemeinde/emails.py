"""What the package takes for an email address: one check for every address it stores or mails.

A bare address only, in plain ASCII: a local part of the characters RFC 5322 allows unquoted
(``atext`` and dots), one ``@``, and a domain of at least two labels of letters, digits and
hyphens. Nothing around it: no display name (``Anna <anna@example.ch>``), no spaces, no line
breaks, no second recipient. So an address that passes can go into a mail header as it is and
adds no header and no recipient there. Callers strip surrounding spaces first if they want them
forgiven. The content types' ``Email`` fields add ``check_email`` to plone.schema's own check.
"""

import re

from plone.schema.email import InvalidEmail

ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def is_email(value) -> bool:
    """Whether ``value`` is one bare email address (see the module), and nothing else."""
    return isinstance(value, str) and ADDRESS.fullmatch(value) is not None


def check_email(value) -> bool:
    """A field constraint: ``value`` is one bare address, else plone.schema's "Invalid email
    address" error (the same message an ``Email`` field gives on its own)."""
    if not is_email(value):
        raise InvalidEmail(value)
    return True
