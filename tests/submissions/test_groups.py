"""Issue 19, repeating groups: the persons who move, as a field an editor adds in the field
editor (no code), a citizen fills in with as many entries as the form allows (page and REST
``@submit``), and the office reads as a table on the request page, columns per entry in the
export, in the PDF and as a JSON array in the delivery payload. Over the maximum, under the
minimum and an entry without a required sub-field are refused naming the field and the entry;
the legitimate request next to each refusal goes through."""

import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest
import transaction
from plone import api
from plone.supermodel import loadString
from plone.supermodel import serializeSchema

from digitalgemeinde.outbox.payload import as_json
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import groups
from tests.helpers import RestClient
from tests.helpers import browser_for

GROUP = """
    <field name="persons" type="digitalgemeinde.submissions.groups.RepeatingGroup">
      <title>Personen</title>
      <min_length>1</min_length>
      <max_length>3</max_length>
      <add_label>weitere Person hinzufügen</add_label>
      <row>
        <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
        <field name="vorname" type="zope.schema.TextLine"><title>Vorname</title></field>
        <field name="geburtsdatum" type="zope.schema.Date">
          <title>Geburtsdatum</title><required>False</required></field>
        <field name="beziehung" type="zope.schema.TextLine">
          <title>Beziehung</title><required>False</required></field>
      </row>
    </field>"""

MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    {GROUP}
  </schema>
