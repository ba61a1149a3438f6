"""The table of the request workflow (digitalgemeinde.submissions.workflow) and the workflow
definition it describes stay one: no state or transition is in one and missing in the other."""

from xml.etree import ElementTree

import pytest

from digitalgemeinde.submissions import workflow as table

DEFINITION = "src/digitalgemeinde/profiles/default/workflows/{}/definition.xml"


@pytest.fixture(scope="module")
def definition(repo):
    return ElementTree.parse(repo / DEFINITION.format(table.WORKFLOW_ID)).getroot()


def exits_of(definition) -> dict[str, set]:
    """{state id: the ids of the transitions that leave it}"""
    return {
        state.get("state_id"): {exit.get("transition_id") for exit in state.iter("exit-transition")}
        for state in definition.iter("state")
    }


def targets_of(definition) -> dict[str, str]:
    """{transition id: the id of the state it leads to}"""
    return {
        transition.get("transition_id"): transition.get("new_state")
        for transition in definition.iter("transition")
    }


def test_table_has_exactly_the_states_of_the_definition(definition):
    defined = [state.get("state_id") for state in definition.iter("state")]
    assert sorted(table.STATES) == sorted(defined)
    assert definition.get("initial_state") == table.INITIAL_STATE


def test_table_has_exactly_the_transitions_of_the_definition(definition):
    defined = [transition.get("transition_id") for transition in definition.iter("transition")]
    assert sorted(table.TRANSITIONS) == sorted(defined)


def test_closed_states_lead_only_back_to_open_ones(definition):
    """A request keeps its closing date (and retention counts from it) until it is reopened."""
    exits = exits_of(definition)
    targets = targets_of(definition)
    assert table.CLOSED_STATES
    for state in table.CLOSED_STATES:
        assert exits[state]
        assert all(targets[step] not in table.CLOSED_STATES for step in exits[state])


def test_the_citizen_s_answer_and_the_result_fit_the_definition(definition):
    """The citizen answers only in a state the answer's transition leaves; the result document
    is attached on the way into the states that show it to the citizen."""
    exits = exits_of(definition)
    targets = targets_of(definition)
    assert table.ANSWER_STATES
    for state in table.ANSWER_STATES:
        assert table.ANSWER_TRANSITION in exits[state]
    assert {targets[step] for step in table.RESULT_TRANSITIONS} == table.RESULT_STATES


def test_every_state_and_transition_is_labelled_in_german_and_french(portal):
    from zope.i18n import translate

    messages = [state.label for state in table.STATE_TABLE]
    messages += [state.citizen_label for state in table.STATE_TABLE]
    messages += [transition.label for transition in table.TRANSITION_TABLE]
    messages += [transition.log_label for transition in table.TRANSITION_TABLE]
    messages += list(table.NEEDS_COMMENT.values()) + list(table.COMMENT_LABELS.values())
    for message in messages:
        english = message.default or str(message)
        assert translate(message, target_language="de") != english, message
        assert translate(message, target_language="fr") != english, message


def test_installed_workflow_of_requests_is_the_table_s(portal):
    workflows = portal.portal_workflow
    assert workflows.getChainForPortalType("Submission") == (table.WORKFLOW_ID,)
    installed = workflows[table.WORKFLOW_ID]
    assert sorted(installed.states.objectIds()) == sorted(table.STATES)
    assert sorted(installed.transitions.objectIds()) == sorted(table.TRANSITIONS)
    assert installed.initial_state == table.INITIAL_STATE
