"""A request form of Liestal's Einwohnerdienste whose fields the login fills in, and the
helpers to fill it in and send it over HTTP (a real browser's form post, without script)."""

import re
from html import unescape

import transaction
from plone import api
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

from tests.request_forms import ACTIONS_MODEL

FIELDS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="vorname" type="zope.schema.TextLine"><title>Vorname</title></field>
    <field name="nachname" type="zope.schema.TextLine"><title>Nachname</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="geburtsdatum" type="zope.schema.Date"><title>Geburtsdatum</title></field>
    <field name="strasse" type="zope.schema.TextLine"><title>Strasse</title>
      <required>False</required></field>
    <field name="ahv" type="zope.schema.TextLine"><title>AHV-Nummer</title>
      <required>False</required></field>
    <field name="hund" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
  </schema>
</model>"""


CLAIMS = [
    "vorname|given_name",
    "nachname|family_name",
    "email|email",
    "geburtsdatum|birthdate",
    "strasse|street",
    "ahv|ahv_number",
]
PURPOSE = "Die Ausgleichskasse verlangt sie für die Hundesteuer."


def add_form(portal, form_id="hund-anmelden-form", claims=CLAIMS, purpose=PURPOSE):
    """A published form of Liestal, linked from its service, delivering to its office."""
    liestal = portal["liestal"]
    office = liestal["einwohnerdienste"]
    service = liestal["hund-anmelden"]
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(
            liestal,
            "EasyForm",
            id=form_id,
            title="Hund anmelden",
            fields_model=FIELDS_MODEL,
            actions_model=ACTIONS_MODEL,
            prefill_claims=list(claims),
            ahv_purpose=purpose,
        )
        api.content.transition(form, "publish")
        intids = getUtility(IIntIds)
        service.responsible_office = RelationValue(intids.getId(office))
        service.online_form = RelationValue(intids.getId(form))
        api.relation.create(source=service, target=office, relationship="responsible_office")
        api.relation.create(source=service, target=form, relationship="online_form")
    transaction.commit()
    return form


INPUT = re.compile(r"<(input|textarea)\b[^>]*>", re.S)


def attributes(tag: str) -> dict:
    return {
        name: unescape(value) for name, value in re.findall(r'\s([a-zA-Z_:.-]+)="([^"]*)"', tag)
    }


def control(html: str, name: str) -> dict | None:
    """The attributes of the input named ``name`` (None if there is none)."""
    for match in INPUT.finditer(html):
        found = attributes(match.group(0))
        if found.get("name") == name:
            return found
    return None


def hidden_fields(html: str) -> dict:
    return {
        each["name"]: each.get("value", "")
        for each in map(attributes, (m.group(0) for m in INPUT.finditer(html)))
        if each.get("type") == "hidden" and each.get("name")
    }


def widget(name: str) -> str:
    return f"form.widgets.{name}"


def submissions(portal) -> list:
    """The requests in Liestal's office, as the server committed them."""
    transaction.begin()
    office = portal["liestal"]["einwohnerdienste"]
    return [each for each in office.objectValues() if each.portal_type == "Submission"]
