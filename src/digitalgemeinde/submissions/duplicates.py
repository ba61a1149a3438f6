"""A second click on "submit" must not make a second request.

Each delivery records a fingerprint of the form and the values it carried. The same values
for the same form within a few minutes are the same request: the citizen is shown the receipt
of the first one. Two clicks racing each other write the same fingerprint key, which ZODB
refuses as a conflict; the retried one then finds the first.
"""

import hashlib
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from BTrees.OOBTree import OOBTree
from plone.app.uuid.utils import uuidToObject
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde import _
from digitalgemeinde.submissions.values import TIMEZONE

KEY = "digitalgemeinde.recent_deliveries"
WINDOW = timedelta(minutes=10)


def fingerprint(form, data: dict) -> str:
    digest = hashlib.sha256(form.UID().encode())
    for name in sorted(data):
        value = data[name]
        if hasattr(value, "data") and hasattr(value, "filename"):  # a file upload
            value = (value.filename, hashlib.sha256(value.data).hexdigest())
        digest.update(f"\x00{name}\x00{value!r}".encode())
    return digest.hexdigest()


class Fingerprints(OOBTree):
    """The recent deliveries of one form: a few hundred at most (those of the last minutes),
    in one bucket stored in the tree itself, whose concurrent inserts ZODB merges. In an
    OOBTree's buckets of 30 random keys, one in a few requests split a bucket, and each split
    conflicted with the requests in flight (bench/conflicts.py)."""

    max_leaf_size = 1000
    max_internal_size = 1000


def _recent(form) -> OOBTree:
    annotations = IAnnotations(form)
    recent = annotations.get(KEY)
    if not isinstance(recent, Fingerprints):  # none yet, or an OOBTree of before 20261209001
        recent = annotations[KEY] = Fingerprints(recent or {})
    return recent


def take_over(form) -> bool:
    """A form's OOBTree of before 20261209001 as ``Fingerprints`` (the upgrade step)."""
    recent = IAnnotations(form).get(KEY)
    if recent is None or isinstance(recent, Fingerprints):
        return False
    _recent(form)
    return True


def earlier_delivery(form, key: str):
    """The request made with these values a moment ago, if any (and still there)."""
    recent = IAnnotations(form).get(KEY)
    entry = recent.get(key) if recent is not None else None
    if entry is None:
        return None
    uid, when = entry
    if datetime.now(UTC) - when > WINDOW:
        return None
    return uuidToObject(uid, unrestricted=True)


def remember(form, key: str, submission) -> None:
    recent = _recent(form)
    now = datetime.now(UTC)
    recent[key] = (submission.UID(), now)
    # forget what is old, a few entries at a time, so the tree stays small: those after this
    # key (random), so that requests at the same moment do not both delete the same one
    for old_key, (_uid, when) in list(recent.items(key, excludemin=True))[:20]:
        if now - when > WINDOW:
            del recent[old_key]


def already_sent(submission):
    """What the citizen reads on sending the same values again: when they sent them, under
    which reference (the form shows it with the link to the request's page)."""
    when = submission.submitted or datetime.now(UTC)
    when = when.astimezone(TIMEZONE)
    return _(
        "You already sent this request on ${date} at ${time} (reference ${reference}).",
        mapping={
            "date": when.strftime("%d.%m.%Y"),
            "time": when.strftime("%H:%M"),
            "reference": submission.reference,
        },
    )
