"""Two tabs, one request (issue 20): the same values sent twice to a form with a fee, while the
first payment is open, are the same request. Its second attempt shares the first one's data
holder, so only one of the two payments delivers the request and the other is refunded
(``settlement``: paid "twice").

Per form, like the recent deliveries (``submissions.duplicates``): the fingerprint of the values
-> (the attempt's refno, when), for as long as an attempt is open.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.payments import attempts
from digitalgemeinde.submissions.duplicates import Fingerprints

KEY = "digitalgemeinde.payments.open_requests"
WINDOW = timedelta(minutes=attempts.ATTEMPT_MINUTES)


def earlier_holder(portal, form, key: str):
    """The data holder of an open payment of the same values, if any."""
    recent = IAnnotations(form).get(KEY)
    entry = recent.get(key) if recent is not None else None
    if entry is None or datetime.now(UTC) - entry[1] > WINDOW:
        return None
    attempt = attempts.by_refno(portal, entry[0])
    if attempt is None or attempt.request_uid or not attempt.is_live(datetime.now(UTC)):
        return None
    return attempts.holder_of(attempt)


def remember(form, key: str, attempt) -> None:
    annotations = IAnnotations(form)
    recent = annotations.get(KEY)
    if recent is None:
        recent = annotations[KEY] = Fingerprints()
    now = datetime.now(UTC)
    recent[key] = (attempt.refno, now)
    for old_key, (_refno, when) in list(recent.items(key, excludemin=True))[:20]:
        if now - when > WINDOW:
            del recent[old_key]
