"""The outbox worker's heartbeat: one small persistent object in the database's root.

Only workers write it, at most every ``EVERY`` seconds, in a transaction of their own: it never
shares a record with a request. Two workers beating at once do not conflict either: the later
beat wins (``_p_resolveConflict``). The health check (``health.py``) reads its age.
"""

import time

from persistent import Persistent

KEY = "digitalgemeinde.worker_heartbeat"
EVERY = 30  # seconds between two writes


class Heartbeat(Persistent):
    def __init__(self, beat: float = 0.0):
        self.beat = beat

    def _p_resolveConflict(self, old, committed, new):
        return committed if committed.get("beat", 0.0) >= new.get("beat", 0.0) else new


def beat(root, now: float | None = None) -> bool:
    """Note a beat in ``root`` (a connection's root mapping) unless the last one is younger
    than ``EVERY`` seconds; whether something changed (then the caller commits)."""
    now = time.time() if now is None else now
    heart = root.get(KEY)
    if heart is None:
        root[KEY] = Heartbeat(now)
        return True
    if now - heart.beat < EVERY:
        return False
    heart.beat = now
    return True


def age(root, now: float | None = None) -> float | None:
    """Seconds since the last beat; None when no worker ever beat in this database."""
    heart = root.get(KEY)
    if heart is None:
        return None
    return max((time.time() if now is None else now) - heart.beat, 0.0)
