"""Issue 19, steps together with the other parts of a form: a condition on a field of an
earlier step is decided from the draft (the step leaves the field out, and a step with nothing
left to ask is passed over), and a repeating group (the persons who move) on a step keeps its
entries between the steps and the summary."""

import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from tests.submissions.test_steps import citizen
from tests.submissions.test_steps import fill
from tests.submissions.test_steps import press
from tests.submissions.test_steps import requests_in

SHOW_DOG = '{"all": [{"field": "hund_mitzuegeln", "operator": "is", "value": "Ja"}]}'
CONDITION_MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:dg="http://namespaces.digitalgemeinde.ch/supermodel/form">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="hund_mitzuegeln" type="zope.schema.Choice"><title>Hund mitzügeln?</title>
      <values><element>Ja</element><element>Nein</element></values></field>
    <fieldset name="hund" label="Ihr Hund">
      <field name="hund_name" type="zope.schema.TextLine" dg:show-when='{SHOW_DOG}'>
        <title>Name des Hundes</title></field>
      <field name="bemerkung" type="zope.schema.TextLine"><title>Bemerkung</title>
        <required>False</required></field>
    </fieldset>
  </schema>
</model>"""


def first_step_filled_in(form, functional):
    """The citizen on step 1 of CONDITION_MODEL shown as steps, name and e-mail filled in."""
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = CONDITION_MODEL
        form.as_steps = True
    configure_languages("de")
    transaction.commit()
    browser = citizen(functional["app"], form)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    return browser


def test_a_condition_on_a_field_of_an_earlier_step(form, world, functional):
    browser = first_step_filled_in(form, functional)
    browser.getControl(name="form.widgets.hund_mitzuegeln:list").value = ["Nein"]
    press(browser, "next")
    assert 'name="form.widgets.hund_name"' not in browser.contents  # no dog: not asked
    press(browser, "next")
    assert browser.url.endswith("?step=summary")
    assert "Name des Hundes" not in browser.contents
    browser.getLink(url="?step=1#form-widgets-name").click()
    browser.getControl(name="form.widgets.hund_mitzuegeln:list").value = ["Ja"]
    press(browser, "next")
    press(browser, "next")  # now the dog's name is asked for, and required
    assert 'id="error-summary"' in browser.contents and "Name des Hundes" in browser.contents
    fill(browser, hund_name="Bello")
    press(browser, "next")
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert submission.values["hund_name"] == "Bello"


def test_a_step_that_asks_nothing_is_passed_over(form, world, functional):
    model = CONDITION_MODEL.replace(
        """      <field name="bemerkung" type="zope.schema.TextLine"><title>Bemerkung</title>
        <required>False</required></field>
    </fieldset>""",
        """    </fieldset>
    <fieldset name="rest" label="Weiteres">
      <field name="bemerkung" type="zope.schema.TextLine"><title>Bemerkung</title>
        <required>False</required></field>
    </fieldset>""",
    )
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = model
        form.as_steps = True
    configure_languages("de")
    transaction.commit()
    browser = citizen(functional["app"], form)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    browser.getControl(name="form.widgets.hund_mitzuegeln:list").value = ["Nein"]
    press(browser, "next")  # no dog: the dog's step is passed over
    assert browser.url.endswith("?step=3")
    assert "Schritt 3 von 3: Weiteres" in browser.contents
    press(browser, "back")
    assert browser.url.endswith("?step=1")
    browser.getControl(name="form.widgets.hund_mitzuegeln:list").value = ["Ja"]
    press(browser, "next")
    assert browser.url.endswith("?step=2")
    assert 'name="form.widgets.hund_name"' in browser.contents


GROUP_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <fieldset name="personen" label="Wer zieht um?">
      <field name="persons" type="digitalgemeinde.submissions.groups.RepeatingGroup">
        <title>Personen</title>
        <min_length>1</min_length>
        <max_length>3</max_length>
        <add_label>weitere Person hinzufügen</add_label>
        <row>
          <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
          <field name="vorname" type="zope.schema.TextLine"><title>Vorname</title></field>
        </row>
      </field>
    </fieldset>
  </schema>
</model>"""


def person(browser, index: int, name: str, vorname: str) -> None:
    prefix = f"form.widgets.persons.{index}.widgets"
    browser.getControl(name=f"{prefix}.name").value = name
    browser.getControl(name=f"{prefix}.vorname").value = vorname


def test_a_repeating_group_on_a_step(form, world, functional):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = GROUP_MODEL
        form.as_steps = True
    configure_languages("de")
    transaction.commit()
    browser = citizen(functional["app"], form)
    fill(browser, email="anna@example.ch")
    press(browser, "next")
    person(browser, 0, "Muster", "Anna")
    browser.getControl("weitere Person hinzufügen").click()  # the step again, Anna kept
    assert browser.url.endswith("?step=2")
    assert browser.getControl(name="form.widgets.persons.0.widgets.vorname").value == "Anna"
    person(browser, 1, "Muster", "Ben")
    press(browser, "next")
    assert browser.url.endswith("?step=summary")
    assert "Anna" in browser.contents and "Ben" in browser.contents
    # a table of the entries with the sub-fields' labels, not their names
    assert 'class="table table-sm table-bordered group-entries mb-0"' in browser.contents
    assert '<th scope="col">Vorname</th>' in browser.contents
    assert "vorname:" not in browser.contents
    press(browser, "back")  # both entries again, from the draft
    assert browser.getControl(name="form.widgets.persons.1.widgets.vorname").value == "Ben"
    press(browser, "next")
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert [p["vorname"] for p in submission.values["persons"]] == ["Anna", "Ben"]


def test_a_draft_saved_on_a_step_resumes_on_that_step(form, world, functional):
    """The resume link leads to the furthest step reached (the address counts from 1), with
    the values of the steps before it."""
    from digitalgemeinde.submissions import drafts

    browser = first_step_filled_in(form, functional)
    browser.getControl(name="form.widgets.hund_mitzuegeln:list").value = ["Ja"]
    press(browser, "next")
    assert browser.url.endswith("?step=2")
    fill(browser, hund_name="Bello")
    press(browser, "save_draft")
    (draft,) = drafts.storage().drafts.values()
    token = drafts.mint_resume_token(draft)
    transaction.commit()

    elsewhere = citizen(functional["app"], form)  # another device: no cookie
    elsewhere.open(f"{api.portal.get().absolute_url()}/@@draft-resume?token={token}")
    assert elsewhere.url.endswith("?step=2")
    assert elsewhere.getControl(name="form.widgets.hund_name").value == "Bello"
    elsewhere.getLink(url="?step=1").click()
    assert elsewhere.getControl(name="form.widgets.name").value == "Anna Muster"
