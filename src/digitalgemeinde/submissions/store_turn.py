"""Requests are stored one at a time, each from the newest committed state.

Simultaneous submissions conflicted: a request's transaction starts when the request arrives,
and by the time it committed, others had changed the catalog buckets it changed too (0.3 to
0.5 retries per submission with 40 clients on two instances; each retry runs the whole request
again). So ``take`` gives a submission its turn before it stores anything:

- a lock of this process, and, on RelStorage with PostgreSQL, an advisory lock all instances
  share (on a connection of its own; PostgreSQL frees it if the instance dies);
- then the request's transaction starts afresh, when nothing was written in it yet: it reads
  what the submission before it committed, instead of what was there when the request came in;
- the turn is held until the transaction has committed or aborted (a data manager of the
  transaction gives it back), so the next one starts from this one's state.

Only storing waits in line (tens of milliseconds); reading the form, validating and rendering
pages run side by side as before. ``DIGITALGEMEINDE_STORE_TURN=instance`` keeps the turn within
each instance (no advisory lock): instances then store side by side and conflict with each
other again (bench/README.md compares both). A turn not had within ``WAIT`` seconds (a stuck
database) is not waited for: the request stores anyway, and a conflict is retried as before.
"""

import logging
import os
import threading

import transaction

from digitalgemeinde.submissions.follower import Follower

logger = logging.getLogger("digitalgemeinde.submissions")

WAIT = 30.0  # seconds a submission waits for its turn, then stores without it
DATABASE_KEY = (20261209, 1)  # pg_advisory_lock(int, int): RelStorage's own locks take bigints

_process_turn = threading.Lock()
_database_turns: dict[int, "DatabaseTurn"] = {}
_database_turns_lock = threading.Lock()


class DatabaseTurn:
    """The advisory lock on PostgreSQL that the instances of one database take in turn.

    Only the thread holding this process's lock uses it, so one connection per process does.
    Any database error closes that connection (which frees the lock) and is reported as "not
    had": storing goes on without the shared turn."""

    def __init__(self, adapter):
        self.adapter = adapter
        self.connection = self.cursor = None

    def acquire(self, timeout: float) -> bool:
        try:
            if self.connection is None:
                self.connection, self.cursor = self.adapter.connmanager.open()
            self.cursor.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            self.cursor.execute("SELECT pg_advisory_lock(%s, %s)", DATABASE_KEY)
            self.connection.commit()
            return True
        except Exception:  # noqa: BLE001 (any driver's error: go on without the shared turn)
            logger.warning("No shared turn to store a request: stored without it", exc_info=True)
            self.close()
            return False

    def release(self) -> None:
        try:
            self.cursor.execute("SELECT pg_advisory_unlock(%s, %s)", DATABASE_KEY)
            self.connection.commit()
        except Exception:  # noqa: BLE001 (closing the connection frees the lock as well)
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.adapter.connmanager.close(self.connection, self.cursor)
        self.connection = self.cursor = None


def database_turn(persistent) -> DatabaseTurn | None:
    """The shared turn of ``persistent``'s database, if it is RelStorage on PostgreSQL."""
    if os.environ.get("DIGITALGEMEINDE_STORE_TURN", "cluster") == "instance":
        return None
    storage = persistent._p_jar.db().storage
    adapter = getattr(storage, "_adapter", None)
    if adapter is None or ".postgresql" not in type(adapter).__module__:
        return None
    with _database_turns_lock:
        turn = _database_turns.get(id(storage))
        if turn is None or turn.adapter is not adapter:
            turn = _database_turns[id(storage)] = DatabaseTurn(adapter)
        return turn


class Turn(Follower):
    """A data manager of the request's transaction: gives the turn back when it ends.

    It sorts after the storages, so its ``tpc_finish`` comes after theirs: the next request
    starts once this one's data is committed."""

    def __init__(self, shared: DatabaseTurn | None):
        self.shared = shared
        self.held = True

    def give_back(self, _transaction=None) -> None:
        if self.held:
            self.held = False
            if self.shared is not None:
                self.shared.release()
            _process_turn.release()

    abort = tpc_abort = tpc_finish = give_back

    def sortKey(self) -> str:  # noqa: N802 (IDataManager)
        return "~digitalgemeinde.store-turn"


def holds_turn(txn) -> bool:
    return any(isinstance(resource, Turn) and resource.held for resource in txn._resources)


def start_afresh() -> bool:
    """Begin the request's transaction again if nothing was written in it: it then sees what
    others committed since the request came in. Its note and user stay."""
    txn = transaction.get()
    if txn._resources:
        return False
    description, user, extension = txn.description, txn.user, dict(txn.extension)
    transaction.abort()
    txn = transaction.begin()
    txn.description, txn.user = description, user
    txn.extension.update(extension)
    return True


def take(persistent) -> bool:
    """Wait for this request's turn to store, then start from the newest state (see the
    module). ``persistent``: any object of the database written to. True if the turn was had."""
    if holds_turn(transaction.get()):
        return True  # a second submission in the same transaction (tests, imports)
    if not _process_turn.acquire(timeout=WAIT):
        logger.warning("No turn to store a request within %s s: stored without it", WAIT)
        return False
    shared = None
    try:
        shared = database_turn(persistent)
        if shared is not None and not shared.acquire(WAIT):
            shared = None
        start_afresh()
    except BaseException:
        if shared is not None:
            shared.release()
        _process_turn.release()
        raise
    transaction.get().join(Turn(shared))
    return True
