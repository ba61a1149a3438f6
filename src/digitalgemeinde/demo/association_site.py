"""Demo data: the association "Digitale Gemeinden BL" with its service catalog, workshops, news
and status page, and the standard services the demo municipalities have adopted.

The data is in ``data/association.yaml`` and ``data/standards.yaml`` (the form templates
composed of the fragments in ``data/fields/``); ``create_association`` (called by
``setup.create_demo_content`` once the canton, the municipalities and their offices exist)
builds it. Like the rest of the demo it creates only what is
missing: a standard service that exists is left as it is, a municipality that has adopted a
standard is not given a second copy.

The standard services go through their workflow as real ones do: the Public Innovator submits,
the association's editor releases with a change note. One is left in draft, one in review and
one retired; "Solaranlage melden" gets a second version after its adoption, so that Liestal and
Reinach are offered an update. Texts are plain German for every municipality: no ``{name}``.
"""

from contextlib import nullcontext
from decimal import Decimal

from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.comments import add_comment
from digitalgemeinde.demo import build
from digitalgemeinde.demo import content
from digitalgemeinde.demo import users
from digitalgemeinde.demo.forms import demo_pdf
from digitalgemeinde.demo.loading import fields_model
from digitalgemeinde.demo.loading import read
from digitalgemeinde.submissions.values import TIMEZONE

_ASSOCIATION = read("association.yaml")
_STANDARDS = read("standards.yaml")

ASSOCIATION = _ASSOCIATION["association"]
CATALOG = _ASSOCIATION["catalog"]
# The workflow of a new standard, by the state the demo leaves it in: (user, transition, note).
WORKFLOW_STEPS = _ASSOCIATION["workflow_steps"]
WORKSHOPS = _ASSOCIATION["workshops"]
ASSOCIATION_NEWS = _ASSOCIATION["news"]
PROJECT_STATUS = {
    **_ASSOCIATION["project_status"],
    "rate": Decimal(_ASSOCIATION["project_status"]["rate"]),
}

STANDARDS = [
    {**spec, "form_template": fields_model(spec["form_template"])}
    for spec in _STANDARDS["standards"]
]
# Released after the adoptions: Liestal and Reinach are offered the update.
NEW_VERSION = {
    **_STANDARDS["new_version"],
    "fields": {
        **_STANDARDS["new_version"]["fields"],
        "form_template": fields_model(_STANDARDS["new_version"]["fields"]["form_template"]),
    },
}
# Municipality -> the standards it has adopted (then published with their forms).
ADOPTIONS = _STANDARDS["adoptions"]

# Keys of the entries above that are not fields of the object.
NOT_FIELDS = frozenset(
    {
        "state",
        "note",
        "retire_note",
        "office",
        "comments",
        "effective",
        "participants",
        "outcomes",
        "material",
        "lines",
        "type",
    }
)


# --- creating --------------------------------------------------------------------------------


def create_association(portal):
    """The association with everything in it, and the adoptions in the demo municipalities."""
    complete_canton(portal.get(content.CANTON["id"]))
    association = build.ensure(portal, "Association", ASSOCIATION["id"], fields(ASSOCIATION))
    if not getattr(aq_base(association), "synonyms", None):  # a site built before the list
        association.synonyms = list(ASSOCIATION["synonyms"])
    # The association's groups exist now (made with it): the users who work on the standards.
    for spec in users.DEMO_USERS:
        if set(spec["groups"]) & set(ASSOCIATION_GROUPS):
            build.ensure_user(spec)
    catalog = build.ensure(association, "ServiceCatalog", CATALOG["id"], fields(CATALOG))
    new = [spec for spec in STANDARDS if spec["id"] not in catalog.objectIds()]
    for spec in new:
        create_standard(catalog, spec)
    adopt_standards(portal, catalog)
    if NEW_VERSION["standard"] in {spec["id"] for spec in new}:
        release_new_version(catalog[NEW_VERSION["standard"]], NEW_VERSION)
    for spec in WORKSHOPS:
        ensure_workshop(portal, association, catalog, spec)
    build.ensure(association, "ProjectStatus", PROJECT_STATUS["id"], fields(PROJECT_STATUS))
    for spec in ASSOCIATION_NEWS:
        ensure_news(association, spec)
    return association


