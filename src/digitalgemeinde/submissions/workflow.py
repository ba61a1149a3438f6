"""The request workflow in one table: its states and transitions, and what the site says of them.

``profiles/default/workflows/digitalgemeinde_submission_workflow/definition.xml`` defines which
transition leads where and who may take it; this table says what the pages, the REST API, the
mails, the counters and the retention make of each state and transition. A test holds the two
together: every state and transition of the definition is here, and nothing else is.

Imports nothing of ours but the message factory, so every layer may read it.
"""

from dataclasses import dataclass

from zope.i18nmessageid import Message

from digitalgemeinde import _

WORKFLOW_ID = "digitalgemeinde_submission_workflow"
INITIAL_STATE = "submitted"
DEFAULT_BADGE = "text-bg-light"  # a state the table does not know (should not happen)


@dataclass(frozen=True)
class State:
    id: str
    label: Message  # what the office reads: inbox, request page, export, REST
    citizen_label: Message  # what the citizen reads: plain words, not workflow names
    badge: str  # the Bootstrap badge class of the state on the office's pages
    closed: bool = False  # closed requests get a closing date and retention deletes them
    awaits_answer: bool = False  # the office waits for the citizen: only now may they answer
    shows_result: bool = False  # the citizen sees the result document the office attached


@dataclass(frozen=True)
class Transition:
    id: str
    label: Message  # the clerk's button
    log_label: Message  # the step in the office's case log
    citizen_label: Message | None = None  # the step in the citizen's history; None: not shown
    needs_comment: Message | None = None  # why the step is refused without a comment
    comment_label: Message | None = None  # the comment field's label; None: optional comment
    comment_is_public: bool = False  # the citizen reads the comment (history and mail)
    status_mail: Message | None = None  # the mail telling the citizen; None: no mail
    takes_result: bool = False  # the clerk may attach the result document
    on_answer: bool = False  # taken when the citizen answers: the case goes back to the office


STATE_TABLE = (
    State(
        "submitted",
        label=_("state_submitted", default="New"),
        citizen_label=_("citizen_state_submitted", default="Received: your request has arrived."),
        badge="text-bg-primary",
    ),
    State(
        "in_progress",
        label=_("state_in_progress", default="In progress"),
        citizen_label=_(
            "citizen_state_in_progress", default="In progress: the office works on it."
        ),
        badge="text-bg-info",
    ),
    State(
        "waiting",
        label=_("state_waiting", default="Waiting for the citizen"),
        citizen_label=_(
            "citizen_state_waiting", default="Question: the office needs something from you."
        ),
        badge="text-bg-warning",
        awaits_answer=True,
    ),
    State(
        "completed",
        label=_("state_completed", default="Completed"),
        citizen_label=_("citizen_state_completed", default="Completed."),
        badge="text-bg-success",
        closed=True,
        shows_result=True,
    ),
    State(
        "rejected",
        label=_("state_rejected", default="Rejected"),
        citizen_label=_("citizen_state_rejected", default="Rejected."),
        badge="text-bg-secondary",
        closed=True,
    ),
)

TRANSITION_TABLE = (
    Transition(
        "accept",
        label=_("Accept"),
        log_label=_("log_accept", default="Accepted"),
    ),
    Transition(
        "ask",
        label=_("Ask the citizen"),
        log_label=_("log_ask", default="Asked the citizen"),
        citizen_label=_("Question from the office"),
        needs_comment=_("Asking the citizen needs a message to them."),
        comment_label=_("Your question to the citizen (required)"),
        comment_is_public=True,
        status_mail=_(
            "mail_status_ask",
            default="The office has a question about your request ${reference} (${service}):"
            "\n\n${comment}\n\nPlease answer on your request's page:\n${url}",
        ),
    ),
    Transition(
        "resume",
        label=_("Resume"),
        log_label=_("log_resume", default="Resumed"),
        on_answer=True,
    ),
    Transition(
        "complete",
        label=_("Complete"),
        log_label=_("log_complete", default="Completed"),
        citizen_label=_("Completed"),
        comment_is_public=True,
        status_mail=_(
            "mail_status_complete",
            default="Your request ${reference} (${service}) is completed.\n\n${comment}\n\n"
            "See the result on your request's page:\n${url}",
        ),
        takes_result=True,
    ),
    Transition(
        "reject",
        label=_("Reject"),
        log_label=_("log_reject", default="Rejected"),
        citizen_label=_("Rejected"),
        needs_comment=_("Rejecting needs a reason."),
        comment_label=_("Reason for the rejection (required)"),
        comment_is_public=True,
        status_mail=_(
            "mail_status_reject",
            default="Your request ${reference} (${service}) was rejected.\n\nReason: ${comment}"
            "\n\nMore on your request's page:\n${url}",
        ),
    ),
    Transition(
        "reopen",
        label=_("Reopen"),
        log_label=_("log_reopen", default="Reopened"),
        citizen_label=_("Taken up again"),
    ),
)

# The table read by state or transition id, as the callers need it.
STATES = tuple(state.id for state in STATE_TABLE)
STATE_LABELS = {state.id: state.label for state in STATE_TABLE}
CITIZEN_STATE_LABELS = {state.id: state.citizen_label for state in STATE_TABLE}
STATE_BADGES = {state.id: state.badge for state in STATE_TABLE}
CLOSED_STATES = tuple(state.id for state in STATE_TABLE if state.closed)
ANSWER_STATES = frozenset(state.id for state in STATE_TABLE if state.awaits_answer)
RESULT_STATES = frozenset(state.id for state in STATE_TABLE if state.shows_result)

TRANSITIONS = tuple(transition.id for transition in TRANSITION_TABLE)
TRANSITION_LABELS = {transition.id: transition.label for transition in TRANSITION_TABLE}
TRANSITION_LOG_LABELS = {transition.id: transition.log_label for transition in TRANSITION_TABLE}
CITIZEN_TRANSITION_LABELS = {
    transition.id: transition.citizen_label
    for transition in TRANSITION_TABLE
    if transition.citizen_label
}
NEEDS_COMMENT = {
    transition.id: transition.needs_comment
    for transition in TRANSITION_TABLE
    if transition.needs_comment
}
COMMENT_LABELS = {
    transition.id: transition.comment_label
    for transition in TRANSITION_TABLE
    if transition.comment_label
}
PUBLIC_COMMENTS = frozenset(
    transition.id for transition in TRANSITION_TABLE if transition.comment_is_public
)
TRANSITION_MAILS = {
    transition.id: transition.status_mail
    for transition in TRANSITION_TABLE
    if transition.status_mail
}
RESULT_TRANSITIONS = frozenset(
    transition.id for transition in TRANSITION_TABLE if transition.takes_result
)
(ANSWER_TRANSITION,) = (transition.id for transition in TRANSITION_TABLE if transition.on_answer)
