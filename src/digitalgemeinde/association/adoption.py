"""Adopting a released StandardService into a municipality, and updating it to a new version.

Adopting creates a Service linked to the standard and an EasyForm built from the standard's
form template, whose "Deliver to office" action points at the chosen office. The Service keeps
a copy of the release it follows (``standard_release``): fields left empty locally show that
release's text (``effective``), fields filled locally override it. A newer release is offered
as an update with a per-field diff; applying it keeps local overrides and adds new form fields
without removing any (submissions keep their own copy of the form's fields anyway).

Everything is checked before anything is created, and each adoption runs in a savepoint: a
refused or failed adoption leaves nothing behind.
"""

import difflib
from copy import deepcopy
from dataclasses import dataclass
from dataclasses import field
from xml.sax.saxutils import escape

import transaction
from Acquisition import aq_base
from lxml import etree
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.uuid.interfaces import IUUID
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.releases import comparable
from digitalgemeinde.content_types.inheritance import COPIED_FIELDS
from digitalgemeinde.content_types.inheritance import INHERITED_FIELDS
from digitalgemeinde.content_types.inheritance import TAGS
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.inheritance import is_empty
from digitalgemeinde.content_types.service_description import DESCRIPTIVE_FIELDS
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.form_code import refused_in_template
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.interfaces import IStandardService
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenants import canton_of

SUPERMODEL = "http://namespaces.plone.org/supermodel/schema"


class AdoptionError(Exception):
    """Adoption or update refused; ``args[0]`` is the message for the editor."""


@dataclass
class Outcome:
    municipality: object
    service: object = None
    error: Message | str | None = None


@dataclass
class FieldChange:
    name: str
    old: object
    new: object
    overridden: bool
    words: list = field(default_factory=list)  # (kind, text): kind in equal/insert/delete


# --- reading ---------------------------------------------------------------------------------


def is_overridden(service, name: str) -> bool:
    """Whether the service has its own value for ``name`` (an update leaves it alone)."""
    own = getattr(aq_base(service), name, None)
    if name in INHERITED_FIELDS:
        return not is_empty(own)
    release = adopted_release(service)
    if release is None:
        return True
    return comparable(own) != comparable(release["fields"].get(name))


def standard_of(service):
    """The StandardService a service was adopted from (unrestricted), or None."""
    uid = getattr(aq_base(service), "standard_uid", None)
    if not uid:
        return None
    return api.content.get(UID=uid) or unrestricted_by_uid(uid)


def unrestricted_by_uid(uid: str):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def adopted_in(standard, tenant):
    """The Service of ``tenant`` adopted from ``standard``, or None."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Service",
        standard_uid=IUUID(standard),
        path="/".join(tenant.getPhysicalPath()),
    )
    return brains[0]._unrestrictedGetObject() if brains else None


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


def update_available(service) -> dict | None:
    """The newer release of the service's standard, if there is one."""
    release = adopted_release(service)
    standard = standard_of(service)
    if release is None or standard is None:
        return None
    latest = standard.latest_release()
    if latest is None or latest["version"] <= release["version"]:
        return None
    return latest


# --- adopting --------------------------------------------------------------------------------


def actions_model(office_uid: str | None) -> str:
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


def refuse_code(template: str) -> None:
    """The adopted form is made with a Manager's roles: check the adopter's own right to code."""
    refused = refused_in_template(template)
    if refused is not None:
        raise AdoptionError(refused)


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
    follow(service, standard, release)
    api.relation.create(source=service, target=standard, relationship="standard")
    api.relation.create(source=service, target=form, relationship="online_form")
    if office is not None:
        api.relation.create(source=service, target=office, relationship="responsible_office")
    service.reindexObject()
    return service


def follow(service, standard, release: dict) -> None:
    service.standard_uid = IUUID(standard)
    service.standard_version = release["version"]
    service.standard_release = dict(release)


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


# --- updating --------------------------------------------------------------------------------