</model>"""

TWO = [
    {"name": "Muster", "vorname": "Anna", "geburtsdatum": "1980-02-01", "beziehung": "Ich"},
    {"name": "Muster", "vorname": "Ben", "beziehung": "Sohn"},
]


@pytest.fixture
def move_form(form):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = MODEL
    transaction.commit()
    return form


def submit(functional, form, persons, language="en"):
    client = RestClient(functional["app"])
    client.headers["Accept-Language"] = language
    return client.post(
        f"{form.absolute_url()}/@submit", {"email": "anna@example.ch", "persons": persons}
    )


def stored(world):
    transaction.begin()
    office = world["liestal-office"]
    found = [obj for obj in office.objectValues() if obj.portal_type == "Submission"]
    return sorted(found, key=lambda obj: obj.submitted)


# The model: the group and its row round-trip through the XML


def test_the_group_round_trips_through_the_model(functional):
    schema = loadString(MODEL).schema
    field = schema["persons"]
    assert groups.is_group(field)
    assert (field.min_length, field.max_length) == (1, 3)
    assert field.add_label == "weitere Person hinzufügen"
    assert [name for name, _sub in field.row_fields] == [
        "name",
        "vorname",
        "geburtsdatum",
        "beziehung",
    ]
    again = loadString(serializeSchema(schema)).schema["persons"]
    assert [(n, s.title, s.required) for n, s in again.row_fields] == [
        (n, s.title, s.required) for n, s in field.row_fields
    ]
    assert (again.max_length, again.add_label) == (3, "weitere Person hinzufügen")


def test_a_row_may_not_hold_a_file_or_a_group(functional):
    bad = GROUP.replace("zope.schema.Date", "plone.namedfile.field.NamedBlobFile")
    with pytest.raises(Exception, match="may not hold a field"):
        loadString(MODEL.replace(GROUP, bad))


# REST @submit


def test_a_citizen_sends_two_persons_over_rest(functional, world, move_form):
    status, body = submit(functional, move_form, TWO)
    assert status == 201, body
    (request,) = stored(world)
    persons = request.values["persons"]
    assert [p["vorname"] for p in persons] == ["Anna", "Ben"]
    assert str(persons[0]["geburtsdatum"]) == "1980-02-01"
    assert persons[1]["geburtsdatum"] is None


def test_over_the_maximum_is_refused_over_rest(functional, world, move_form):
    status, body = submit(functional, move_form, TWO * 2)
    assert status == 400
    (error,) = body["errors"]
    assert error["field"] == "persons"
    assert error["message"] == "Personen: at most 3 entries, 4 were given."
    assert stored(world) == []
    assert submit(functional, move_form, TWO + TWO[:1])[0] == 201  # three: the maximum


def test_over_the_maximum_in_german(functional, world, move_form):
    configure_languages("de")
    transaction.commit()
    status, body = submit(functional, move_form, TWO * 2, "de")
    assert status == 400
    assert body["errors"][0]["message"] == "Personen: höchstens 3 Einträge, 4 wurden angegeben."


def test_an_entry_without_a_required_field_is_refused_naming_it(functional, world, move_form):
    status, body = submit(functional, move_form, [TWO[0], {"name": "Muster", "vorname": ""}])
    assert status == 400
    (error,) = body["errors"]
    assert error["field"] == "persons.1.vorname"
    assert error["message"].startswith("Personen, entry 2, Vorname:")
    assert stored(world) == []
    assert submit(functional, move_form, TWO)[0] == 201


def test_no_entry_and_an_unknown_subfield_are_refused(functional, world, move_form):
    status, body = submit(functional, move_form, [])
    assert status == 400 and body["errors"][0]["field"] == "persons"
    status, body = submit(functional, move_form, [{**TWO[0], "hund": "Bello"}])
    assert status == 400 and "«hund»" in body["errors"][0]["message"]
    assert stored(world) == []


# What the office sees


@pytest.fixture
def delivered(functional, world, move_form):
    status, body = submit(functional, move_form, TWO)
    assert status == 201, body
    return stored(world)[0]


def test_the_request_page_shows_a_table(functional, delivered):
    browser = browser_for(functional["app"], "liestal-clerk")
    browser.open(delivered.absolute_url())
    contents = browser.contents
    assert 'class="table table-sm table-bordered group-entries' in contents, contents
    table = contents[contents.index("group-entries") :]
    table = table[: table.index("</table>")]
    for text in ("Vorname", "Geburtsdatum", "Anna", "Ben", "01.02.1980", "Sohn"):
        assert text in table


def test_the_export_has_columns_per_entry(functional, delivered):
    browser = browser_for(functional["app"], "liestal-clerk")
    browser.open(f"{delivered.__parent__.absolute_url()}/@@inbox-export?format=csv")
    body = browser.contents
    text = (body if isinstance(body, bytes) else body.encode("utf-8")).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    cells = dict(zip(header, row, strict=False))
    assert cells["Personen 1: Vorname"] == "Anna"
    assert cells["Personen 2: Vorname"] == "Ben"
    assert cells["Personen 2: Beziehung"] == "Sohn"
    assert cells["Personen 3: Name"] == "–"  # the form allows three


def test_the_pdf_names_each_person(functional, delivered):
    from pypdf import PdfReader

    browser = browser_for(functional["app"], "liestal-clerk")
    browser.open(f"{delivered.absolute_url()}/@@request.pdf")
    data = browser.contents
    data = data if isinstance(data, bytes) else data.encode("latin-1")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "1. Name: Muster, Vorname: Anna, Geburtsdatum: 01.02.1980" in text
    assert "2. Name: Muster, Vorname: Ben" in text


def test_the_payload_carries_a_json_array(functional, delivered):
    transaction.begin()
    body = json.loads(as_json(delivered, SimpleNamespace(key="key-1")))
    (persons,) = [value for value in body["values"] if value["name"] == "persons"]
    assert persons["value"] == [
        {"name": "Muster", "vorname": "Anna", "geburtsdatum": "1980-02-01", "beziehung": "Ich"},
        {"name": "Muster", "vorname": "Ben", "geburtsdatum": None, "beziehung": "Sohn"},
    ]


# The browser form, without JavaScript


def person(browser, index: int, name: str, vorname: str, born: str = "") -> None:
    prefix = f"form.widgets.persons.{index}.widgets"
    browser.getControl(name=f"{prefix}.name").value = name
    browser.getControl(name=f"{prefix}.vorname").value = vorname
    browser.getControl(name=f"{prefix}.geburtsdatum").value = born


def open_move_form(functional, form):
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    browser.getControl(name="form.widgets.email").value = "anna@example.ch"
    return browser


def test_a_citizen_adds_a_second_person_and_sends(functional, world, move_form):
    browser = open_move_form(functional, move_form)
    assert "Personen: entry 1" in browser.contents and "1 to 3 entries." in browser.contents
    person(browser, 0, "Muster", "Anna", "1980-02-01")
    browser.getControl("weitere Person hinzufügen").click()
    # the page comes back with Anna kept and an empty second entry
    assert browser.getControl(name="form.widgets.persons.0.widgets.vorname").value == "Anna"
    person(browser, 1, "Muster", "Ben")
    browser.getControl(name="form.buttons.submit").click()
    (request,) = stored(world)
    assert [(p["vorname"], p["geburtsdatum"]) for p in request.values["persons"]] == [
        ("Anna", date(1980, 2, 1)),
        ("Ben", None),
    ]


def test_at_the_maximum_the_add_button_is_gone(functional, world, move_form):
    browser = open_move_form(functional, move_form)
    for _number in range(2):
        browser.getControl("weitere Person hinzufügen").click()
    assert browser.getControl(name="form.widgets.persons.count").value == "3"
    assert "weitere Person hinzufügen" not in browser.contents
    # a ticked entry goes, and the button is back
    browser.getControl("Remove entry 3").selected = True
    browser.getControl("Remove the ticked entries").click()
    assert browser.getControl(name="form.widgets.persons.count").value == "2"
    assert "weitere Person hinzufügen" in browser.contents


def post_persons(functional, form, count: int, vorname=("Anna", "Ben", "Cleo", "Dan")):
    """The form's POST with ``count`` entries, as a tampered page would send it."""
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    data = {
        "form.widgets.email": "anna@example.ch",
        "form.widgets.persons.count": str(count),
        "form.buttons.submit": "Submit",
        "_authenticator": browser.getControl(name="_authenticator").value,
    }
    for index in range(count):
        prefix = f"form.widgets.persons.{index}"
        data[f"{prefix}.widgets.name"] = "Muster"
        data[f"{prefix}.widgets.vorname"] = vorname[index]
        data[f"{prefix}-empty-marker"] = "1"
    browser.post(form.absolute_url(), data)
    transaction.begin()
    return browser


