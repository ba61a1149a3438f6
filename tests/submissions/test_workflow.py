"""The submission workflow: who may move a request, with which comments, and what it records."""

import pytest
import transaction
from plone import api

from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import RestClient

VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}


@pytest.fixture
def submission(form, functional):
    delivery = deliver(form, dict(VALUES), functional["request"])
    transaction.commit()
    return delivery.submission


def workflow(app, user, submission, transition, comment=None):
    data = {"comment": comment} if comment is not None else {}
    return RestClient(app, user).post(f"{submission.absolute_url()}/@workflow/{transition}", data)


def state(obj):
    transaction.begin()
    return api.content.get_state(obj)


def test_clerk_walks_the_request_to_completion(submission, functional):
    app = functional["app"]
    assert workflow(app, "liestal-clerk", submission, "accept")[0] == 200
    assert workflow(app, "liestal-clerk", submission, "ask", "Bitte Impfausweis senden.")[0] == 200
    assert state(submission) == "waiting"
    assert workflow(app, "liestal-clerk", submission, "resume")[0] == 200
    assert workflow(app, "liestal-clerk", submission, "complete")[0] == 200
    assert state(submission) == "completed"
    actions = [entry["action"] for entry in submission.log]
    assert actions == ["submitted", "accept", "ask", "resume", "complete"]
    assert submission.log[2]["comment"] == "Bitte Impfausweis senden."
    assert submission.log[2]["actor"] == "liestal-clerk"
    assert submission.closed is not None


@pytest.mark.parametrize("transition", ["ask", "reject"])
@pytest.mark.parametrize("comment", [None, "", "   "])
def test_ask_and_reject_need_a_comment(submission, functional, transition, comment):
    status, body = workflow(functional["app"], "liestal-clerk", submission, transition, comment)
    assert status == 400
    assert state(submission) == "submitted"
    assert [entry["action"] for entry in submission.log] == ["submitted"]


def test_reject_with_a_reason_and_reopen(submission, functional):
    app = functional["app"]
    assert workflow(app, "liestal-admin", submission, "reject", "Nicht zuständig.")[0] == 200
    assert state(submission) == "rejected"
    assert submission.closed is not None
    assert workflow(app, "liestal-admin", submission, "reopen")[0] == 200
    assert state(submission) == "in_progress"
    assert submission.closed is None


@pytest.mark.parametrize(
    "user", ["liestal-editor", "liestal-reviewer", "allschwil-editor", "bl-editor", None]
)
def test_others_cannot_move_the_request(submission, functional, user):
    status, _ = workflow(functional["app"], user, submission, "accept")
    assert status in (401, 403, 404)
    assert state(submission) == "submitted"


def test_invalid_transition_for_the_state_is_refused(submission, functional):
    status, _ = workflow(functional["app"], "liestal-clerk", submission, "complete")
    assert status == 400
    assert state(submission) == "submitted"


def test_counts_follow_the_states(form, world, functional):
    office = world["liestal-office"]
    first = deliver(form, dict(VALUES), functional["request"]).submission
    deliver(form, {**VALUES, "dog": "Rex"}, functional["request"])
    transaction.commit()
    assert state_counts(office)["submitted"] == 2
    workflow(functional["app"], "liestal-clerk", first, "accept")
    transaction.begin()
    counts = state_counts(office)
    assert (counts["submitted"], counts["in_progress"]) == (1, 1)
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(first)
    transaction.commit()
    assert state_counts(office)["in_progress"] == 0


@pytest.mark.parametrize("user", [None, "liestal-editor", "allschwil-editor"])
def test_rest_neither_shows_nor_lists_the_request(submission, functional, user):
    client = RestClient(functional["app"], user)
    status, _ = client.get(submission.absolute_url())
    assert status in (401, 403)
    status, body = client.get(f"{api.portal.get().absolute_url()}/@search?portal_type=Submission")
    assert status == 200
    assert body["items_total"] == 0


def test_clerk_reads_it_over_rest(submission, functional):
    status, body = RestClient(functional["app"], "liestal-clerk").get(submission.absolute_url())
    assert status == 200
    assert body["reference"] == submission.reference
    assert body["review_state"] == "submitted"
