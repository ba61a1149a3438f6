"""A request's state lives on its class: every attribute declared with a safe default, changed
only by the class's methods, and no module of ours sets one from outside."""

import ast
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping

import digitalgemeinde
from digitalgemeinde.content_types.submission import PARTICULARS
from digitalgemeinde.content_types.submission import Submission

CONTAINERS = ("values", "log", "notes", "answers", "token_hashes", "status_updates")
STATE = (
    *PARTICULARS,
    *CONTAINERS,
    "result",
    "closed",
    "delivery_job",
    "assignee",
    "due",
)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def stored_before() -> Submission:
    """A request as one stored before any of the attributes existed: nothing of its own."""
    return Submission.__new__(Submission)


@pytest.mark.parametrize("name", STATE)
def test_every_attribute_is_declared_on_the_class_and_documented(name):
    assert name in vars(Submission)
    assert f"``{name}``" in Submission.__doc__


def test_a_request_stored_before_reads_the_defaults():
    old = stored_before()
    assert (old.result, old.closed, old.delivery_job, old.status_updates) == (None,) * 4
    assert list(old.answers) == list(old.notes) == list(old.log) == []
    assert dict(old.values) == {} and list(old.token_hashes) == []
    assert old.status_update("any") is None


def test_a_new_request_has_its_own_persistent_containers():
    first, second = Submission("a"), Submission("b")
    for name in ("values", "log", "notes"):
        assert getattr(first, name) is not getattr(second, name)
    assert isinstance(first.values, PersistentMapping)
    assert isinstance(first.log, PersistentList) and isinstance(first.notes, PersistentList)


def test_the_methods_change_the_state_and_store_it_persistently():
    submission = stored_before()
    note = submission.add_note("Rückruf", "liestal-clerk", NOW)
    answer = submission.add_answer("Hier", ["blob"], NOW)
    submission.append_log(PersistentMapping(action="submitted"))
    submission.store_values({"dog": "Bello"})
    submission.add_token_hash("a")
    submission.add_token_hash("b")
    submission.attach_result("document")
    submission.set_closing_date(NOW)
    submission.record_status_update("key-1", {"transition": "accept"})
    assert list(submission.notes) == [note] and isinstance(submission.notes, PersistentList)
    assert note == {"time": NOW, "actor": "liestal-clerk", "text": "Rückruf"}
    assert list(submission.answers) == [answer] and isinstance(answer, PersistentMapping)
    assert isinstance(answer["files"], PersistentList) and list(answer["files"]) == ["blob"]
    assert submission.log[0]["action"] == "submitted"
    assert dict(submission.values) == {"dog": "Bello"}
    assert submission.token_hashes == ["a", "b"]
    assert (submission.result, submission.closed) == ("document", NOW)
    assert isinstance(submission.status_updates, OOBTree)
    assert submission.status_update("key-1") == {"transition": "accept"}
    assert submission.status_update("key-2") is None
    # the class's defaults are untouched
    assert Submission.answers == () and Submission.notes == () and dict(Submission.values) == {}


def test_the_delivery_job_is_set_and_dropped():
    submission = stored_before()
    submission.drop_delivery_job()  # none yet: nothing to drop
    submission.set_delivery_job("job")
    assert submission.delivery_job == "job"
    submission.drop_delivery_job()
    assert submission.delivery_job is None and "delivery_job" not in vars(submission)


def test_fill_in_sets_the_particulars_and_nothing_else():
    submission = stored_before()
    submission.fill_in(reference="2829-2026-000001", sensitive=True)
    assert (submission.reference, submission.sensitive) == ("2829-2026-000001", True)
    assert submission.Title() == "2829-2026-000001"
    with pytest.raises(TypeError):
        submission.fill_in(result="document")


# The rule in the code: no module sets a request's attribute but its class.

PACKAGE = Path(digitalgemeinde.__file__).parent
MUTATORS = {"append", "extend", "insert", "update", "pop", "clear", "setdefault", "remove"}


def outside_changes(tree: ast.AST) -> list[int]:
    """Lines that assign, delete or mutate a request's attribute on anything but ``self``."""

    def foreign(node) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr in STATE
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")
        )

    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript):
                target = target.value
            if foreign(target):
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and foreign(node.func.value)
            and node.func.value.attr in CONTAINERS
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in STATE
        ):
            lines.append(node.lineno)
    return lines


def test_no_module_sets_a_request_attribute_from_outside():
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "content_types" / "submission.py"
        and (lines := outside_changes(ast.parse(path.read_text(), str(path))))
    }
    assert found == {}
