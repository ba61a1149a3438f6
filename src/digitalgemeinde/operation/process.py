"""The figures of this process, in a Prometheus registry of its own (not the library's global
one, so that tests and other libraries do not mix into it).

Counted as they happen: ZODB conflicts and the publisher's retries (``IPubFailure``), and the
latency of each submitted request, from the start of its publication (its first attempt, when
it was retried) to the commit that stored it. Each Zope process counts its own: Prometheus
scrapes every instance.
"""

import time

import transaction
from prometheus_client import CollectorRegistry
from prometheus_client import Counter
from prometheus_client import Histogram
from ZODB.POSException import ConflictError

STARTED = "digitalgemeinde.publication_started"  # in the WSGI environ, shared by the retries
SUBMIT_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)

REGISTRY = CollectorRegistry()
CONFLICTS = Counter(
    "digitalgemeinde_zodb_conflicts",
    "ZODB conflict errors in requests published by this process",
    registry=REGISTRY,
)
RETRIES = Counter(
    "digitalgemeinde_publisher_retries",
    "Requests this process published again after a conflict",
    registry=REGISTRY,
)
SUBMIT_SECONDS = Histogram(
    "digitalgemeinde_submit_seconds",
    "Seconds from the start of a submitting request to the commit that stored the request",
    buckets=SUBMIT_BUCKETS,
    registry=REGISTRY,
)


def publication_started(event) -> None:
    """IPubStart: note when the request came in (its first attempt only)."""
    environ = getattr(event.request, "environ", None)
    if environ is not None:
        environ.setdefault(STARTED, time.monotonic())


def publication_failed(event) -> None:
    """IPubFailure: a conflict, and whether the publisher tries the request again."""
    if isinstance(event.exc_info[1], ConflictError):
        CONFLICTS.inc()
    if event.retry:
        RETRIES.inc()


def observe_submit(request) -> None:
    """Observe the submit latency of ``request`` when its transaction commits (an aborted or
    retried attempt is not observed; the retry that stores the request is)."""
    environ = getattr(request, "environ", None) or {}
    started = environ.get(STARTED) or time.monotonic()
    transaction.get().addAfterCommitHook(_committed, args=(started,))


def _committed(success: bool, started: float) -> None:
    if success:
        SUBMIT_SECONDS.observe(time.monotonic() - started)
