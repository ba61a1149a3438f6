"""A request changes state, moves or goes: its log, its counters and its closing date follow."""

from datetime import UTC
from datetime import datetime

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent

from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.counts import bump
from digitalgemeinde.submissions.log import record
from digitalgemeinde.submissions.workflow import CLOSED_STATES
from digitalgemeinde.submissions.workflow import INITIAL_STATE
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT


def before_transition(submission, event):
    transition = event.transition.id if event.transition is not None else None
    comment = (event.kwargs or {}).get("comment", "") or ""
    if transition in NEEDS_COMMENT and not comment.strip():
        raise WorkflowException(NEEDS_COMMENT[transition])


def after_transition(submission, event):
    if event.transition is None:
        return  # the initial state on creation: counted when added
    old, new = event.old_state.id, event.new_state.id
    office = submission.__parent__
    bump(office, old, -1)
    bump(office, new, +1)
    submission.set_closing_date(datetime.now(UTC) if new in CLOSED_STATES else None)
    comment = (event.kwargs or {}).get("comment", "") or ""
    record(submission, event.transition.id, comment=comment)
    submission.reindexObject(idxs=["closed", "due_day"])  # closed: no longer due
    mail.queue_status_mail(submission, event.transition.id, comment)


def submission_moved(submission, event):
    if event.object is not submission:
        return  # the office or tenant moved, the counters move with it
    state = api.content.get_state(submission, default=None)
    if IObjectAddedEvent.providedBy(event):
        # the workflow may not have set the initial state yet: a new request is in the initial one
        bump(event.newParent, INITIAL_STATE, +1)
    elif IObjectRemovedEvent.providedBy(event):
        bump(event.oldParent, state, -1)
    else:  # forwarded to another office
        bump(event.oldParent, state, -1)
        bump(event.newParent, state, +1)
