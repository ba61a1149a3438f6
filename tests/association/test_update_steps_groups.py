"""Issue 19: a standard's form template may contain steps (fieldsets), conditions and repeating
groups; adopting it carries them into the municipality's form, and applying a newer release
merges them: a new fieldset with its group arrives whole (the group's own sub-fields stay in
the group), a new field arrives with its condition."""

from collective.easyform.api import get_schema
from plone import api
from zope.schema import getFieldsInOrder

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.updating import apply_update
from digitalgemeinde.association.updating import merge_template
from digitalgemeinde.submissions.conditions import rules_of
from digitalgemeinde.submissions.groups import RepeatingGroup
from digitalgemeinde.submissions.steps import steps_of
from tests.association.helpers import TEMPLATE
from tests.association.helpers import release

SHOW_DOG = '{"all": [{"field": "hund", "operator": "is", "value": "Ja"}]}'
TEMPLATE_WITH_STEPS = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:dg="http://namespaces.digitalgemeinde.ch/supermodel/form">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="purpose" type="zope.schema.TextLine"><title>Verwendungszweck</title></field>
    <fieldset name="personen" label="Personen">
      <field name="weitere_personen" type="digitalgemeinde.submissions.groups.RepeatingGroup">
        <title>Weitere Personen, die mitziehen</title>
        <required>False</required>
        <min_length>0</min_length>
        <max_length>8</max_length>
        <add_label>weitere Person hinzufügen</add_label>
        <row>
          <field name="nachname" type="zope.schema.TextLine"><title>Nachname</title></field>
          <field name="vorname" type="zope.schema.TextLine"><title>Vorname</title></field>
        </row>
      </field>
    </fieldset>
    <fieldset name="hund" label="Hund">
      <field name="hund" type="zope.schema.Bool"><title>Ein Hund zieht mit</title>
        <required>False</required></field>
      <field name="hund_name" type="zope.schema.TextLine" dg:show-when='{SHOW_DOG}'>
        <title>Name des Hundes</title></field>
    </fieldset>
  </schema>
</model>"""


def shape(form) -> dict:
    schema = get_schema(form)
    group = schema["weitere_personen"]
    return {
        "fields": [name for name, _field in getFieldsInOrder(schema)],
        "steps": [(step.name, step.fields) for step in steps_of(schema)],
        "group": (type(group), [name for name, _sub in group.row_fields], group.max_length),
        "conditions": sorted(rules_of(schema)),
    }


EXPECTED = {
    "fields": ["name", "email", "purpose", "weitere_personen", "hund", "hund_name"],
    "steps": [
        ("default", ("name", "email", "purpose")),
        ("personen", ("weitere_personen",)),
        ("hund", ("hund", "hund_name")),
    ],
    "group": (RepeatingGroup, ["nachname", "vorname"], 8),
    "conditions": ["hund_name"],
}


def test_merging_adds_a_group_whole_and_never_its_sub_fields_alone():
    merged, added = merge_template(TEMPLATE, TEMPLATE_WITH_STEPS)
    assert added == ["weitere_personen", "hund", "hund_name"]
    assert merged.count('name="nachname"') == 1  # inside the group's row only
    again, added_again = merge_template(merged, TEMPLATE_WITH_STEPS)
    assert added_again == [] and again.count('name="vorname"') == 1


def test_adoption_carries_steps_groups_and_conditions(assoc):
    with api.env.adopt_roles(["Manager"]):
        assoc["standard"].form_template = TEMPLATE_WITH_STEPS
    release(assoc["standard"], note="Umzug in Schritten", first=False)
    service = adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    assert shape(form_of(service)) == EXPECTED


def test_an_update_merges_steps_groups_and_conditions(assoc):
    service = adopt(assoc["standard"], assoc["liestal"], assoc["liestal-office"])
    with api.env.adopt_roles(["Manager"]):
        assoc["standard"].form_template = TEMPLATE_WITH_STEPS
    release(assoc["standard"], note="Umzug in Schritten", first=False)
    apply_update(service)
    assert shape(form_of(service)) == EXPECTED
