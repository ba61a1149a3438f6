"""Deliver a request to the office responsible for it.

Used by the easyform action in the browser and by the REST ``@submit`` endpoint alike. In the
request's transaction it makes the Submission (with a fresh reference number) in the office's
inbox and queues the office's notice and the citizen's receipt; mail goes out only when the
transaction commits, so an aborted or retried request leaves neither mail nor record behind.
"""

from dataclasses import dataclass
from datetime import UTC
from datetime import datetime

from collective.easyform.api import get_actions
from collective.easyform.api import get_schema
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.dexterity.utils import createContent
from plone.uuid.interfaces import IUUID
from zope.event import notify
from zope.globalrequest import getRequest
from zope.lifecycleevent import ObjectAddedEvent
from zope.schema import getFieldsInOrder

from digitalgemeinde import _
from digitalgemeinde import outbox
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.emails import is_email
from digitalgemeinde.identity import requirements
from digitalgemeinde.interfaces import IDeliverToOffice
from digitalgemeinde.operation.process import observe_submit
from digitalgemeinde.security.antivirus import flag_unscanned
from digitalgemeinde.submissions import availability
from digitalgemeinde.submissions import duplicates
from digitalgemeinde.submissions import form_versions
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions import store_turn
from digitalgemeinde.submissions import swiss_checks
from digitalgemeinde.submissions.due_dates import due_date
from digitalgemeinde.submissions.log import record
from digitalgemeinde.submissions.reference import next_reference
from digitalgemeinde.submissions.tokens import mint_token
from digitalgemeinde.submissions.values import TIMEZONE
from digitalgemeinde.submissions.values import typed_values
from digitalgemeinde.tenants import tenant_of
from digitalgemeinde.vocabularies.tenant_content import allowed_tenants


class DeliveryError(Exception):
    """The form cannot deliver: say so to the citizen, store nothing."""


@dataclass
class Delivery:
    submission: object
    token: str  # the citizen's capability token; only its hash is stored
    repeated: bool = False  # the same values were just delivered: this is that request

    @property
    def reference(self) -> str:
        return self.submission.reference


def deliver_action(form):
    """The form's "Deliver to office" action, or None."""
    for _name, action in getFieldsInOrder(get_actions(form)):
        if IDeliverToOffice.providedBy(action) and action.required:
            return action
    return None


def linked_service(form):
    """The Service whose online form this is (the first, if several link it)."""
    for relation in api.relation.get(target=form, relationship="online_form", unrestricted=True):
        service = relation.from_object
        if service is not None:
            return service
    return None


def target_office(form, action, service):
    """The office named on the action, else the responsible office of the linked service; it
    must belong to the form's tenant or to that tenant's canton."""
    uid = getattr(action, "office", None)
    office = uuidToObject(uid, unrestricted=True) if uid else None
    if office is None and service is not None and service.responsible_office:
        office = service.responsible_office.to_object
    allowed = {tenant.getPhysicalPath() for tenant in allowed_tenants(form, include_canton=True)}
    tenant = tenant_of(office) if office is not None else None
    if office is None or tenant is None or tenant.getPhysicalPath() not in allowed:
        raise DeliveryError(
            _("This form does not know which office receives it. Please tell the municipality.")
        )
    return office


def add_to_inbox(office, reference: str):
    """Add a new Submission to the office's inbox.

    As api.content.create would, but without marking the office itself modified: reindexing
    the office for every request made concurrent requests to one office conflict.
    """
    submission = createContent("Submission", id=reference, title=reference)
    office._setObject(reference, submission, suppress_events=True)
    submission = office[reference]
    notify(ObjectAddedEvent(submission, office, reference))
    return submission


REQUEST_LANGUAGES = ("de", "fr", "it")  # a request's mails, status page and receipt


def current_language(request=None) -> str:
    """The language the citizen uses the portal in, for everything about their request
    (``request``: the citizen's, when it is not the one being published)."""
    language = request.get("LANGUAGE") if request is not None else None
    if not language:
        has_request = getRequest() is not None
        language = api.portal.get_current_language() if has_request else None
    language = (language or api.portal.get_default_language() or "de")[:2]
    return language if language in REQUEST_LANGUAGES else "de"


def repeated_or_refused(form, key: str, request) -> Delivery | None:
    """In the turn to store: the request made with these values a moment ago, if any; else
    DeliveryError if the form takes no more requests (closed, full: from the newest state,
    so two requests for the last place never both pass); else None."""
    earlier = duplicates.earlier_delivery(form, key)
    if earlier is not None:
        with api.env.adopt_roles(["Manager"]):
            delivery = Delivery(submission=earlier, token=mint_token(earlier), repeated=True)
        request.set("digitalgemeinde.delivery", delivery)
        return delivery
    if not (now := availability.state(form)).is_open:
        raise DeliveryError(now.message())
    return None


