"""An association with a service catalog and standard services, on top of the tenant world."""

import transaction
from plone import api
from plone.app.textfield.value import RichTextValue

from tests.helpers import create_user

TEMPLATE = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="purpose" type="zope.schema.TextLine"><title>Verwendungszweck</title></field>
  </schema>
</model>"""

TEMPLATE_V2 = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="copies" type="zope.schema.Int"><title>Anzahl Exemplare</title>
      <required>False</required></field>
  </schema>
</model>"""


def html(text: str) -> RichTextValue:
    return RichTextValue(text, "text/html", "text/x-html-safe")


def make_standard(catalog, id_="wohnsitzbestaetigung", **fields):
    values = {
        "title": "Wohnsitzbestätigung bestellen",
        "description": "Bestätigung Ihres Wohnsitzes für Arbeitgeber oder Behörden.",
        "topics": ["personal"],
        "audience": ["private"],
        "what_it_is": html("<p>Die Bestätigung nennt Ihre Adresse.</p>"),
        "fees_text": "CHF 20.– pro Exemplar",
        "processing_time": "3 Arbeitstage",
        "office_hint": "Einwohnerdienste",
        "form_template": TEMPLATE,
    }
    values.update(fields)
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(catalog, "StandardService", id=id_, **values)


def release(standard, note="Erste Version", first=True):
    with api.env.adopt_roles(["Manager"]):
        if first:
            api.content.transition(standard, "submit")
            api.content.transition(standard, "release", comment=note)
        else:
            api.content.transition(standard, "release_version", comment=note)


def build_association(portal, world, *, commit=True):
    """Association "Digitale Gemeinden BL" (canton BL) with a catalog, one released standard
    service, a status page and users of both association groups; adds them to ``world``."""
    with api.env.adopt_roles(["Manager"]):
        association = api.content.create(
            portal, "Association", id="verband", title="Digitale Gemeinden BL", canton="BL"
        )
        api.content.transition(association, "publish")
        catalog = api.content.create(
            association, "ServiceCatalog", id="leistungskatalog", title="Leistungskatalog"
        )
        api.content.transition(catalog, "publish")
    standard = make_standard(catalog)
    release(standard)
    world.update(association=association, catalog=catalog, standard=standard)
    for username, groups in (
        ("verband-editor", ["association-editors"]),
        ("innovator", ["public-innovators"]),
    ):
        if api.user.get(username=username) is None:
            create_user(username, groups)
    if commit:
        transaction.commit()
    return world


def publish(*objs):
    with api.env.adopt_roles(["Manager"]):
        for obj in objs:
            api.content.transition(obj, "publish")


def retire(standard, note="Ersetzt"):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(standard, "retire", comment=note)


def build_known_figures(world):
    """Known numbers on top of the association: canton BL of 86 municipalities and 300000
    inhabitants; Liestal 15000, Allschwil 21000 inhabitants; a status page (CHF 2.50 per
    inhabitant, 2026-2028, target 80 %); a canton BS with Riehen, which takes no part.

    Standards: "wohnsitz" and "heimatschein" released, "adressauskunft" retired (after Liestal
    adopted it), "entwurf" a draft, "pruefung" in review. Liestal offers both released ones
    online (service and form published); Allschwil offers "wohnsitz" online and "heimatschein"
    published with its form still private (so not online)."""
    from decimal import Decimal

    from digitalgemeinde.association.adopting import adopt
    from digitalgemeinde.association.adoption import form_of

    association = world["association"]
    with api.env.adopt_roles(["Manager"]):
        world["bl"].municipality_count = 86
        world["bl"].population = 300000
        world["liestal"].population = 15000
        world["allschwil"].population = 21000
        world["status"] = api.content.create(
            association,
            "ProjectStatus",
            id="projektstand",
            title="Projektstand",
            rate=Decimal("2.50"),
            first_year=2026,
            last_year=2028,
            target_percent=80,
        )
        bs = api.content.create(
            api.portal.get(),
            "Canton",
            id="bs",
            title="Basel-Stadt",
            abbreviation="BS",
            canton_number=12,
            municipality_count=3,
            population=200000,
        )
        world["riehen"] = api.content.create(
            api.portal.get(),
            "Municipality",
            id="riehen",
            title="Riehen",
            bfs_number=2703,
            canton="BS",
            postal_codes=["4125"],
            population=21000,
        )
        world["bs"] = bs
    catalog = world["catalog"]
    world["wohnsitz"] = world["standard"]
    world["heimatschein"] = make_standard(
        catalog, id_="heimatschein", title="Heimatschein bestellen"
    )
    release(world["heimatschein"])
    world["adressauskunft"] = make_standard(
        catalog, id_="adressauskunft", title="Adressauskunft verlangen"
    )
    release(world["adressauskunft"])
    world["entwurf"] = make_standard(catalog, id_="entwurf", title="Entwurf")
    world["pruefung"] = make_standard(catalog, id_="pruefung", title="In Prüfung")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(world["pruefung"], "submit")
    for tenant, key, online in (
        ("liestal", "wohnsitz", True),
        ("liestal", "heimatschein", True),
        ("liestal", "adressauskunft", True),
        ("allschwil", "wohnsitz", True),
        ("allschwil", "heimatschein", False),
    ):
        service = adopt(world[key], world[tenant], world[f"{tenant}-office"])
        publish(service)
        if online:
            publish(form_of(service))
        world[f"{tenant}-{key}"] = service
    retire(world["adressauskunft"])
    return world
