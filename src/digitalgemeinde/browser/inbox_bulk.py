"""``@@inbox-bulk``: the bulk actions of the inbox on the chosen requests (a POST with the
CSRF token): assign (to me, to a staff member, to nobody), accept, export, send a failed
delivery again (``outbox.resend``). The outcome is said in plain words on the inbox, which
keeps its filters."""

from urllib.parse import parse_qsl
from urllib.parse import urlencode

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

from digitalgemeinde import _
from digitalgemeinde.outbox.resend import bulk_resend
from digitalgemeinde.submissions.bulk import BulkRefused
from digitalgemeinde.submissions.bulk import bulk_accept
from digitalgemeinde.submissions.bulk import bulk_assign
from digitalgemeinde.submissions.inbox import FILTER_NAMES
from digitalgemeinde.submissions.log import actor_id

EXPORTS = {"export_csv": "csv", "export_xlsx": "xlsx"}


class InboxBulk(BrowserView):
    def __call__(self):
        if self.request.method != "POST":
            return self.back()
        CheckAuthenticator(self.request)
        form = self.request.form
        action = form.get("action", "")
        uids = form.get("uids") or []
        uids = [uids] if isinstance(uids, str) else [uid for uid in uids if isinstance(uid, str)]
        if action in EXPORTS and uids:
            params = urlencode({"format": EXPORTS[action], "uids": uids}, doseq=True)
            return self.request.response.redirect(
                f"{self.context.absolute_url()}/@@inbox-export?{params}", status=303
            )
        try:
            messages = self.run(action, uids, form)
        except BulkRefused as refused:
            api.portal.show_message(refused.message, request=self.request, type="error")
            return self.back()
        for number, message in enumerate(messages):
            api.portal.show_message(
                message, request=self.request, type="info" if number == 0 else "warning"
            )
        return self.back()

    def run(self, action: str, uids: list[str], form) -> list:
        if action == "assign_me":
            me = actor_id()
            return bulk_assign(self.context, uids, me).messages(me)
        if action == "assign":
            assignee = form.get("assignee") or None
            assignee = assignee if isinstance(assignee, str) else None
            return bulk_assign(self.context, uids, assignee).messages(assignee)
        if action == "accept":
            return bulk_accept(self.context, uids).messages()
        if action == "resend":
            return bulk_resend(self.context, uids).messages()
        if action in EXPORTS:
            raise BulkRefused(_("Choose the requests first."))
        raise BulkRefused(_("Unknown action: nothing was changed."))

    def back(self):
        """To the inbox, with the filters and page it was sent from."""
        came_from = self.request.form.get("came_from", "")
        allowed = (*FILTER_NAMES, "b_start")
        kept = [
            (name, value)
            for name, value in parse_qsl(came_from if isinstance(came_from, str) else "")
            if name in allowed
        ]
        query = f"?{urlencode(kept)}" if kept else ""
        return self.request.response.redirect(
            f"{self.context.absolute_url()}/@@inbox{query}", status=303
        )
