"""The previous and the next request of a filtered inbox, seen from one of its requests.

The inbox links each request with its filters and its position in the list; the request page
asks the same catalog query (``search_inbox``) for a small window around that position, so
this costs one page-sized query whatever the size of the inbox. When the list has moved (new
requests arrived), a wider window finds the request again; a request no longer in the list
has no neighbours.
"""

from dataclasses import dataclass

from plone.uuid.interfaces import IUUID

from digitalgemeinde.submissions.inbox import search_inbox

WINDOWS = (1, 10, 50)  # requests on each side of the position, tried in turn


@dataclass
class Neighbours:
    previous: object = None  # a catalog brain, or None
    next: object = None
    position: int = 0  # of the request in the list, from 0
    total: int = 0

    @property
    def found(self) -> bool:
        return self.previous is not None or self.next is not None


def neighbours(inbox, filters, submission, position: int = 0) -> Neighbours:
    """The requests before and after ``submission`` in ``inbox`` (an Office or a tenant)
    filtered and sorted by ``filters``; ``position`` is where the inbox listed it."""
    uid = IUUID(submission, None)
    position = max(0, position)
    for side in WINDOWS:
        start = max(0, position - side)
        results, _error = search_inbox(inbox, filters, b_start=start, b_size=2 * side + 1)
        brains = list(results)
        uids = [brain.UID for brain in brains]
        if uid in uids:
            here = uids.index(uid)
            at_edge = (here == 0 and start > 0) or here == 2 * side
            if at_edge and side != WINDOWS[-1]:
                continue  # a neighbour may lie outside the window: widen it
            total = getattr(results, "actual_result_count", len(brains))
            return Neighbours(
                previous=brains[here - 1] if here > 0 else None,
                next=brains[here + 1] if here + 1 < len(brains) else None,
                position=start + here,
                total=total,
            )
    return Neighbours()
