"""Assigning a request to a member of its office's staff.

The staff of an office are the users in its clerk group (``tenancy.office_group_id``). Only
someone who may process the request (its office's staff, the tenant's admins, Managers) may
assign it, and only to a member of the staff of the request's office. Each change is in the
case log. Refusals are ``AssignmentRefused``; then nothing was changed.
"""

from plone import api

from digitalgemeinde import _
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.log import record
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenants import tenant_of

PROCESS = "digitalgemeinde: Process submission"
NOBODY = "(nobody)"  # the catalog's assignee of a request assigned to nobody (None is not indexed)

# The case log's words for the changes (the comment names the person).
LOG_LABELS = {
    "assigned": _("log_assigned", default="Assigned"),
    "unassigned": _("log_unassigned", default="Assignment removed"),
}


class AssignmentRefused(ValueError):
    """Nothing was changed; ``message`` says why; ``status`` is the HTTP status it deserves."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def staff_group_id(office) -> str | None:
    tenant = tenant_of(office)
    return office_group_id(tenant.getId(), office.getId()) if tenant is not None else None


def name_of(userid: str | None) -> str:
    """The full name of ``userid`` (its login name without one); "" for None."""
    if not userid or userid == NOBODY:
        return ""
    user = api.user.get(userid=userid)
    if user is None:
        return userid
    return user.getProperty("fullname") or user.getUserName()


def office_staff(office) -> list[dict]:
    """``[{id, name}]``: the users of the office's clerk group, sorted by name."""
    group_id = staff_group_id(office)
    if group_id is None:
        return []
    portal_groups = api.portal.get_tool("portal_groups")
    staff = []
    for principal_id in portal_groups.getGroupMembers(group_id):
        user = api.user.get(userid=principal_id)
        if user is not None:
            staff.append({"id": principal_id, "name": name_of(principal_id)})
    return sorted(staff, key=lambda member: (member["name"].lower(), member["id"]))


def inbox_staff(offices) -> list[dict]:
    """The staff of all ``offices``, each person once, sorted by name."""
    people = {member["id"]: member for office in offices for member in office_staff(office)}
    return sorted(people.values(), key=lambda member: (member["name"].lower(), member["id"]))


def may_assign(submission) -> bool:
    return bool(api.user.get_current()) and api.user.has_permission(PROCESS, obj=submission)


def check_assignee(submission, userid: str) -> None:
    """Refuse ``userid`` unless it is one of the staff of the request's office."""
    office = submission.__parent__
    if userid not in {member["id"] for member in office_staff(office)}:
        raise AssignmentRefused(
            _(
                "${user} is not on the staff of ${office}: requests of the office can only "
                "be assigned to its staff. Nothing was changed.",
                mapping={"user": name_of(userid) or userid, "office": office.Title()},
            )
        )


def assign(submission, userid: str | None) -> bool:
    """Assign ``submission`` to ``userid`` (None: to nobody); returns whether it changed.

    Refuses a user who may not process the request (403) and an assignee who is not on the
    staff of the request's office (400)."""
    if not may_assign(submission):
        raise AssignmentRefused(_("You may not assign this request."), status=403)
    userid = userid or None
    if userid is not None:
        check_assignee(submission, userid)
    if submission.assignee == userid:
        return False
    before = submission.assignee
    submission.assign(userid)
    if userid is None:
        record(submission, "unassigned", name_of(before), assignee_before=before or "")
    else:
        record(
            submission, "assigned", name_of(userid), assignee=userid, assignee_before=before or ""
        )
    submission.reindexObject(idxs=["assignee"])
    return True


def assign_to_me(submission) -> bool:
    return assign(submission, actor_id())
