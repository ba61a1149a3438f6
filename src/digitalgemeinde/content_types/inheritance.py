"""What a Service adopted from a standard reads from the release it follows.

Beneath the Service type (its ``Description``) and the association's adoption alike: a field
left empty on the service shows the adopted release's text.
"""

import re

from Acquisition import aq_base
from plone.app.textfield.value import RichTextValue

from digitalgemeinde.content_types.service_description import DESCRIPTIVE_FIELDS

# Copied at adoption (a Service needs them); updated later unless changed locally.
COPIED_FIELDS = ("title", "topics", "audience", "ech0070_id")
# Left empty at adoption: the Service shows the standard's text until it is filled locally.
INHERITED_FIELDS = tuple(name for name in DESCRIPTIVE_FIELDS if name not in COPIED_FIELDS)

TAGS = re.compile(r"<[^>]+>")


def is_empty(value) -> bool:
    if isinstance(value, RichTextValue):
        return not TAGS.sub("", value.raw or "").strip()
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == ()


def adopted_release(service) -> dict | None:
    return getattr(aq_base(service), "standard_release", None)


def effective(service, name: str):
    """The value a citizen reads: the service's own, or the adopted release's if it is empty."""
    own = getattr(aq_base(service), name, None)
    if name in INHERITED_FIELDS and is_empty(own):
        release = adopted_release(service)
        if release is not None:
            return release["fields"].get(name)
    return own
