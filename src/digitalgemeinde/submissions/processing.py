"""The office at work on a request: workflow steps with their comment and result document,
internal notes, and forwarding to another office.

The request page and the specialist application's ``@status-update`` take steps through
``take_step``; the page adds notes and forwards through ``add_note`` and ``forward_request``.
Each refuses with ``ProcessingRefused`` (its ``message`` says why) and then has changed nothing.
The caller has checked that the user may process the request.
"""

from datetime import UTC
from datetime import datetime

from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.submissions.access_log import FORWARD
from digitalgemeinde.submissions.access_log import record_access
from digitalgemeinde.submissions.forwarding import forward
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_filename
from digitalgemeinde.submissions.limits import scan_upload
from digitalgemeinde.submissions.log import actor_id
from digitalgemeinde.submissions.safe_names import safe_content_type
from digitalgemeinde.submissions.safe_names import safe_filename
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT
from digitalgemeinde.submissions.workflow import RESULT_TRANSITIONS
from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import tenant_of

RESULT_LIMIT = 10 * 1024 * 1024  # bytes
NOTE_LIMIT = 10_000  # characters


class ProcessingRefused(ValueError):
    """Nothing was changed; ``message`` (a Message or text) says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class StepNotPossible(ProcessingRefused):
    """The transition is not one the request's state offers."""

    def __init__(self, transition: str, state: str, possible: list[str]):
        super().__init__(_("This step is not possible in the current state: nothing was changed."))
        self.transition = transition
        self.state = state
        self.possible = possible


class StepRefused(ProcessingRefused):
    """The step needs a comment, or the workflow refused it (its subscribers' reason)."""


def possible_steps(submission) -> list[dict]:
    """The workflow's transitions the current user may take now (``id`` and ``title``)."""
    return api.portal.get_tool("portal_workflow").getTransitionsFor(submission)


def take_step(submission, transition: str, comment: str = "", upload=None) -> None:
    """Take ``transition`` with ``comment``; a step that takes a result document attaches
    ``upload`` (a file upload; none, or one without a name, attaches nothing).

    Refuses a step the state does not offer (``StepNotPossible``), one without the comment the
    workflow table asks for or one the workflow refuses (``StepRefused``), and a result document
    that is not acceptable (``ProcessingRefused``, see ``read_result``).
    """
    possible = [item["id"] for item in possible_steps(submission)]
    if transition not in possible:
        state = api.content.get_state(submission, default="")
        raise StepNotPossible(transition, state, possible)
    if transition in NEEDS_COMMENT and not comment.strip():
        raise StepRefused(NEEDS_COMMENT[transition])
    result = None
    if transition in RESULT_TRANSITIONS and getattr(upload, "filename", None):
        result = read_result(upload)
    workflow = api.portal.get_tool("portal_workflow")
    try:
        workflow.doActionFor(submission, transition, comment=comment)
    except WorkflowException as error:  # a subscriber refused: its reason is a Message
        reason = error.args[0] if error.args else ""
        raise StepRefused(reason if isinstance(reason, Message) else str(reason)) from error
    if result is not None:
        submission.attach_result(result)
        flag_unscanned(submission)


def read_result(upload) -> NamedBlobFile:
    """The result document the clerk uploaded, checked (name, size, virus scan) and named
    safely; ``ProcessingRefused`` when it cannot be kept."""
    try:
        check_filename(upload.filename, _("Result document"))
    except UploadRefused as refused:
        raise ProcessingRefused(refused.message) from refused
    data = upload.read(RESULT_LIMIT + 1)
    if len(data) > RESULT_LIMIT:
        raise ProcessingRefused(_("The result document is larger than 10 MB: nothing was changed."))
    if not data:
        raise ProcessingRefused(_("The result document is empty: nothing was changed."))
    try:
        scan_upload(upload.filename, data, _("Result document"))
    except UploadRefused as refused:
        raise ProcessingRefused(refused.message) from refused
    headers = getattr(upload, "headers", None)
    content_type = headers.get("content-type", "") if headers is not None else ""
    return NamedBlobFile(
        data=data,
        filename=safe_filename(upload.filename),
        contentType=safe_content_type(content_type) if content_type else "",
    )


def add_note(submission, text: str) -> dict:
    """Add the office's internal note, by the current user, now; returns it. Refuses an empty
    note and one over ``NOTE_LIMIT`` characters."""
    if not text:
        raise ProcessingRefused(_("Write the note first."))
    if len(text) > NOTE_LIMIT:
        raise ProcessingRefused(_("The note is too long (at most 10,000 characters)."))
    return submission.add_note(text, actor_id(), datetime.now(UTC))


def forward_targets(submission) -> list[dict]:
    """``[{tenant, offices: [{uid, title}]}]``: the other offices of the request's tenant, then
    those of its canton, then those of every other tenant (by title)."""
    catalog = api.portal.get_tool("portal_catalog")
    here = "/".join(submission.__parent__.getPhysicalPath())
    tenants = {
        brain.getPath(): brain.Title
        for brain in catalog.unrestrictedSearchResults(portal_type=["Canton", "Municipality"])
    }
    groups: dict[str, list] = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="Office", sort_on="sortable_title"):
        path = brain.getPath()
        if path == here:
            continue
        owners = [tenant for tenant in tenants if path.startswith(tenant + "/")]
        if owners:
            groups.setdefault(max(owners, key=len), []).append(
                {"uid": brain.UID, "title": brain.Title}
            )
    tenant = tenant_of(submission)
    canton = canton_of(tenant)
    first = ["/".join(item.getPhysicalPath()) for item in (tenant, canton) if item is not None]
    order = list(dict.fromkeys(first)) + sorted(
        (path for path in groups if path not in first), key=lambda path: tenants[path].lower()
    )
    return [{"tenant": tenants[path], "offices": groups[path]} for path in order if path in groups]


def forward_request(submission, office_uid: str, reason: str):
    """Forward the request to the office ``office_uid`` (one of ``forward_targets``) with
    ``reason``; returns that office. Refuses another office and a missing reason."""
    allowed = {
        office["uid"] for group in forward_targets(submission) for office in group["offices"]
    }
    if office_uid not in allowed:
        raise ProcessingRefused(_("Choose the office to forward the request to."))
    if not reason:
        raise ProcessingRefused(_("Forwarding needs a reason."))
    target = uuidToObject(office_uid, unrestricted=True)
    if target is None or not IOffice.providedBy(target):
        raise ProcessingRefused(_("Choose the office to forward the request to."))
    record_access(submission, None, FORWARD)  # in the access log of the tenant it leaves
    forward(submission, target, reason)
    return target
