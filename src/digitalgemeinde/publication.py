"""Publication dates: whether an item is in its publication period.

A leaf module: it imports nothing of this package, so pages, endpoints and domain code can all
use it.
"""


def in_effect(effective, expires, now) -> bool:
    """Effective by now and not expired, as the catalog's ``effectiveRange`` decides."""
    return (not effective or effective <= now) and (not expires or now <= expires)