def complete_canton(canton) -> None:
    """The canton's figures for the status page, where nobody has entered them."""
    if canton is None:
        return
    for name in ("municipality_count", "population"):
        if getattr(aq_base(canton), name, None) is None:
            setattr(canton, name, content.CANTON[name])


def fields(spec: dict) -> dict:
    return build.fields_of({k: v for k, v in spec.items() if k not in NOT_FIELDS}, {})


def acting_as(username: str):
    """Act as the demo user ``username`` (the history names them); as now, if they are gone."""
    if api.user.get(username=username) is None:
        return nullcontext()
    return api.env.adopt_user(username=username)


def create_standard(catalog, spec: dict):
    standard = api.content.create(
        container=catalog,
        type="StandardService",
        id=spec["id"],
        **build.typed("StandardService", fields(spec)),
    )
    for username, transition, comment in WORKFLOW_STEPS[spec["state"]]:
        with acting_as(username):
            api.content.transition(
                obj=standard, transition=transition, comment=comment.format(**spec)
            )
    for username, text in spec.get("comments", ()):
        with acting_as(username):
            add_comment(standard, text)
    return standard


def office_of(spec_id: str) -> str:
    return next(spec["office"] for spec in STANDARDS if spec["id"] == spec_id)


def adopt_standards(portal, catalog) -> None:
    """Adopt, publish and put online the standards of ``ADOPTIONS`` that a municipality lacks."""
    for municipality_id, standard_ids in ADOPTIONS.items():
        municipality = portal.get(municipality_id)
        if municipality is None:
            continue
        for standard_id in standard_ids:
            standard = catalog.get(standard_id)
            if standard is None or state_of(standard) != "released":
                continue
            if adopted_in(standard, municipality) is not None:
                continue
            service = adopt(standard, municipality, municipality.get(office_of(standard_id)))
            build.publish(service)
            form = form_of(service)
            if form is not None:
                build.publish(form)


def release_new_version(standard, spec: dict) -> None:
    """Edit the released standard and release the edit as its next version."""
    for name, value in build.typed("StandardService", build.fields_of(spec["fields"], {})).items():
        setattr(standard, name, value)
    standard.reindexObject()
    with acting_as(spec["by"]):
        api.content.transition(obj=standard, transition="release_version", comment=spec["note"])


def ensure_workshop(portal, association, catalog, spec: dict):
    """The workshop ``spec``; a new one is linked to its municipalities and outcomes."""
    existed = spec["id"] in association.objectIds()
    workshop = build.ensure(association, "Workshop", spec["id"], fields(spec))
    if not existed:
        for municipality_id in spec["participants"]:
            if municipality_id in portal.objectIds():
                api.relation.create(
                    source=workshop, target=portal[municipality_id], relationship="participants"
                )
        for standard_id in spec["outcomes"]:
            if standard_id in catalog.objectIds():
                api.relation.create(
                    source=workshop, target=catalog[standard_id], relationship="outcomes"
                )
    for material in spec["material"]:
        values = fields(material)
        if material["type"] == "File":
            values["file"] = NamedBlobFile(
                data=demo_pdf(*material["lines"]),
                filename=material["id"],
                contentType="application/pdf",
            )
        build.ensure(workshop, material["type"], material["id"], values)
    return workshop


def ensure_news(association, spec: dict):
    """The news item ``spec``; a new one is dated ``effective`` (Swiss time) and published."""
    if spec["id"] in association.objectIds():
        return association[spec["id"]]
    item = api.content.create(
        container=association,
        type="News Item",
        id=spec["id"],
        **build.typed("News Item", fields(spec)),
    )
    item.setEffectiveDate(DateTime(spec["effective"].replace(tzinfo=TIMEZONE)))
    build.publish(item)
    item.reindexObject()
    return item