@dataclass
class Applicant:
    """Who makes the request, as the submit found them (the login's user, its identification,
    the language): kept with a payment attempt, so a request delivered later on the payment
    provider's word is the one the citizen sent (issue 20)."""

    userid: str | None
    identification: dict | None
    language: str


@dataclass
class Prepared:
    """A request checked and ready to store: its form, values and where it goes."""

    form: object
    data: dict
    values: dict
    key: str
    action: object
    service: object
    office: object
    applicant: Applicant


def prepare(form, data, request, action=None, applicant: Applicant | None = None) -> Prepared:
    """What needs only the form and the citizen's values, checked before anything is stored
    (or paid): the values normalised (+41 61 123 45 67, …), the office (missing: said here), the
    login the form requires. DeliveryError says what is wrong. ``applicant``: who sent it, when
    the request is stored later (paid first); its login was checked when it was sent."""
    data = swiss_checks.normalised(get_schema(form), data)
    action = action or deliver_action(form)
    service = linked_service(form)
    office = target_office(form, action, service)
    if applicant is None:
        if (missing := requirements.check(form, request)) is not None:  # pages, @submit said so
            raise DeliveryError(missing.message())
        user = None if api.user.is_anonymous() else api.user.get_current()
        applicant = Applicant(
            userid=user.getId() if user is not None else None,
            identification=requirements.identification(request, form=form),
            language=current_language(request),
        )
    return Prepared(
        form=form,
        data=data,
        values=typed_values(get_schema(form), data),
        key=duplicates.fingerprint(form, data),
        action=action,
        service=service,
        office=office,
        applicant=applicant,
    )


def deliver(form, data, request, action=None) -> Delivery:
    """Check the request (``prepare``), then store it in the office's inbox (``store``)."""
    return store(prepare(form, data, request, action), request)


def store(prepared: Prepared, request, particulars: dict | None = None) -> Delivery:
    """In the turn to store (one request stores at a time, from the newest state): the
    Submission with its reference, values, log, outbox job and mails. ``particulars``: more
    of the request's particulars (a payment's)."""
    form, office, service = prepared.form, prepared.office, prepared.service
    store_turn.take(form)
    if (earlier := repeated_or_refused(form, prepared.key, request)) is not None:
        return earlier
    tenant = tenant_of(office)
    settings = IRequestForm(form, None)
    now = datetime.now(UTC)  # stored in UTC: zoneinfo objects do not pickle into the ZODB
    email_field = getattr(prepared.action, "email_field", None) or "email"
    email = str(prepared.data.get(email_field) or "").strip()
    applicant = prepared.applicant

    with api.env.adopt_roles(["Manager"]):
        reference = next_reference(tenant, now.astimezone(TIMEZONE).year)
        submission = add_to_inbox(office, reference)
        if not api.user.is_anonymous():  # no local role for whoever stores it
            submission.manage_delLocalRoles([api.user.get_current().getId()])
        if applicant.userid:
            submission.fill_in(submitter_userid=applicant.userid)
        submission.fill_in(
            reference=reference,
            submitter_email=email if is_email(email) else "",
            language=applicant.language,
            submitted=now,
            form_uid=IUUID(form),
            form_title=form.Title(),
            form_model=form.fields_model or "",
            form_version=form_versions.version_for_request(form),
            service_uid=IUUID(service) if service is not None else "",
            service_title=service.Title() if service is not None else form.Title(),
            sensitive=bool(getattr(settings, "sensitive", False)),
            retention_days=getattr(settings, "retention_days", None) or 90,
            identification=applicant.identification,
            **(particulars or {}),
        )
        submission.set_due(due_date(service, now))
        token = mint_token(submission)
        submission.store_values(prepared.values)
        record(submission, "submitted")
        flag_unscanned(submission)  # files accepted while clamd could not scan them
        outbox.enqueue(submission, office, now)  # same transaction: no request without its job
        submission.reindexObject()
        duplicates.remember(form, prepared.key, submission)
        if settings is not None and settings.max_requests:
            availability.count_request(form)  # a write every request of the form conflicts on
    delivery = Delivery(submission=submission, token=token)
    mail.queue_office_notice(submission, office)
    # the receipt page (a later request) promises a mail only if this one was queued
    submission.receipt_mailed = mail.queue_receipt(delivery)
    request.set("digitalgemeinde.delivery", delivery)
    observe_submit(request)  # the submit latency, when this transaction commits
    return delivery
