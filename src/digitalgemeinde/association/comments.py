"""Comments on a standard service: Public Innovators and the association's editors discuss a
standard on its page (while it is a draft, in review or released; not once it is retired).

A comment is stored on the standard (``comments``, oldest first) with its author's name, user
id, date and text. The page and the demo add comments with ``add_comment`` only.
"""

from datetime import UTC
from datetime import datetime

from AccessControl import Unauthorized
from AccessControl import getSecurityManager
from Acquisition import aq_base
from persistent.list import PersistentList
from plone import api

from digitalgemeinde import _

COMMENT_PERMISSION = "digitalgemeinde: Comment standard service"
MAX_COMMENT = 5000


class CommentRefused(Exception):
    """The comment is not stored; ``args[0]`` is the message for the writer."""


def may_comment(standard) -> bool:
    """Whether the current user may comment on ``standard`` (and read its comments)."""
    return bool(getSecurityManager().checkPermission(COMMENT_PERMISSION, standard))


def comments_of(standard) -> list[dict]:
    """The comments on ``standard``, oldest first: ``{"author", "userid", "date", "text"}``."""
    return list(getattr(aq_base(standard), "comments", ()))


def add_comment(standard, text: str) -> dict:
    """Store ``text`` as the current user's comment on ``standard`` and return it.

    Unauthorized when the user may not comment; CommentRefused when the text is empty or
    longer than ``MAX_COMMENT`` characters.
    """
    if not may_comment(standard):
        raise Unauthorized("You may not comment on this standard service.")
    text = (text or "").strip()
    if not text:
        raise CommentRefused(_("Write a comment first."))
    if len(text) > MAX_COMMENT:
        raise CommentRefused(
            _("A comment has at most ${max} characters.", mapping={"max": MAX_COMMENT})
        )
    user = api.user.get_current()
    comment = {
        "author": user.getProperty("fullname") or user.getId(),
        "userid": user.getId(),
        "date": datetime.now(UTC),
        "text": text,
    }
    if not isinstance(getattr(aq_base(standard), "comments", None), PersistentList):
        standard.comments = PersistentList()
    standard.comments.append(comment)
    return comment
