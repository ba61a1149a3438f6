"""Issue 19: a standard's form template may contain steps (fieldsets), conditions and repeating
groups; adopting it carries them into the municipality's form, and applying a newer release
merges them: a new fieldset with its group arrives whole (the group's own sub-fields stay in
the group), a new field arrives with its condition."""

from collective.easyform.api import get_schema
from plone import api
from zope.schema import getFieldsInOrder

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.template_merge import merge_form
from digitalgemeinde.association.updating import apply_update
from digitalgemeinde.association.updating import merge_template
from digitalgemeinde.association.updating import pending_changes
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.content_types.standard_service import parse_form_template
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


SHOW_DOG_ANY = '{"any": [{"field": "hund", "operator": "is", "value": "Ja"}]}'
GROUP_V3 = TEMPLATE_WITH_STEPS.replace("<max_length>8</max_length>", "<max_length>6</max_length>")
GROUP_V3 = GROUP_V3.replace(
    "</row>",
    '  <field name="beziehung" type="zope.schema.TextLine"><title>Beziehung</title>'
    "<required>False</required></field>\n        </row>",
)
TEMPLATE_V3 = GROUP_V3.replace(f"dg:show-when='{SHOW_DOG}'", f"dg:show-when='{SHOW_DOG_ANY}'")


def test_a_new_release_changes_conditions_and_groups_the_municipality_left_alone():
    merged = merge_form(TEMPLATE_WITH_STEPS, TEMPLATE_V3, TEMPLATE_WITH_STEPS)
    assert merged.added == []
    assert sorted(merged.updated) == ["hund_name", "weitere_personen"]
    schema = parse_form_template(merged.model)
    assert rules_of(schema)["hund_name"].match == "any"
    group = schema["weitere_personen"]
    assert [name for name, _sub in group.row_fields] == ["nachname", "vorname", "beziehung"]
    assert group.max_length == 6
    again = merge_form(merged.model, TEMPLATE_V3, TEMPLATE_V3)  # nothing new: nothing changes
    assert (again.added, again.updated, again.kept) == ([], [], [])


def test_what_the_municipality_changed_stays_and_is_reported_as_kept():
    local = TEMPLATE_WITH_STEPS.replace(f"dg:show-when='{SHOW_DOG}'", "").replace(
        "<max_length>8</max_length>", "<max_length>4</max_length>"
    )
    merged = merge_form(local, TEMPLATE_V3, TEMPLATE_WITH_STEPS)
    schema = parse_form_template(merged.model)
    assert "hund_name" not in rules_of(schema)  # the condition it removed stays removed
    assert schema["weitere_personen"].max_length == 4
    assert "beziehung" in [name for name, _sub in schema["weitere_personen"].row_fields]
    assert merged.kept == ["hund_name"]
    assert merged.updated == ["weitere_personen"]  # its row got the new sub-field


def test_adoption_and_update_carry_the_steps_setting(assoc):
    standard = assoc["standard"]
    with api.env.adopt_roles(["Manager"]):
        standard.form_template = TEMPLATE_WITH_STEPS
        standard.form_as_steps = True
    release(standard, note="Umzug in Schritten", first=False)
    service = adopt(standard, assoc["liestal"], assoc["liestal-office"])
    form = form_of(service)
    assert IRequestForm(form).as_steps is True
    # the next release turns the steps off: taken over, the form was left as adopted
    with api.env.adopt_roles(["Manager"]):
        standard.form_as_steps = False
        standard.form_template = TEMPLATE_V3
    release(standard, note="Ohne Schritte", first=False)
    [setting] = [c for c in pending_changes(service) if c.name == "form_as_steps"]
    assert (setting.old, setting.new, setting.overridden) == (True, False, False)
    done = apply_update(service)
    assert IRequestForm(form).as_steps is False
    assert "form_as_steps" in done["updated"]
    assert sorted(done["form_fields_updated"]) == ["hund_name", "weitere_personen"]


def test_a_steps_setting_changed_here_stays(assoc):
    standard = assoc["standard"]
    service = adopt(standard, assoc["liestal"], assoc["liestal-office"])
    form = form_of(service)
    IRequestForm(form).as_steps = True  # Liestal shows its form as steps on its own
    with api.env.adopt_roles(["Manager"]):
        standard.form_as_steps = True
        standard.form_template = TEMPLATE_WITH_STEPS
    release(standard, note="In Schritten", first=False)
    assert [c.name for c in pending_changes(service) if c.overridden] == ["form_as_steps"]
    with api.env.adopt_roles(["Manager"]):
        standard.form_as_steps = False
    release(standard, note="Wieder ohne Schritte", first=False)
    done = apply_update(service)
    assert IRequestForm(form).as_steps is True and "form_as_steps" not in done["updated"]


def test_an_unchanged_setting_does_not_count_as_a_change_of_an_old_standard(assoc):
    """Releases made before the setting existed hold no value for it: off, as the new one."""
    from digitalgemeinde.association.releases import changed_fields

    old_release = dict(assoc["standard"].latest_release()["fields"])
    old_release.pop("form_as_steps", None)
    now = {**old_release, "form_as_steps": False}
    assert "form_as_steps" not in changed_fields(old_release, now)
