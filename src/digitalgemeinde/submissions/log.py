"""The case log of a Submission: who did what, when, from where, and why."""

from datetime import UTC
from datetime import datetime

from persistent.mapping import PersistentMapping
from plone import api
from zope.globalrequest import getRequest

ACTOR_KEY = "digitalgemeinde.actor"


def actor_id() -> str:
    """The user acting; a specialist application reporting status is named by the request
    (``ACTOR_KEY``), as it acts without a user account."""
    request = getRequest()
    named = request.get(ACTOR_KEY) if request is not None else None
    if named:
        return named
    user = api.user.get_current()
    return user.getId() or "" if user is not None else ""


def record(submission, action: str, comment: str = "", **details) -> None:
    """Append an entry; ``details`` may name e.g. ``from_office`` and ``to_office``."""
    entry = PersistentMapping(
        time=datetime.now(UTC),
        actor=actor_id() if action != "submitted" else "",
        action=action,
        state=api.content.get_state(submission, default=""),
        comment=comment,
    )
    entry.update(details)
    submission.append_log(entry)