def plain(value) -> str:
    if isinstance(value, RichTextValue):
        return " ".join(TAGS.sub(" ", value.raw or "").split())
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Words kept, deleted and inserted between two texts, for showing a change inline."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("insert", " ".join(new_words[j1:j2])))
    return parts


def pending_changes(service) -> list[FieldChange]:
    """Per field, what the newer release changes and whether the local value stays."""
    latest = update_available(service)
    if latest is None:
        return []
    adopted = adopted_release(service)["fields"]
    changes = []
    for name in (*DESCRIPTIVE_FIELDS, "form_template"):
        old, new = adopted.get(name), latest["fields"].get(name)
        if comparable(old) == comparable(new):
            continue
        overridden = name != "form_template" and is_overridden(service, name)
        changes.append(FieldChange(name, old, new, overridden, word_diff(plain(old), plain(new))))
    return changes


def template_fields(xml: str) -> list[str]:
    return list(parse_form_template(xml).names())


def form_of(service):
    relation = getattr(aq_base(service), "online_form", None)
    return getattr(relation, "to_object", None) if relation is not None else None


def merge_template(local_xml: str, template_xml: str) -> tuple[str, list[str]]:
    """``local_xml`` with the fields of ``template_xml`` it lacks added (in their fieldset when
    the local form has one of that name); nothing is removed or changed. Returns the new model
    and the names added."""
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False)
    local = etree.fromstring(local_xml.encode("utf-8"), parser)
    template = etree.fromstring(template_xml.encode("utf-8"), parser)
    ns = {"m": SUPERMODEL}
    local_schema = local.find("m:schema", ns)
    template_schema = template.find("m:schema", ns)
    if local_schema is None or template_schema is None:
        raise AdoptionError(_("The form cannot be updated: its field model has no schema."))
    existing = {element.get("name") for element in local_schema.iter(f"{{{SUPERMODEL}}}field")}
    added = []
    for element in template_schema.iter(f"{{{SUPERMODEL}}}field"):
        name = element.get("name")
        if name in existing:
            continue
        parent = element.getparent()
        target = local_schema
        if parent.tag == f"{{{SUPERMODEL}}}fieldset":
            match = local_schema.find(f"m:fieldset[@name='{parent.get('name')}']", ns)
            if match is None:
                match = etree.SubElement(local_schema, parent.tag, dict(parent.attrib))
            target = match
        target.append(deepcopy(element))
        existing.add(name)
        added.append(name)
    merged = etree.tostring(local, encoding="unicode")
    parse_form_template(merged)  # refuse rather than store a model easyform cannot read
    return merged, added


def apply_update(service) -> dict:
    """Bring ``service`` to the latest release: fields it did not override take the new value
    (empty ones show the new text), its form gets the template's new fields. Returns what was
    done: ``{"version", "updated", "kept", "form_fields_added"}``."""
    latest = update_available(service)
    if latest is None:
        raise AdoptionError(_("This service already follows the latest version of its standard."))
    standard = standard_of(service)
    if state_of(standard) == "retired":
        raise AdoptionError(
            _(
                "The standard service «${title}» is retired: there is no update to apply.",
                mapping={"title": standard.title},
            )
        )
    changes = pending_changes(service)
    form = form_of(service)
    merged, added = None, []
    if form is not None and any(change.name == "form_template" for change in changes):
        refuse_code(latest["fields"]["form_template"])
        merged, added = merge_template(form.fields_model, latest["fields"]["form_template"])
    updated, kept = [], []
    for change in changes:
        if change.name == "form_template":
            continue
        if change.overridden:
            kept.append(change.name)
            continue
        if change.name in COPIED_FIELDS:
            setattr(service, change.name, copy_new(change.new))
        updated.append(change.name)
    if merged is not None:
        form.fields_model = merged
        form.reindexObject()
    follow(service, standard, latest)
    service.reindexObject()
    return {
        "version": latest["version"],
        "updated": updated,
        "kept": kept,
        "form_fields_added": added,
    }


def copy_new(value):
    return list(value) if isinstance(value, list | tuple) else value
