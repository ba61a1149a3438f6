"""One line in the event log for each request Zope runs again after a database conflict.

Zope retries a request whose transaction ran into a ``ConflictError`` (up to
``max-conflict-retries`` times) without saying so. This subscriber of ``IPubBeforeAbort``
writes which request, which retry and which object (the class of the conflicting oid), at INFO
on the logger ``digitalgemeinde.conflicts``: ``bench/conflicts.py`` counts these lines per
submission and by class, and an operator can see from the log which object concurrent
requests fight over. A conflict that is not retried (the last try) is logged the same way.
"""

import logging

from ZODB.POSException import ConflictError
from ZODB.utils import oid_repr

logger = logging.getLogger("digitalgemeinde.conflicts")
MARK = "Conflict"  # every line starts with it (bench/conflicts.py looks for it)


def conflict_of(exc_info) -> ConflictError | None:
    error = exc_info[1] if exc_info else None
    return error if isinstance(error, ConflictError) else None


def describe(error: ConflictError) -> tuple[str, str]:
    """``(class name, oid)`` of the object the conflict was about (``?`` when unknown)."""
    oid = getattr(error, "oid", None)
    return getattr(error, "class_name", None) or "?", oid_repr(oid) if oid else "?"


def log_conflict(event) -> None:
    """``IPubBeforeAbort``: log a conflict that makes Zope abort (and usually retry)."""
    error = conflict_of(event.exc_info)
    if error is None:
        return
    request = event.request
    class_name, oid = describe(error)
    logger.info(
        "%s %s: %s %s, try %d, %s oid %s (%s)",
        MARK,
        "retried" if event.retry else "not retried",
        request.get("REQUEST_METHOD", "?"),
        request.get("PATH_INFO", "?"),
        getattr(request, "retry_count", 0) + 1,
        class_name,
        oid,
        type(error).__name__,
    )
