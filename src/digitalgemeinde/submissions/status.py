"""The citizen's side of a request, reached by a capability token: what they may see and do."""

import re

from plone import api

from digitalgemeinde.submissions.tokens import hash_token
from digitalgemeinde.submissions.workflow import CITIZEN_TRANSITION_LABELS
from digitalgemeinde.submissions.workflow import PUBLIC_COMMENTS

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

# Log entries the citizen is told about, with the office's words where they are meant for them.
# Messages between the office and the citizen (``submissions.messages``) are theirs to read.
MESSAGE_ACTIONS = {"message", "citizen_message"}
PUBLIC_ACTIONS = {"submitted", "answer", "forward", *MESSAGE_ACTIONS, *CITIZEN_TRANSITION_LABELS}
COMMENT_IS_PUBLIC = {"answer", *MESSAGE_ACTIONS, *PUBLIC_COMMENTS}


def find_by_token(token: str):
    """The request for ``token``, or None: the same None for a malformed, wrong or expired one."""
    if not token or not TOKEN.match(token):
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", token_hashes=hash_token(token)
    )
    if len(brains) != 1:
        return None
    return brains[0]._unrestrictedGetObject()


def public_history(submission) -> list[dict]:
    """The case log as the citizen may see it: no internal notes, no actors, no forward reason."""
    entries = []
    for entry in submission.log:
        action = entry.get("action")
        if action not in PUBLIC_ACTIONS:
            continue
        entries.append(
            {
                "time": entry.get("time"),
                "action": action,
                "comment": entry.get("comment", "") if action in COMMENT_IS_PUBLIC else "",
                "to_office": entry.get("to_office_title", "") if action == "forward" else "",
            }
        )
    return entries
