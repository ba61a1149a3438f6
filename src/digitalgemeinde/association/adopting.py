"""Adopting a released StandardService into a municipality, one or many at once.

Adopting creates a Service linked to the standard and an EasyForm built from the standard's
form template, whose "Deliver to office" action points at the chosen office. The Service keeps
a copy of the release it follows (``standard_release``): fields left empty locally show that
release's text (``effective``), fields filled locally override it.

Everything is checked before anything is created, and each adoption runs in a savepoint: a
refused or failed adoption leaves nothing behind.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

import transaction
from plone import api
from plone.uuid.interfaces import IUUID
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import SUPERMODEL
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import follow
from digitalgemeinde.association.adoption import refuse_code
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.interfaces import IStandardService
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import canton_of


@dataclass
class Outcome:
    """What adopting into one municipality came to: the new service, or the refusal."""

    municipality: object
    service: object = None
    error: Message | str | None = None


def adoptable_release(standard) -> dict:
    """The release to adopt; AdoptionError when the standard is not released (any more)."""
    state = state_of(standard)
    if state == "retired":
        raise AdoptionError(
            _(
                "The standard service «${title}» is retired and can no longer be adopted.",
                mapping={"title": standard.title},
            )
        )
    release = standard.latest_release()
    if state != "released" or release is None:
        raise AdoptionError(
            _(
                "The standard service «${title}» has not been released yet: only released "
                "standard services can be adopted.",
                mapping={"title": standard.title},
            )
        )
    return release


def actions_model(office_uid: str | None) -> str:
    """The actions model of an adopted form: one "Deliver to office" action (to the office)."""
    office = f"\n      <office>{escape(office_uid)}</office>" if office_uid else ""
    return (
        f'<model xmlns="{SUPERMODEL}">\n  <schema>\n'
        '    <field name="deliver" type="digitalgemeinde.submissions.action.DeliverToOffice">\n'
        f"      <title>Zustellung an Amt</title>{office}\n"
        "      <email_field>email</email_field>\n"
        "    </field>\n  </schema>\n</model>\n"
    )


def allowed_offices(municipality) -> list:
    """Offices a service of ``municipality`` may name: its own and its canton's."""
    offices = list(offices_of(municipality))
    canton = canton_of(municipality)
    if canton is not None:
        offices.extend(offices_of(canton))
    return offices


def check_adoption(standard, municipality, office) -> dict:
    """The release to adopt; AdoptionError naming the first reason it cannot be adopted."""
    if not IStandardService.providedBy(standard):
        raise AdoptionError(_("Only standard services can be adopted."))
    if not IMunicipality.providedBy(municipality):
        raise AdoptionError(_("Standard services are adopted into a municipality."))
    release = adoptable_release(standard)
    existing = adopted_in(standard, municipality)
    if existing is not None:
        raise AdoptionError(
            _(
                "${municipality} has already adopted «${title}»: ${url}",
                mapping={
                    "municipality": municipality.title,
                    "title": standard.title,
                    "url": existing.absolute_url(),
                },
            )
        )
    if office is not None:
        allowed = {IUUID(item) for item in allowed_offices(municipality)}
        if IUUID(office, None) not in allowed:
            raise AdoptionError(
                _(
                    "The office «${office}» is neither an office of ${municipality} nor of "
                    "its canton.",
                    mapping={"office": office.title, "municipality": municipality.title},
                )
            )
    try:
        parse_form_template(release["fields"]["form_template"])
    except InvalidFormTemplate as error:
        raise AdoptionError(error.doc()) from error
    refuse_code(release["fields"]["form_template"])
    return release


def adopt(standard, municipality, office=None):
    """Adopt ``standard`` into ``municipality``: a private Service and its private form.

    The caller checks that the user may add services to ``municipality``; the content is made
    with the roles needed to create and link it, owned by the current user.
    """
    release = check_adoption(standard, municipality, office)
    savepoint = transaction.savepoint()
    try:
        with api.env.adopt_roles(["Manager"]):
            return create_adopted(standard, release, municipality, office)
    except Exception:
        savepoint.rollback()
        raise


def create_adopted(standard, release: dict, municipality, office):
    """The Service and its form made from ``release``, linked to the standard and the office."""
    fields = release["fields"]
    service = api.content.create(
        container=municipality,
        type="Service",
        id=standard.getId(),
        safe_id=True,
        title=fields["title"],
        topics=list(fields["topics"] or []),
        audience=list(fields["audience"] or []),
        ech0070_id=fields.get("ech0070_id"),
    )
    form = api.content.create(
        container=municipality,
        type="EasyForm",
        id=f"{service.getId()}-formular",
        safe_id=True,
        title=fields["title"],
        description=fields.get("description") or "",
        fields_model=fields["form_template"],
        actions_model=actions_model(IUUID(office) if office is not None else None),
        includeEmpties=False,
    )
    IRequestForm(form).as_steps = bool(fields.get("form_as_steps"))
    follow(service, standard, release)
    api.relation.create(source=service, target=standard, relationship="standard")
    api.relation.create(source=service, target=form, relationship="online_form")
    if office is not None:
        api.relation.create(source=service, target=office, relationship="responsible_office")
    service.reindexObject()
    return service


def office_for(municipality, hint: str | None):
    """The office a bulk adoption picks: the one named like ``hint``, else the only one."""
    offices = list(offices_of(municipality))
    if hint:
        wanted = hint.strip().lower()
        named = [office for office in offices if wanted in (office.title or "").lower()]
        if len(named) == 1:
            return named[0]
    return offices[0] if len(offices) == 1 else None


def bulk_adopt(standard, municipalities) -> list[Outcome]:
    """Adopt ``standard`` into each municipality as a private draft; one refusal does not stop
    the others (each is checked and made on its own)."""
    outcomes = []
    for municipality in municipalities:
        office = office_for(municipality, getattr(standard, "office_hint", None))
        try:
            service = adopt(standard, municipality, office)
        except AdoptionError as error:
            outcomes.append(Outcome(municipality, error=error.args[0]))
        else:
            outcomes.append(Outcome(municipality, service=service))
    return outcomes
