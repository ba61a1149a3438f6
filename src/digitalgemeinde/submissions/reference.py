"""Reference numbers ``<BFS>-<YYYY>-<NNNNNN>`` (a canton uses its cantonal number).

Each tenant keeps, per year, a conflict-free ``BTrees.Length`` (how many numbers were given
out) and a BTree of the numbers taken. Requests made at the same time pick at random from a
small window above the count, so they mostly write different keys, which ZODB merges without
conflict; two that pick the same number write the same key, which ZODB refuses as a conflict,
and the retried one takes another. Numbers are unique and grow with time; they have gaps
(numbers the window passed over, or given back by a retried or aborted request).
"""

import secrets

from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.interfaces import ICanton

KEY = "digitalgemeinde.reference_counters"
# How far apart concurrent requests pick. Numbers already taken push a pick to the next free
# one, so two requests at the same moment still pick the same number in a fifth to a half of
# the cases (measured in tests/submissions/test_reference.py): that one conflicts and is retried.
WINDOW = 16


class YearCounter(Persistent):
    def __init__(self):
        self.issued = Length()
        self.taken = IOBTree()

    def allocate(self, owner: str) -> int:
        number = self.issued() + 1 + secrets.randbelow(WINDOW)
        while number in self.taken:
            number += 1
        self.taken[number] = owner
        self.issued.change(1)
        return number


def tenant_number(tenant) -> int:
    if ICanton.providedBy(tenant):
        return tenant.canton_number
    return tenant.bfs_number


def counter_for(tenant, year: int) -> YearCounter:
    annotations = IAnnotations(tenant)
    counters = annotations.get(KEY)
    if counters is None:
        counters = annotations[KEY] = OOBTree()
    counter = counters.get(year)
    if counter is None:
        counter = counters[year] = YearCounter()
    return counter


def format_reference(prefix: int, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def next_reference(tenant, year: int, owner: str = "") -> str:
    number = counter_for(tenant, year).allocate(owner)
    return format_reference(tenant_number(tenant), year, number)
