"""Forwarding a request to the office that is responsible for it (same tenant, the canton, or
another tenant when it was misrouted): the case log keeps who, when, from where and why; the
new office and the citizen are told."""

from plone import api

from digitalgemeinde.outbox import retarget
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.log import record
from digitalgemeinde.tenants import tenant_of


def office_label(office) -> str:
    tenant = tenant_of(office)
    return f"{office.Title()} ({tenant.Title()})" if tenant is not None else office.Title()


def forward(submission, target, reason: str):
    """Move ``submission`` into ``target``'s inbox; returns the moved request.

    The caller has checked that the user may process the request and that ``target`` is an
    office it may be forwarded to; the move itself needs rights in the other office.
    """
    old_office = submission.__parent__
    with api.env.adopt_roles(["Manager"]):
        moved = api.content.move(source=submission, target=target)
        record(
            moved,
            "forward",
            reason,
            from_office=office_label(old_office),
            to_office=office_label(target),
            from_office_title=old_office.Title(),
            to_office_title=target.Title(),
            from_path="/".join(old_office.getPhysicalPath()),
            to_path="/".join(target.getPhysicalPath()),
        )
        retarget(moved, target)
        mail.queue_office_notice(moved, target)
        mail.queue_status_mail(moved, "forward")
    return moved
