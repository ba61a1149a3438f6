"""Whether this instance may take requests: the load balancer's question.

``check`` reads the worker's heartbeat from the database's root, so one read proves that the
database answers and the other that the outbox worker is alive. Its answer is one word and
nothing more (no versions, counts or paths): ``ok``, ``database`` or ``worker``.
"""

import logging
import os

from digitalgemeinde.operation import heartbeat

logger = logging.getLogger("digitalgemeinde.operation")
MAX_AGE_VARIABLE = "DIGITALGEMEINDE_HEARTBEAT_MAX_AGE"
DEFAULT_MAX_AGE = 300  # seconds: ten beats missed, or a round stuck for five minutes

OK, DATABASE, WORKER = "ok", "database", "worker"


def max_age() -> float:
    try:
        return float(os.environ.get(MAX_AGE_VARIABLE, DEFAULT_MAX_AGE))
    except ValueError:
        return DEFAULT_MAX_AGE


def check(connection, now: float | None = None) -> str:
    """``ok`` when the database answers through ``connection`` and the worker's last beat is
    younger than ``max_age()`` (unless that is 0); else the one word saying what is wrong."""
    try:
        since = heartbeat.age(connection.root(), now)
    except Exception as error:  # noqa: BLE001 (any storage error: the database does not answer)
        # a warning without traceback: the load balancer asks every few seconds
        logger.warning("Health check: the database does not answer: %r", error)
        return DATABASE
    limit = max_age()
    if limit > 0 and (since is None or since > limit):  # 0: the worker is not asked about
        return WORKER
    return OK
