"""What the citizen's status of a request shows: its address, state, history and result.

The status page (``@@anliegen/<token>``) and the REST endpoint (``@submission-status/<token>``)
both show these; the request is found by its token in digitalgemeinde.submissions.status.
"""

from plone import api

from digitalgemeinde import _
from digitalgemeinde.submissions.messages import OFFICE
from digitalgemeinde.submissions.messages import thread
from digitalgemeinde.submissions.status import public_history
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import ANSWER_STATES
from digitalgemeinde.submissions.workflow import CITIZEN_STATE_LABELS
from digitalgemeinde.submissions.workflow import CITIZEN_TRANSITION_LABELS
from digitalgemeinde.submissions.workflow import RESULT_STATES

ACTION_LABELS = {
    "submitted": _("Request received"),
    "answer": _("Your answer"),
    "forward": _("Forwarded to another office"),
    "message": _("Message from the office"),
    "citizen_message": _("Your message"),
    **CITIZEN_TRANSITION_LABELS,
}


def status_url(token: str) -> str:
    """The address of the citizen's status page of the request of ``token``."""
    return f"{api.portal.get().absolute_url()}/@@anliegen/{token}"


def citizen_state(submission) -> str:
    return api.content.get_state(submission)


def citizen_state_label(state: str):
    """The state in the citizen's plain words."""
    return CITIZEN_STATE_LABELS.get(state, state)


def awaits_answer(state: str) -> bool:
    """Whether the office waits for the citizen's answer."""
    return state in ANSWER_STATES


def visible_result(submission, state: str):
    """The result document, once the request is completed; else None."""
    if state in RESULT_STATES:
        return getattr(submission, "result", None)
    return None


def citizen_history(submission) -> list[dict]:
    """The public history, each entry with its ``label`` and local time ``when``."""
    return [
        {
            **entry,
            "label": ACTION_LABELS.get(entry["action"], entry["action"]),
            "when": local_time(entry["time"]),
        }
        for entry in public_history(submission)
    ]


def citizen_messages(submission, page_url: str) -> list[dict]:
    """The messages between office and citizen, oldest first, each file with its address under
    the status page ``page_url`` (``<page>/message-<n>-<m>``); no names of the office's staff."""
    return [
        {
            "time": message["time"],
            "when": local_time(message["time"]),
            "from_office": message["sender"] == OFFICE,
            "text": message["text"],
            "files": [
                {
                    "url": f"{page_url}/message-{item['name']}",
                    "filename": item["blob"].filename or "",
                    "content_type": item["blob"].contentType or "application/octet-stream",
                    "size": item["blob"].getSize(),
                }
                for item in message["files"]
            ],
        }
        for message in thread(submission)
    ]
