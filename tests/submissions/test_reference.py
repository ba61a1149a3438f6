"""Reference numbers: unique per tenant and year, growing and without gaps, even when requests
race on connections of their own, and without conflicts in the requests' transactions."""

import threading

import pytest
import transaction
import ZODB
import ZODB.POSException
from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from ZODB.FileStorage import FileStorage

from digitalgemeinde.submissions import claims
from digitalgemeinde.submissions.reference import YearCounter
from digitalgemeinde.submissions.reference import format_reference
from digitalgemeinde.submissions.reference import next_reference
from tests.helpers import build_world

YEAR = 2026


class Owner(Persistent):
    """A tenant as far as the counter goes: its year counters."""

    def __init__(self):
        self.counters = OOBTree()


def take(owner, year: int) -> int:
    if year not in owner.counters:
        owner.counters[year] = YearCounter()
    return owner.counters[year].take()


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")), pool_size=40)
    for numbers in committed.values():
        numbers.clear()
    with database.transaction() as conn:
        conn.root()["tenant"] = Owner()
        conn.root()["other"] = Owner()
        conn.root()["inbox"] = IOBTree()
    yield database
    database.close()


def test_format():
    assert format_reference(2829, 2026, 7) == "2829-2026-000007"


def test_a_counter_counts_up_from_one():
    counter = YearCounter()
    assert [counter.take() for _ in range(5)] == [1, 2, 3, 4, 5]
    assert counter.current() == 5


def test_a_counter_of_the_former_shape_continues_after_its_highest_number():
    counter = YearCounter()
    del counter.last  # as pickled before 20261209001: no last, the numbers taken instead
    counter.taken, counter.issued = IOBTree({3: "", 17: "", 9: ""}), Length(3)
    assert counter.current() == 17
    assert counter.upgrade() is True
    assert (counter.last, counter.taken, counter.issued) == (17, None, None)
    assert "taken" not in counter.__dict__ and "issued" not in counter.__dict__
    assert counter.take() == 18
    assert counter.upgrade() is False


def test_tenants_and_years_count_separately(integration):
    world = build_world(integration["portal"], commit=False)
    with api.env.adopt_roles(["Manager"]):
        liestal = [next_reference(world["liestal"], 2026) for _ in range(5)]
        allschwil = next_reference(world["allschwil"], 2026)
        canton = next_reference(world["bl"], 2026)
        next_year = next_reference(world["liestal"], 2027)
    assert liestal == [f"2829-2026-00000{n}" for n in range(1, 6)]
    assert allschwil == "2762-2026-000001"
    assert canton == "13-2026-000001"
    assert next_year == "2829-2027-000001"


committed = {"tenant": [], "other": []}  # numbers in the order their requests committed
_committing = threading.Lock()


def out_of_order(numbers: list[int]) -> int:
    highest, late = 0, 0
    for number in numbers:
        late += number < highest
        highest = max(highest, number)
    return late


def submit(db, name: str, retries: list, owner: str = "tenant", failures: int = 0) -> int:
    """One request on a connection of its own, in the thread's transaction as in Zope: takes a
    number, files itself under it in the shared inbox and commits; runs again when the commit
    conflicts (on the inbox's buckets), or when ``failures`` tries fail after taking a number."""
    connection = db.open()
    try:
        while True:
            transaction.begin()
            root = connection.root()
            number = claims.claim(root[owner], YEAR, take)
            root["inbox"][number if owner == "tenant" else -number] = name
            if failures:
                failures -= 1
                transaction.abort()
                continue
            try:
                with _committing:  # only to note the order of commits
                    transaction.commit()
                    committed[owner].append(number)
                return number
            except ZODB.POSException.ConflictError:
                transaction.abort()
                retries.append(name)
    finally:
        connection.close()


