"""``POST <Office or tenant>/@inbox-bulk`` ``{"action": "assign"|"accept"|"resend", "uids": [...],
"assignee": "<user id>"|null}``: the inbox's bulk actions (``submissions.bulk``). Each request
is handled on its own: the answer lists those done and those refused with the reason (resend:
those whose delivery had not failed among them, ``outbox.resend``)."""

from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.outbox.resend import bulk_resend
from digitalgemeinde.services.assignment import read_assignee
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.submissions.bulk import ACTIONS
from digitalgemeinde.submissions.bulk import LIMIT
from digitalgemeinde.submissions.bulk import BulkRefused
from digitalgemeinde.submissions.bulk import bulk_accept
from digitalgemeinde.submissions.bulk import bulk_assign


def read_uids(data: dict) -> list[str]:
    uids = data.get("uids")
    if (
        not isinstance(uids, list)
        or not uids
        or len(uids) > LIMIT
        or not all(isinstance(uid, str) and uid for uid in uids)
    ):
        raise field_error("uids", _("Give the UIDs of 1 to 1000 requests of the inbox."))
    return uids


class InboxBulkPost(JsonService):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.json_body()
        action = data.get("action")
        if action not in (*ACTIONS, "resend"):
            raise field_error("action", _("The action is assign, accept or resend."))
        uids = read_uids(data)
        assignee = read_assignee(data) if action == "assign" else None
        try:
            if action == "assign":
                outcome = bulk_assign(self.context, uids, assignee)
            elif action == "resend":
                return self.resent(bulk_resend(self.context, uids))
            else:
                outcome = bulk_accept(self.context, uids)
        except BulkRefused as refused:
            raise ApiError(refused.status, refused.message) from refused
        return {
            "action": action,
            "done": outcome.done,
            "refused": [
                {"reference": reference, "message": self.translate(reason)}
                for reference, reason in outcome.refused
            ],
            "not_found": outcome.missing,
            "messages": [self.translate(message) for message in outcome.messages(assignee)],
        }

    def resent(self, outcome) -> dict:
        return {
            "action": "resend",
            "done": outcome.done,
            "refused": [
                {"reference": reference, "message": self.translate(reason)}
                for reference, reason in outcome.not_failed + outcome.refused
            ],
            "not_found": outcome.missing,
            "messages": [self.translate(message) for message in outcome.messages()],
        }
