"""Take a number from a shared counter without the caller's transaction writing the counter.

``claim`` counts in a short transaction on a connection of its own and commits at once, so the
caller's (long) transaction never holds the counter: two requests at the same moment do not
conflict over it. A collision in the short transaction is retried there, after a pause of a
few milliseconds, without running the request again.

The number then belongs to the caller's transaction: ``GiveBack`` joins it and, when it does
not commit, puts the number into this process's pool of given-back numbers, which ``claim``
hands out first (lowest first). A retried request so takes its own number again.
"""

import random
import threading
import time

import transaction
from ZODB.POSException import ConflictError
from ZODB.utils import z64

from digitalgemeinde.submissions.follower import Follower

ATTEMPTS = 30  # collisions in the short transaction before the caller's request is retried
PAUSE = 0.004  # seconds, times a random factor up to 2**attempt (at most 64)

_given_back: dict[tuple, list[int]] = {}  # (database, oid, year) -> numbers, lowest first
_lock = threading.Lock()


def committed(obj) -> bool:
    """Whether ``obj`` is in the database already (another connection can load it)."""
    if getattr(obj, "_p_jar", None) is None or obj._p_oid is None:
        return False
    obj._p_activate()  # a ghost knows its serial only once loaded
    return obj._p_serial != z64


def _key(obj, year: int) -> tuple:
    database = obj._p_jar.db()
    return (id(database), database.database_name, obj._p_oid, year)


def _reuse(key: tuple) -> int | None:
    with _lock:
        numbers = _given_back.get(key)
        return numbers.pop(0) if numbers else None


def give_back(key: tuple, number: int) -> None:
    with _lock:
        numbers = _given_back.setdefault(key, [])
        numbers.append(number)
        numbers.sort()


def given_back(obj, year: int) -> list[int]:
    """The numbers this process holds to give out again (for tests and the log)."""
    with _lock:
        return list(_given_back.get(_key(obj, year), []))


def claim(owner, year: int, take) -> int:
    """``take(owner, year)`` in a short transaction of its own, committed; the number it
    returned, given back if the current transaction does not commit."""
    key = _key(owner, year)
    number = _reuse(key)
    if number is None:
        number = _commit_alone(owner, year, take)
    transaction.get().join(GiveBack(key, number))
    return number


def _commit_alone(owner, year: int, take) -> int:
    manager = transaction.TransactionManager()
    connection = owner._p_jar.db().open(transaction_manager=manager)
    try:
        for attempt in range(ATTEMPTS):
            manager.begin()
            try:
                number = take(connection.get(owner._p_oid), year)
                manager.commit()
                return number
            except ConflictError:
                manager.abort()
                if attempt == ATTEMPTS - 1:
                    raise  # the caller's request is retried as a whole
                time.sleep(PAUSE * random.uniform(0.5, 2 ** min(attempt, 6)))  # noqa: S311
        raise AssertionError("unreachable")
    finally:
        manager.abort()
        connection.close()


class GiveBack(Follower):
    """A data manager of the caller's transaction: gives the number back unless it commits.

    It sorts before every storage, so its ``tpc_finish`` runs first in the second phase of the
    commit: from then on the number may be stored (a storage failing in that phase may have
    written it) and it is never given back; a number lost there is a gap, never a duplicate.
    Rolling back to a savepoint keeps the number for the transaction (a gap at worst).
    """

    def __init__(self, key: tuple, number: int):
        self.key, self.number = key, number

    def _give_back(self, _transaction=None) -> None:
        if self.number is not None:
            give_back(self.key, self.number)
            self.number = None

    abort = tpc_abort = _give_back

    def tpc_finish(self, _transaction) -> None:
        self.number = None  # committed (or as good as): it is the request's for good

    def sortKey(self) -> str:  # noqa: N802 (IDataManager)
        return "\x00digitalgemeinde.reference"
