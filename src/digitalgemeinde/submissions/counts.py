"""How many requests an office has in each state, kept up to date as they move.

``BTrees.Length`` merges concurrent changes without conflicts, so many requests can bump the
same counter at once; reading a count costs the same with 100 or 100,000 requests.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.submissions.workflow import STATES

KEY = "digitalgemeinde.state_counts"


def _counters(office, create: bool):
    annotations = IAnnotations(office)
    counters = annotations.get(KEY)
    if counters is None and create:
        counters = annotations[KEY] = OOBTree()
        for state in STATES:
            counters[state] = Length()
    return counters


def bump(office, state: str, delta: int) -> None:
    if state not in STATES:
        return
    _counters(office, create=True)[state].change(delta)


def state_counts(office) -> dict[str, int]:
    counters = _counters(office, create=False)
    return {state: (counters[state]() if counters is not None else 0) for state in STATES}
