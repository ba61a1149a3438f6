"""The office's work on a request as domain functions (``submissions.processing``): what the
request page and ``@status-update`` rely on, a step taken or refused with nothing changed."""

import io

import pytest
import transaction
from plone import api

from digitalgemeinde.submissions import processing
from digitalgemeinde.submissions.processing import ProcessingRefused
from digitalgemeinde.submissions.processing import StepNotPossible
from digitalgemeinde.submissions.processing import StepRefused
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT

PDF = b"%PDF-1.4\n% a permit\n%%EOF\n"


class Upload(io.BytesIO):
    """A file as the publisher hands it over: a name, its bytes and its headers."""

    def __init__(self, data: bytes, filename: str, content_type: str = "application/pdf"):
        super().__init__(data)
        self.filename = filename
        self.headers = {"content-type": content_type}


def actions(submission) -> list[str]:
    return [entry["action"] for entry in submission.log]


@pytest.fixture
def clerk(submission):
    with api.env.adopt_user(username="liestal-clerk"):
        yield submission


def test_a_step_is_taken_with_its_comment_by_the_clerk(clerk):
    processing.take_step(clerk, "accept", "Wird geprüft.")
    assert api.content.get_state(clerk) == "in_progress"
    entry = clerk.log[-1]
    assert (entry["action"], entry["actor"], entry["comment"]) == (
        "accept",
        "liestal-clerk",
        "Wird geprüft.",
    )


def test_a_step_the_state_does_not_offer_is_refused(clerk):
    with pytest.raises(StepNotPossible) as refused:
        processing.take_step(clerk, "complete")
    assert refused.value.state == "submitted"
    assert "accept" in refused.value.possible and "complete" not in refused.value.possible
    assert "not possible in the current state" in refused.value.message
    assert api.content.get_state(clerk) == "submitted"
    assert actions(clerk) == ["submitted"]


@pytest.mark.parametrize("transition", sorted(NEEDS_COMMENT))
@pytest.mark.parametrize("comment", ["", "   "])
def test_a_step_that_needs_a_comment_is_refused_without_one(clerk, transition, comment):
    with pytest.raises(StepRefused) as refused:
        processing.take_step(clerk, transition, comment)
    assert refused.value.message == NEEDS_COMMENT[transition]
    assert api.content.get_state(clerk) == "submitted"
    assert actions(clerk) == ["submitted"]


def test_the_workflow_refusal_is_passed_on(clerk, monkeypatch):
    monkeypatch.setattr(processing, "NEEDS_COMMENT", {})
    with pytest.raises(StepRefused) as refused:
        processing.take_step(clerk, "reject", "")
    assert refused.value.message == NEEDS_COMMENT["reject"]
    assert api.content.get_state(clerk) == "submitted"


def test_completing_attaches_the_result_document(clerk):
    processing.take_step(clerk, "accept")
    processing.take_step(
        clerk, "complete", "Bewilligt.", Upload(PDF, "C:\\Ablage\\Bewilligung.pdf")
    )
    assert api.content.get_state(clerk) == "completed"
    assert clerk.result.filename == "Bewilligung.pdf"
    assert clerk.result.data == PDF
    assert clerk.result.contentType == "application/pdf"


def test_a_step_without_a_result_document_attaches_none(clerk):
    processing.take_step(clerk, "accept", "", Upload(PDF, "nicht-hier.pdf"))
    processing.take_step(clerk, "complete", "", Upload(b"", ""))
    assert api.content.get_state(clerk) == "completed"
    assert clerk.result is None


@pytest.mark.parametrize(
    ("data", "message"), [(b"", "is empty"), (b"x" * 101, "larger than 10 MB")]
)
def test_an_unacceptable_result_document_changes_nothing(clerk, monkeypatch, data, message):
    monkeypatch.setattr(processing, "RESULT_LIMIT", 100)
    processing.take_step(clerk, "accept")
    with pytest.raises(ProcessingRefused) as refused:
        processing.take_step(clerk, "complete", "", Upload(data, "ergebnis.pdf"))
    assert message in refused.value.message
    assert api.content.get_state(clerk) == "in_progress"
    assert clerk.result is None


def test_read_result_keeps_a_safe_file_name():
    document = processing.read_result(Upload(PDF, '../a"b;c.pdf\x07', "application/pdf"))
    assert document.filename == "ab_c.pdf"
    assert document.data == PDF


def test_a_note_is_kept_with_who_and_when(clerk):
    note = processing.add_note(clerk, "Rückruf am Montag")
    assert list(clerk.notes) == [note]
    assert note["actor"] == "liestal-clerk" and note["text"] == "Rückruf am Montag"
    assert note["time"].tzinfo is not None


@pytest.mark.parametrize(("text", "message"), [("", "first"), ("x" * 10_001, "too long")])
def test_an_empty_or_too_long_note_is_refused(clerk, text, message):
    with pytest.raises(ProcessingRefused) as refused:
        processing.add_note(clerk, text)
    assert message in refused.value.message
    assert list(clerk.notes) == []


def test_forward_request_moves_it_to_an_offered_office(clerk, bau, world):
    targets = processing.forward_targets(clerk)
    assert targets[0]["tenant"] == world["liestal"].Title()
    assert bau.UID() in [office["uid"] for office in targets[0]["offices"]]
    reference = clerk.reference
    assert processing.forward_request(clerk, bau.UID(), "Baugesuch") == bau
    assert reference in bau.objectIds()
    assert bau[reference].log[-1]["action"] == "forward"


@pytest.mark.parametrize(("where", "reason"), [("nowhere", "Baugesuch"), ("bau", "")])
def test_forward_request_refuses_another_place_or_no_reason(clerk, bau, where, reason):
    office_uid = bau.UID() if where == "bau" else "nowhere"
    office = clerk.__parent__
    with pytest.raises(ProcessingRefused):
        processing.forward_request(clerk, office_uid, reason)
    assert clerk.reference in office.objectIds()
    transaction.abort()