def test_over_the_maximum_is_refused_on_the_page(functional, world, move_form):
    browser = post_persons(functional, move_form, 4)
    assert "Personen: at most 3 entries, 4 were given." in browser.contents
    assert stored(world) == []
    post_persons(functional, move_form, 3)
    (request,) = stored(world)
    assert len(request.values["persons"]) == 3


def test_an_entry_without_its_required_field_is_refused_on_the_page(functional, world, move_form):
    browser = post_persons(functional, move_form, 2, vorname=("Anna", ""))
    assert stored(world) == []
    entry = browser.contents[browser.contents.index("form-widgets-persons-1-entry") :]
    assert "Required input is missing." in entry[: entry.index("</fieldset>")]
    post_persons(functional, move_form, 2)
    assert len(stored(world)) == 1


def test_the_page_in_german(functional, world, move_form):
    configure_languages("de")
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.addHeader("Accept-Language", "de")
    browser.open(move_form.absolute_url())
    for text in ("Personen: Eintrag 1", "1 bis 3 Einträge.", "weitere Person hinzufügen"):
        assert text in browser.contents


# The field editor: an editor (no Manager) adds the group and its fields


def test_an_editor_adds_a_group_in_the_field_editor(functional, form):
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(form.absolute_url() + "/fields/@@add-field")
    browser.getControl(name="form.widgets.title").value = "Personen"
    browser.getControl(name="form.widgets.__name__").value = "persons"
    browser.getControl(name="form.widgets.factory:list").value = ["label_repeating_group"]
    browser.getControl(name="form.buttons.add").click()
    browser.open(form.absolute_url() + "/fields/persons")
    columns = browser.getControl(name="form.widgets.columns")
    assert columns.value.splitlines() == ["Name *", "Vorname *", "Geburtsdatum: Datum", "Beziehung"]
    # a kind the field does not know is refused, naming what is allowed
    columns.value = "Name *\nGeburtsdatum: Uhrzeit"
    browser.getControl(name="form.widgets.max_length").value = "4"
    browser.getControl(name="form.buttons.save").click()
    assert "One line per field" in browser.contents
    transaction.begin()
    assert groups.is_group(loadString(form.fields_model).schema["persons"])
    browser.getControl(
        name="form.widgets.columns"
    ).value = "Name *\nVorname *\nGeburtsdatum: Datum *"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    field = loadString(form.fields_model).schema["persons"]
    assert field.max_length == 4 and field.add_label == "weitere Person hinzufügen"
    assert [(name, sub.required) for name, sub in field.row_fields] == [
        ("name", True),
        ("vorname", True),
        ("geburtsdatum", True),
    ]
    assert "<row>" in form.fields_model  # the sub-fields as data in the model, no code


