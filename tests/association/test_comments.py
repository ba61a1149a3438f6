"""Comments on a standard service (association.comments): who may comment, what is refused,
what is stored."""

from datetime import UTC
from datetime import datetime

import pytest
from AccessControl import Unauthorized
from plone import api

from digitalgemeinde.association.comments import MAX_COMMENT
from digitalgemeinde.association.comments import CommentRefused
from digitalgemeinde.association.comments import add_comment
from digitalgemeinde.association.comments import comments_of
from digitalgemeinde.association.comments import may_comment
from tests.association.helpers import retire


def test_innovator_comment_is_stored_with_author_and_date(assoc):
    standard = assoc["standard"]
    before = datetime.now(UTC)
    with api.env.adopt_user(username="innovator"):
        assert may_comment(standard)
        comment = add_comment(standard, "  Braucht es das Feld Verwendungszweck?\n")
    assert comment["text"] == "Braucht es das Feld Verwendungszweck?"
    assert comment["userid"] == "innovator"
    assert comment["author"] == "Innovator"  # the full name
    assert before <= comment["date"] <= datetime.now(UTC)
    assert comments_of(standard) == [comment]


def test_comments_are_listed_oldest_first(assoc):
    standard = assoc["standard"]
    with api.env.adopt_user(username="innovator"):
        add_comment(standard, "Erstens")
    with api.env.adopt_user(username="verband-editor"):
        add_comment(standard, "Zweitens")
    assert [(c["userid"], c["text"]) for c in comments_of(standard)] == [
        ("innovator", "Erstens"),
        ("verband-editor", "Zweitens"),
    ]


@pytest.mark.parametrize("text", ["", "   \n ", None, "x" * (MAX_COMMENT + 1)])
def test_empty_or_too_long_comment_is_refused(assoc, text):
    standard = assoc["standard"]
    with api.env.adopt_user(username="innovator"), pytest.raises(CommentRefused):
        add_comment(standard, text)
    assert comments_of(standard) == []


@pytest.mark.parametrize("username", ["liestal-editor", None])
def test_others_may_not_comment(assoc, username):
    standard = assoc["standard"]
    if username is None:
        with api.env.adopt_roles(["Anonymous"]):
            assert not may_comment(standard)
            with pytest.raises(Unauthorized):
                add_comment(standard, "Hallo")
    else:
        with api.env.adopt_user(username=username):
            assert not may_comment(standard)
            with pytest.raises(Unauthorized):
                add_comment(standard, "Hallo")
    assert comments_of(standard) == []


def test_nobody_comments_on_a_retired_standard(assoc):
    standard = assoc["standard"]
    retire(standard)
    with api.env.adopt_user(username="innovator"), pytest.raises(Unauthorized):
        add_comment(standard, "Zu spät")
    assert comments_of(standard) == []
