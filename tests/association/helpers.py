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
