"""A new service with its request form, in one step ("Neue Leistung mit Formular").

From the editor's answers (title, short description, topics, responsible office, fee and
processing time, the standard fields the form starts with) it makes, in the tenant:

- the Service, linked to its office and its form,
- its EasyForm ``<service id>-formular`` with the standard fields in the site's language, the
  e-mail field ``email`` for the receipt, the "Purpose and data protection" text from the
  settings, and exactly one action: "Deliver to office" to the chosen office,

both private, for the editor to add fields and publish. Everything is checked before anything
is created, and it is made in a savepoint: a refusal or a failure leaves nothing behind.
The page ``@@new-service`` and the endpoint ``@new-service`` both call ``create``.
"""

from dataclasses import dataclass
from dataclasses import field

import transaction
from AccessControl import getSecurityManager
from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde import _
from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import parse_amount
from digitalgemeinde.association.adopting import allowed_offices
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.submissions import form_starter
from digitalgemeinde.vocabularies.topics import configured_topics

ADD_SERVICE = "digitalgemeinde: Add Service"
TITLE_MAX = 200


class NewServiceRefused(Exception):
    """The answers cannot make a service: ``errors`` maps each field at fault to why."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class NotAllowed(Exception):
    """The user may not add services here."""


@dataclass
class Answers:
    title: str = ""
    description: str = ""
    topics: list = field(default_factory=list)
    office: str = ""  # the UID of the responsible office
    fee_amount: object = None  # a Decimal, or text as a Swiss user writes an amount
    processing_time: str = ""
    standard_fields: list = field(default_factory=lambda: list(form_starter.STANDARD_FIELDS))


@dataclass
class Created:
    service: object
    form: object
    office: object
    fields: list[str]

    @property
    def receipt_by_mail(self) -> bool:
        return form_starter.EMAIL_FIELD in self.fields


def may_add(tenant) -> bool:
    return ITenant.providedBy(tenant) and bool(
        getSecurityManager().checkPermission(ADD_SERVICE, tenant)
    )


def office_by_uid(tenant, uid: str):
    """The office ``uid`` if a service of ``tenant`` may name it (its own or its canton's)."""
    for office in allowed_offices(tenant):
        if IUUID(office, None) == uid:
            return office
    return None


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def check(tenant, answers: Answers) -> dict:
    """The cleaned answers (title, topics, office object, fee, …); NewServiceRefused naming
    every field at fault."""
    errors = {}
    title = (answers.title or "").strip()
    if not title:
        errors["title"] = _("Give the service a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is too long (at most 200 characters).")
    topics = [str(token) for token in as_list(answers.topics)]
    known = {token for token, _de, _fr in configured_topics()}
    unknown = [token for token in topics if token not in known]
    if unknown:
        errors["topics"] = _(
            "Unknown topic: ${topic}.", mapping={"topic": ", ".join(sorted(unknown))}
        )
    elif not topics:
        errors["topics"] = _("Choose at least one topic.")
    office = office_by_uid(tenant, str(answers.office or ""))
    if office is None:
        errors["office"] = _("Choose an office of your municipality or canton.")
    try:
        fee = parse_amount(answers.fee_amount)
    except AmountError as error:
        errors["fee_amount"] = error.message
        fee = None
    standard = as_list(answers.standard_fields)
    if any(key not in form_starter.STANDARD_FIELDS for key in standard):
        errors["standard_fields"] = _("Choose among name, address and e-mail.")
    if errors:
        raise NewServiceRefused(errors)
    return {
        "title": title,
        "description": (answers.description or "").strip(),
        "topics": topics,
        "office": office,
        "fee_amount": fee,
        "processing_time": (answers.processing_time or "").strip() or None,
        "standard_fields": [key for key in form_starter.STANDARD_FIELDS if key in standard],
    }


def create(tenant, answers: Answers) -> Created:
    """The private Service and its private form in ``tenant``, made from ``answers``."""
    if not may_add(tenant):
        raise NotAllowed()
    clean = check(tenant, answers)
    savepoint = transaction.savepoint()
    try:
        # made with the roles needed to create and link it, owned by the current user
        with api.env.adopt_roles(["Manager"]):
            return make(tenant, clean)
    except Exception:
        savepoint.rollback()
        raise


def make(tenant, clean: dict) -> Created:
    language = form_starter.site_language()
    office = clean["office"]
    service = api.content.create(
        container=tenant,
        type="Service",
        title=clean["title"],
        description=clean["description"],
        topics=clean["topics"],
        fee_amount=clean["fee_amount"],
        processing_time=clean["processing_time"],
        safe_id=True,
    )
    form = api.content.create(
        container=tenant,
        type="EasyForm",
        id=f"{service.getId()}-formular",
        safe_id=True,
        title=clean["title"],
        description=clean["description"],
        fields_model=form_starter.fields_model(clean["standard_fields"], language),
        actions_model=form_starter.actions_model(IUUID(office), language),
        includeEmpties=False,
        **form_starter.form_texts(language),
    )
    api.relation.create(source=service, target=office, relationship="responsible_office")
    api.relation.create(source=service, target=form, relationship="online_form")
    service.reindexObject()
    form.reindexObject()
    return Created(
        service=service,
        form=form,
        office=office,
        fields=[spec[0] for key in clean["standard_fields"] for spec in form_starter.FIELDS[key]],
    )


def services_of_form(form) -> list:
    """The services that link to ``form`` as their online form."""
    relations = api.relation.get(target=form, relationship="online_form", unrestricted=True)
    return [relation.from_object for relation in relations if relation.from_object is not None]


def publish_with_service(form) -> list[tuple[object, str]]:
    """Publish ``form`` and the services linking to it, as far as the user may: a reviewer
    publishes, an editor submits them for publication. (object, new state) of each changed."""
    workflow = api.portal.get_tool("portal_workflow")
    changed = []
    for obj in [*services_of_form(form), form]:
        state = api.content.get_state(obj)
        possible = {item["id"] for item in workflow.getTransitionsFor(obj)}
        for transition in ("publish", "submit"):
            if state != "published" and transition in possible:
                api.content.transition(obj, transition)
                changed.append((obj, api.content.get_state(obj)))
                break
    return changed
