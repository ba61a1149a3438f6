"""Reference numbers ``<BFS>-<YYYY>-<NNNNNN>`` (a canton uses its cantonal number).

Each tenant keeps, per year, a counter of the last number given out (``YearCounter``). A
request takes its number in a short transaction of its own, on a connection of its own, and
commits it at once (``claims.claim``): requests at the same moment (in one instance or in
several on ZEO or RelStorage) then never conflict over the counter in their own, long
transaction, and the one that collides in that short transaction just takes the next number a
few milliseconds later. Numbers are unique per tenant and year and grow in the order requests
take them.

A number taken by a request whose transaction then does not commit (Zope retries it after a
conflict elsewhere, or it fails) is given back (``claims.GiveBack``) and is the next one this
process gives out for that tenant and year, usually to the retried request itself. Gaps remain
only for a number that was taken and given back when the process then ends before it gives it
out again, or that was taken by a process killed before its request committed.
"""

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.interfaces import ICanton
from digitalgemeinde.submissions import claims

KEY = "digitalgemeinde.reference_counters"


class YearCounter(Persistent):
    """The last number one tenant gave out in one year.

    Counters of sites before 20261209001 kept the numbers taken (``taken``, an ``IOBTree``)
    and how many (``issued``, a ``Length``); ``current`` reads them until the upgrade step
    (``upgrade``) folds them into ``last``.
    """

    last = None
    taken = None
    issued = None

    def __init__(self):
        self.last = 0

    def current(self) -> int:
        if self.last is not None:
            return self.last
        highest = self.taken.maxKey() if self.taken is not None and len(self.taken) else 0
        return max(highest, self.issued() if self.issued is not None else 0)

    def take(self) -> int:
        self.last = self.current() + 1
        return self.last

    def upgrade(self) -> bool:
        """Fold the former shape into ``last``; whether anything changed."""
        if self.taken is None and self.issued is None and self.last is not None:
            return False
        self.last = self.current()
        for name in ("taken", "issued"):
            self.__dict__.pop(name, None)
        self._p_changed = True
        return True


def tenant_number(tenant) -> int:
    if ICanton.providedBy(tenant):
        return tenant.canton_number
    return tenant.bfs_number


def counters_of(tenant, create: bool = True):
    annotations = IAnnotations(tenant)
    counters = annotations.get(KEY)
    if counters is None and create:
        counters = annotations[KEY] = OOBTree()
    return counters


def counter_for(tenant, year: int) -> YearCounter:
    counters = counters_of(tenant)
    counter = counters.get(year)
    if counter is None:
        counter = counters[year] = YearCounter()
    return counter


def upgrade_counters(tenants) -> int:
    """Counters of the former shape folded into ``last`` (20261209001); how many changed."""
    changed = 0
    for tenant in tenants:
        counters = counters_of(tenant, create=False)
        for counter in counters.values() if counters is not None else ():
            changed += counter.upgrade()
    return changed


def format_reference(prefix: int, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def next_number(tenant, year: int, in_transaction: bool = False) -> int:
    """The next number of ``tenant`` in ``year``.

    ``in_transaction``: count in the caller's transaction instead (a single writer such as
    the benchmark generator, which commits thousands at once). A tenant not yet committed
    (made in this very transaction) is always counted in it: no other connection can see it.
    """
    if in_transaction or not claims.committed(tenant):
        return counter_for(tenant, year).take()
    return claims.claim(tenant, year, take_number)


def take_number(tenant, year: int) -> int:
    """In the short transaction of ``claims.claim``: the next number, counted."""
    return counter_for(tenant, year).take()


def next_reference(tenant, year: int, in_transaction: bool = False) -> str:
    number = next_number(tenant, year, in_transaction)
    return format_reference(tenant_number(tenant), year, number)
