"""The clerk's workbench on a request's page (``@@case-workbench``, inserted in submission.pt):
who it is assigned to ("Assign to me", "Assign to …", "Remove assignment", posted to
``@@case-assign``), when it is due, and the previous and next request of the inbox it was
opened from (its filters and position come with the link)."""

from urllib.parse import urlencode

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

from digitalgemeinde.submissions.assignment import AssignmentRefused
from digitalgemeinde.submissions.assignment import assign
from digitalgemeinde.submissions.assignment import may_assign
from digitalgemeinde.submissions.assignment import name_of
from digitalgemeinde.submissions.assignment import office_staff
from digitalgemeinde.submissions.due_dates import is_overdue
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.neighbours import neighbours
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.tenants import tenant_of

KEPT = ("pos", "inbox")  # besides the filters: where the request was in which inbox


class CaseWorkbench(BrowserView):
    """Assignment, due date and previous/next of the request."""

    def assignee(self) -> str:
        return name_of(self.context.assignee)

    def may_assign(self) -> bool:
        return may_assign(self.context)

    def is_mine(self) -> bool:
        return bool(self.context.assignee) and self.context.assignee == actor_id()

    def staff(self) -> list[dict]:
        return [
            {**member, "selected": member["id"] == self.context.assignee}
            for member in office_staff(self.context.__parent__)
        ]

    def due(self) -> str:
        return local_time(self.context.due)[:10] if self.context.due else ""

    def overdue(self) -> bool:
        return is_overdue(self.context.due, api.content.get_state(self.context, default=""))

    def assign_url(self) -> str:
        return f"{self.context.absolute_url()}/@@case-assign"

    def query(self) -> str:
        """The inbox's filters and position, kept on the way through ``@@case-assign``."""
        return self.request.get("QUERY_STRING", "")

    def inbox(self):
        office = self.context.__parent__
        if self.request.form.get("inbox") == "tenant":
            return tenant_of(office) or office
        return office

    def neighbours(self) -> dict | None:
        """Links to the previous and next request of the inbox the request came from."""
        position = self.request.form.get("pos")
        if position is None:
            return None
        try:
            position = int(position)
        except (TypeError, ValueError):
            return None
        inbox = self.inbox()
        filters = InboxFilters.from_request(
            self.request, {item["uid"] for item in service_options(inbox)}
        )
        found = neighbours(inbox, filters, self.context, position)
        if not found.found:
            return None
        params = filters.params()
        if inbox is not self.context.__parent__:
            params["inbox"] = "tenant"

        def link(brain, offset: int) -> dict | None:
            if brain is None:
                return None
            query = urlencode({**params, "pos": found.position + offset})
            return {"url": f"{brain.getURL()}?{query}", "reference": brain.reference}

        return {
            "previous": link(found.previous, -1),
            "next": link(found.next, +1),
            "position": found.position + 1,
            "total": found.total,
            "inbox_url": f"{inbox.absolute_url()}/@@inbox?{urlencode(params)}",
        }


class CaseAssign(BrowserView):
    """POST: assign to me, to a staff member, or to nobody; back to the request's page."""

    def __call__(self):
        back = self.context.absolute_url()
        came = self.request.form.get("came_from", "")
        if isinstance(came, str) and came:
            back = f"{back}?{came}"
        if self.request.method != "POST":
            return self.request.response.redirect(back, status=303)
        CheckAuthenticator(self.request)
        action = self.request.form.get("action", "")
        userid = {"assign_me": actor_id(), "unassign": None}.get(
            action, self.request.form.get("assignee") or None
        )
        try:
            changed = assign(self.context, userid if isinstance(userid, str) else None)
        except AssignmentRefused as refused:
            self.request.response.setStatus(refused.status)
            api.portal.show_message(refused.message, request=self.request, type="error")
            return self.request.response.redirect(back, status=303)
        if changed:
            api.portal.show_message(self.said(userid), request=self.request)
        return self.request.response.redirect(back, status=303)

    def said(self, userid):
        from digitalgemeinde import _

        if userid is None:
            return _("The request is no longer assigned to anyone.")
        if userid == actor_id():
            return _("The request is assigned to you.")
        return _("The request is assigned to ${person}.", mapping={"person": name_of(userid)})
