"""Issue 17, fewer conflicts: requests are stored one at a time, each from the newest state
(submissions/store_turn.py).

Two threads play two simultaneous submissions on one database: both read before either
stores, both change the same object. Without turns the second one's commit is a
ConflictError (its request would run again); with them it waits, starts from what the first
committed and commits. On PostgreSQL the turn is an advisory lock that two instances share,
freed when the holding instance's connection ends."""

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import transaction
import ZODB
import ZODB.config
from persistent.mapping import PersistentMapping
from ZODB.MappingStorage import MappingStorage
from ZODB.POSException import ConflictError

from digitalgemeinde.submissions import store_turn
from tests.backup.helpers import relstorage_db
from tests.setup.test_make_start import REPO
from tests.setup.test_make_start import free_port

sys.path.insert(0, str(REPO / "scripts"))

import pg_cluster  # noqa: E402


def counter_db() -> ZODB.DB:
    db = ZODB.DB(MappingStorage())
    with db.transaction() as connection:
        connection.root()["counter"] = PersistentMapping(value=0, by=[])
    return db


def submission(db, name: str, read, before, after, turns: bool, out):
    """Read the counter, wait for ``before``, then take a turn (or not), count one up, set
    ``after`` and take a while to commit."""
    connection = db.open()
    try:
        transaction.begin()
        counter = connection.root()["counter"]
        seen = counter["value"]  # the request came in and read
        read.set()
        before.wait(5)
        if turns:
            store_turn.take(counter)
        counter["value"] += 1
        counter["by"] = [*counter["by"], name]
        out[name] = {"seen": seen, "stored": counter["value"]}
        after.set()
        time.sleep(0.2)  # storing takes a while: the other one comes in meanwhile
        transaction.commit()
    except ConflictError:
        out[name] = "conflict"
    finally:
        transaction.abort()
        connection.close()


def two_at_once(turns: bool) -> tuple[dict, dict]:
    """Both read; then a stores, and b while a has not committed yet."""
    db = counter_db()
    out = {}
    read_a, read_b, go, a_stored, done = (threading.Event() for _ in range(5))
    first = threading.Thread(target=submission, args=(db, "a", read_a, go, a_stored, turns, out))
    second = threading.Thread(target=submission, args=(db, "b", read_b, a_stored, done, turns, out))
    first.start()
    second.start()
    assert read_a.wait(5) and read_b.wait(5)  # both read before either stores
    go.set()
    first.join(15)
    second.join(15)
    with db.transaction() as connection:
        stored = dict(connection.root()["counter"])
    db.close()
    return out, stored


def test_without_turns_the_second_of_two_simultaneous_submissions_conflicts():
    out, stored = two_at_once(turns=False)
    assert "conflict" in out.values()
    assert stored["value"] == 1


def test_with_turns_the_second_waits_and_stores_on_top_of_the_first():
    out, stored = two_at_once(turns=True)
    assert "conflict" not in out.values(), out
    assert stored["value"] == 2
    assert sorted(stored["by"]) == ["a", "b"]
    assert sorted(result["stored"] for result in out.values()) == [1, 2]
    assert {result["seen"] for result in out.values()} == {0}  # both had read the old state


def test_a_transaction_that_wrote_already_is_not_started_again():
    db = counter_db()
    connection = db.open()
    try:
        transaction.begin()
        counter = connection.root()["counter"]
        counter["value"] = 41  # written before the turn: kept
        assert store_turn.take(counter)
        assert store_turn.take(counter)  # the same transaction holds it already
        counter["value"] += 1
        transaction.commit()
        assert connection.root()["counter"]["value"] == 42
    finally:
        transaction.abort()
        connection.close()
        db.close()


def test_an_aborted_transaction_gives_its_turn_back():
    db = counter_db()
    connection = db.open()
    try:
        transaction.begin()
        assert store_turn.take(connection.root()["counter"])
        assert store_turn._process_turn.locked()
        transaction.abort()
        assert not store_turn._process_turn.locked()
        transaction.begin()
        assert store_turn.take(connection.root()["counter"])
        transaction.commit()
        assert not store_turn._process_turn.locked()
    finally:
        transaction.abort()
        connection.close()
        db.close()


# --- PostgreSQL: the turn all instances share --------------------------------------------

needs_postgresql = pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="no PostgreSQL: apt-get install postgresql (.ci/run does)",
)


@pytest.fixture(scope="module")
def two_instances():
    """Two RelStorage databases on one PostgreSQL database, as two instances open it."""
    root = Path(tempfile.mkdtemp(prefix="digitalgemeinde-turn-pg-"))
    root.chmod(0o755)
    datadir = root / "postgresql"
    pg_cluster.init(datadir, free_port(), max_connections=20)
    pg_cluster.start(datadir)
    pg_cluster.create_database(datadir, "zodb", "zodb")
    dsn = pg_cluster.dsn(datadir, "zodb", "zodb")
    dbs = [relstorage_db(dsn, root / f"cache{n}", read_only=False) for n in (1, 2)]
    try:
        yield dbs
    finally:
        for db in dbs:
            db.close()
        pg_cluster.stop(datadir)
        shutil.rmtree(root, ignore_errors=True)


@needs_postgresql
def test_instances_on_one_postgresql_take_turns_and_a_dead_ones_turn_is_freed(two_instances):
    first_db, second_db = two_instances
    connection = first_db.open()
    try:
        first = store_turn.database_turn(connection.root())
        assert first is not None  # RelStorage on PostgreSQL: a shared turn
        other = store_turn.DatabaseTurn(second_db.storage._adapter)  # the other instance's
        assert first.acquire(5)
        started = time.monotonic()
        assert not other.acquire(0.5)  # held by the first instance: the other waits, then goes on
        assert time.monotonic() - started >= 0.4
        first.release()
        assert other.acquire(5)
        other.close()  # the instance holding it dies: its connection ends
        assert first.acquire(5)
        first.release()
    finally:
        first.close()
        connection.close()


def test_other_storages_have_no_shared_turn():
    db = counter_db()
    connection = db.open()
    try:
        assert store_turn.database_turn(connection.root()["counter"]) is None
    finally:
        connection.close()
        db.close()


@needs_postgresql
def test_the_instance_setting_keeps_the_turn_within_each_instance(two_instances, monkeypatch):
    connection = two_instances[0].open()
    try:
        monkeypatch.setenv("DIGITALGEMEINDE_STORE_TURN", "instance")
        assert store_turn.database_turn(connection.root()) is None
        monkeypatch.setenv("DIGITALGEMEINDE_STORE_TURN", "cluster")
        assert store_turn.database_turn(connection.root()) is not None
    finally:
        connection.close()
