"""``POST <request>/@assign`` ``{"assignee": "<user id>" | null}``: assign a request to a member
of its office's staff, or to nobody (``null``), as "Assign to …" on the request's page
(``submissions.assignment.assign``: refused for someone not on the staff, logged)."""

from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.submissions.assignment import AssignmentRefused
from digitalgemeinde.submissions.assignment import assign
from digitalgemeinde.submissions.assignment import name_of


def read_assignee(data: dict) -> str | None:
    """The ``assignee`` of a request body: a user id or null; refused otherwise."""
    if "assignee" not in data:
        raise field_error("assignee", _("Give the assignee: a user id, or null for nobody."))
    assignee = data["assignee"]
    if assignee is not None and (not isinstance(assignee, str) or not assignee.strip()):
        raise field_error("assignee", _("Give the assignee: a user id, or null for nobody."))
    return assignee.strip() if assignee is not None else None


class AssignPost(JsonService):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        assignee = read_assignee(self.json_body())
        try:
            changed = assign(self.context, assignee)
        except AssignmentRefused as refused:
            if refused.status == 403:
                raise ApiError(403, refused.message) from refused
            raise field_error("assignee", refused.message) from refused
        return {
            "@id": self.context.absolute_url(),
            "reference": self.context.reference,
            "assignee": self.context.assignee,
            "assignee_name": name_of(self.context.assignee) or None,
            "changed": changed,
        }