def in_threads(count: int, work) -> list:
    """``work(i)`` in ``count`` threads released together; their results."""
    start, results = threading.Barrier(count), [None] * count

    def run(i):
        start.wait(timeout=30)
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_racing_requests_take_every_number_once_in_order(db):
    """Eight threads with their own connections, 25 requests each for one tenant, while four
    more count for another: each tenant's numbers are 1..n, each filed once, none given back
    for good. Requests Zope reruns (the inbox's bucket splits) take their own number again."""
    retries = []

    def work(i):
        owner = "tenant" if i < 8 else "other"
        return [submit(db, f"{owner}-{i}-{n}", retries, owner) for n in range(25)]

    results = in_threads(12, work)
    ours = [number for numbers in results[:8] for number in numbers]
    others = [number for numbers in results[8:] for number in numbers]
    assert sorted(ours) == list(range(1, 201))
    assert sorted(others) == list(range(1, 101))
    # numbers grow in the order requests are stored, but for numbers given back by a try that
    # conflicted and taken again by the next request: at most one out of order per such try
    assert out_of_order(committed["tenant"]) + out_of_order(committed["other"]) <= len(retries)
    with db.transaction() as conn:
        root = conn.root()
        assert list(root["inbox"].keys()) == list(range(-100, 0)) + list(range(1, 201))
        assert root["tenant"].counters[YEAR].current() == 200
        assert claims.given_back(root["tenant"], YEAR) == []


def test_a_request_that_fails_gives_its_number_to_the_next(db):
    retries = []
    assert submit(db, "first", retries, failures=2) == 1  # two failed tries, then stored
    assert submit(db, "second", retries) == 2
    with db.transaction() as conn:
        assert dict(conn.root()["inbox"]) == {1: "first", 2: "second"}


def test_the_counter_never_makes_two_requests_conflict(db):
    """Two requests in flight at the same moment, committed one after the other: counted in
    their own transactions they conflict (as before 20261209001), claimed they do not."""
    with db.transaction() as conn:
        assert take(conn.root()["tenant"], YEAR) == 1
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    take(one.root()["tenant"], YEAR)
    take(two.root()["tenant"], YEAR)
    first.commit()
    with pytest.raises(ZODB.POSException.ConflictError):
        second.commit()
    second.abort()
    one.close()
    two.close()

    with db.transaction() as conn:
        for i in range(16):
            conn.root()[f"slot-{i}"] = Owner()
    retries = []
    numbers = in_threads(16, lambda i: submit_alone(db, i, retries))
    assert sorted(numbers) == list(range(3, 19))
    assert retries == []


def submit_alone(db, i: int, retries: list) -> int:
    """A request that writes nothing shared but takes a number: it never has to run again."""
    connection = db.open()
    try:
        transaction.begin()
        number = claims.claim(connection.root()["tenant"], YEAR, take)
        connection.root()[f"slot-{i}"].counters[YEAR] = number
        try:
            transaction.commit()
        except ZODB.POSException.ConflictError:
            transaction.abort()
            retries.append(i)
        return number
    finally:
        connection.close()


def test_a_number_is_kept_once_its_request_is_being_stored():
    """From the second phase of the commit on, the number may be stored: never given back, so
    a storage failing in that phase leaves a gap at worst, never the same number twice."""
    key = ("test", "db", b"\0" * 8, YEAR)
    giving = claims.GiveBack(key, 7)
    giving.tpc_begin(None)
    giving.commit(None)
    giving.tpc_vote(None)
    giving.tpc_finish(None)
    giving.tpc_abort(None)  # what transaction does when another storage fails after
    assert claims._reuse(key) is None
    aborted = claims.GiveBack(key, 8)
    aborted.abort(None)
    aborted.tpc_abort(None)  # both are called when a vote fails: given back once
    assert (claims._reuse(key), claims._reuse(key)) == (8, None)


def test_gaps_remain_only_for_numbers_in_flight_when_a_process_ends(db):
    """A process killed (or stopped) between taking a number and storing its request loses
    the number: the only gaps, at most one per request in flight at that moment."""
    retries = []
    assert submit(db, "first", retries) == 1
    connection = db.open()
    transaction.begin()
    assert claims.claim(connection.root()["tenant"], YEAR, take) == 2
    transaction.abort()  # the request fails: its number is given back to this process ...
    connection.close()
    claims._given_back.clear()  # ... which ends before it gives it out again
    assert submit(db, "third", retries) == 3
    with db.transaction() as conn:
        assert list(conn.root()["inbox"].keys()) == [1, 3]