def test_the_upgrade_allows_groups_in_the_field_editor(functional):
    from digitalgemeinde.upgrades.v20261211001_groups import RECORD
    from digitalgemeinde.upgrades.v20261211001_groups import allow_groups

    before = [kind for kind in api.portal.get_registry_record(RECORD) if kind != groups.GROUP_TYPE]
    api.portal.set_registry_record(RECORD, before)  # a site set up before groups
    allow_groups(None)
    after = api.portal.get_registry_record(RECORD)
    assert after == [*before, groups.GROUP_TYPE]
    allow_groups(None)  # twice: no second entry
    assert api.portal.get_registry_record(RECORD) == after


def test_code_in_a_row_is_refused_to_an_editor(functional, form):
    """A group is data; an expression on one of its sub-fields is code like anywhere else."""
    editor = RestClient(functional["app"], "liestal-editor")
    tales = MODEL.replace(
        '<field name="vorname" type="zope.schema.TextLine">',
        '<field name="vorname" type="zope.schema.TextLine" '
        'xmlns:easyform="http://namespaces.plone.org/supermodel/easyform" '
        'easyform:TDefault="python:1">',
    )
    status, body = editor.patch(form.absolute_url(), {"fields_model": tales})
    assert status == 400, body
    assert "vorname" in json.dumps(body)
    status, body = editor.patch(form.absolute_url(), {"fields_model": MODEL})
    assert status == 204, body
    transaction.begin()
    assert groups.is_group(loadString(form.fields_model).schema["persons"])


def test_the_office_reads_the_group_over_rest(functional, delivered):
    clerk = RestClient(functional["app"], "liestal-clerk")
    status, body = clerk.get(delivered.absolute_url())
    assert status == 200, body
    (persons,) = [value for value in body["values"] if value["name"] == "persons"]
    assert persons["value"][0]["geburtsdatum"] == "1980-02-01"
    assert [entry["vorname"] for entry in persons["value"]] == ["Anna", "Ben"]


def test_the_xml_payload_has_an_element_per_entry(functional, delivered):
    from xml.etree import ElementTree as ET

    from digitalgemeinde.outbox.payload import XML_NAMESPACE
    from digitalgemeinde.outbox.payload import as_xml

    transaction.begin()
    root = ET.fromstring(as_xml(delivered, SimpleNamespace(key="key-1")))
    ns = {"d": XML_NAMESPACE}
    group = root.find("d:values/d:group[@name='persons']", ns)
    assert group.get("label") == "Personen"
    entries = group.findall("d:entry", ns)
    assert [e.find("d:value[@name='vorname']", ns).text for e in entries] == ["Anna", "Ben"]
    assert entries[0].find("d:value[@name='geburtsdatum']", ns).text == "1980-02-01"
