"""The canton and the municipalities of the bench sites, with their offices."""

from DateTime import DateTime
from plone import api

from bench import texts
from bench.generation.common import CANTON_ID
from bench.generation.common import seeded
from bench.generation.common import slug
from digitalgemeinde.demo import content as demo_content
from digitalgemeinde.demo.build import fields_of


def municipality_specs(count: int) -> list[dict]:
    """``count`` municipalities: the names of Basel-Landschaft, then numbered ones."""
    rng = seeded(86)
    specs = []
    for index in range(count):
        if index < len(texts.MUNICIPALITY_NAMES):
            name = texts.MUNICIPALITY_NAMES[index]
        else:
            name = f"Gemeinde {index + 1:03d}"
        municipality_id = slug(name)
        postal_code = f"{4101 + index * 4:04d}"[-4:]
        street = texts.STREETS[index % len(texts.STREETS)]
        specs.append(
            {
                "id": municipality_id,
                "title": name,
                "description": f"Gemeinde {name} im Kanton Basel-Landschaft.",
                "authority": f"Gemeinde {name}",
                "bfs_number": 2761 + index,
                "canton": "BL",
                "postal_codes": [postal_code],
                "population": int(300 + rng.paretovariate(1.2) * 900) % 22000 + 250,
                "address": f"Gemeindeverwaltung {name}\n{street} {index % 40 + 1}\n"
                f"{postal_code} {name}",
                "phone": f"+41 61 {900 + index % 99:03d} {index % 90 + 10:02d} 00",
                "email": f"gemeinde@{municipality_id}.example.ch",
                "website": f"https://www.{municipality_id}.example.ch",
                "opening_hours": "Mo-Fr 08.00-11.30 und 14.00-17.00",
            }
        )
    return specs


def ensure(container, portal_type: str, obj_id: str, fields: dict, publisher=None):
    """``obj_id`` in ``container``: created with ``fields`` and published when missing."""
    if obj_id in container.objectIds():
        return container[obj_id], False
    obj = api.content.create(container=container, type=portal_type, id=obj_id, **fields)
    (publisher or publish)(obj)
    return obj, True


def publish(obj) -> None:
    if api.content.get_state(obj, default=None) not in (None, "published"):
        api.content.transition(obj=obj, transition="publish")


def publish_in_bulk(obj) -> None:
    """What the "publish" transition leaves behind (its state, the permissions of that state,
    a reindex) without its catalog search: services and forms are indexed once, at the
    commit, instead of four times each."""
    workflow = api.portal.get_tool("portal_workflow")
    (definition,) = workflow.getWorkflowsFor(obj)
    workflow.setStatusOf(
        definition.getId(),
        obj,
        {
            "action": "publish",
            "review_state": "published",
            "actor": api.user.get_current().getId(),
            "comments": "",
            "time": DateTime(),
        },
    )
    definition.updateRoleMappingsFor(obj)
    obj.reindexObject()


def ensure_canton(portal):
    canton, _created = ensure(portal, "Canton", CANTON_ID, fields_of(demo_content.CANTON, {}))
    for spec in demo_content.CANTON_OFFICES:
        ensure(canton, "Office", spec["id"], fields_of(spec, demo_content.CANTON_VALUES))
    return canton


def ensure_municipality(portal, spec: dict):
    fields = {k: v for k, v in spec.items() if k not in ("id", "authority")}
    municipality, _created = ensure(portal, "Municipality", spec["id"], fields)
    values = {"name": spec["title"], "authority": spec["authority"]}
    for office in demo_content.MUNICIPAL_OFFICES:
        office_fields = fields_of(office, values)
        office_fields.update(
            email=f"{office['id']}@{spec['id']}.example.ch",
            address=spec["address"],
            phone=spec["phone"],
            opening_hours=spec["opening_hours"],
        )
        ensure(municipality, "Office", office["id"], office_fields)
    return municipality
