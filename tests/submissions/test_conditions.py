"""Issue 19, conditions without code: "Hund mitzügeln? Ja → Hundefelder". A field is shown only
when other fields have given values; stored as data in the form's model (never TALES), set by
an editor in the field editor. A hidden field is neither required, nor validated, nor stored,
over the browser form and over REST ``@submit``; its hint says when to fill it in without
JavaScript; a malformed condition is refused naming the field; the JSON schema says it."""

import json

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import conditions
from digitalgemeinde.submissions.values import labelled_values
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import make_request_form

SHOW_DOG = '{"all": [{"field": "hund_mitzuegeln", "operator": "is", "value": "Ja"}]}'
MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:dg="http://namespaces.digitalgemeinde.ch/supermodel/form">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="hund_mitzuegeln" type="zope.schema.Choice"><title>Hund mitzügeln?</title>
      <values><element>Ja</element><element>Nein</element></values></field>
    <field name="hund_name" type="zope.schema.TextLine" dg:show-when='{SHOW_DOG}'>
      <title>Name des Hundes</title></field>
    <field name="hund_geburtsdatum" type="zope.schema.Date" dg:show-when='{SHOW_DOG}'>
      <title>Geburtsdatum des Hundes</title></field>
    <field name="bemerkung" type="zope.schema.TextLine"><title>Bemerkung</title>
      <required>False</required></field>
  </schema>
</model>"""


def make_form(world, model=MODEL):
    """Liestal's request form (linked from its service, delivered to its office), moving."""
    form = make_request_form(world)
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = model
        form.setTitle("Umzug melden")
    transaction.commit()
    return form


@pytest.fixture
def umzug(world):
    return make_form(world)


def stored(world) -> list[dict]:
    transaction.begin()
    office = world["liestal-office"]
    return [o.values for o in office.objectValues() if o.portal_type == "Submission"]


def person(**extra) -> dict:
    return {"name": "Anna Muster", "email": "anna@example.ch", **extra}


# --- the rule ---------------------------------------------------------------------------------


def rule(match, *triples):
    return conditions.Rule(match, tuple(conditions.Condition(*t) for t in triples))


class Schema:
    """A schema's tagged value and nothing else, for the deciding function."""

    def __init__(self, rules):
        self.rules = rules

    def queryTaggedValue(self, key, default=None):  # noqa: N802 (zope.interface)
        return self.rules if key == conditions.SHOW_WHEN_KEY else default


def test_is_is_not_contains_all_any_and_chains():
    rules = {
        "dog": rule("all", ("move_dog", "is", "Ja")),
        "not_dog": rule("all", ("move_dog", "is_not", "Ja")),
        "garden": rule("all", ("notes", "contains", "garten")),
        "pets": rule("all", ("animals", "contains", "Katze")),
        "either": rule("any", ("move_dog", "is", "Ja"), ("animals", "is", "Katze")),
        "both": rule("all", ("move_dog", "is", "Ja"), ("animals", "is", "Katze")),
        "chip": rule("all", ("dog", "is", "Bello")),
        "kids": rule("all", ("has_kids", "is", "Ja")),
    }
    schema = Schema(rules)
    data = {"move_dog": "Nein", "notes": "Mit GARTEN", "animals": {"Katze"}, "dog": "Bello"}
    data["has_kids"] = True
    # a hidden "dog" is not given for "chip", whatever was posted for it
    assert conditions.hidden_fields(schema, data) == {"dog", "both", "chip"}
    data.update(move_dog="Ja", animals=set(), has_kids=False)
    assert conditions.hidden_fields(schema, data) == {"not_dog", "pets", "both", "kids"}


def test_a_malformed_condition_is_refused_naming_the_field():
    def model(show_when):
        return MODEL.replace(SHOW_DOG, show_when, 1)

    conditions.check_model(MODEL)  # the good one passes
    for bad, words in (
        ("{not json", "hund_name"),
        ('{"some": []}', "hund_name"),
        ('{"all": [{"field": "hund_mitzuegeln", "operator": "is"}]}', "hund_name"),
        ('{"all": [{"field": "katze", "operator": "is", "value": "Ja"}]}', "katze"),
        ('{"all": [{"field": "hund_mitzuegeln", "operator": "like", "value": "J"}]}', "like"),
    ):
        with pytest.raises(conditions.ConditionRefused) as refused:
            conditions.check_model(model(bad))
        assert "hund_name" in str(refused.value) and words in str(refused.value)
    # a field that depends on itself, through another
    on_date = '{"all": [{"field": "hund_geburtsdatum", "operator": "is", "value": "x"}]}'
    on_name = '{"any": [{"field": "hund_name", "operator": "is_not", "value": "x"}]}'
    with pytest.raises(conditions.ConditionRefused) as refused:
        conditions.check_model(model(on_date).replace(SHOW_DOG, on_name))
    assert "itself" in str(refused.value) and "hund_geburtsdatum" in str(refused.value)


# --- the browser form -------------------------------------------------------------------------


def fill(browser, **values):
    for name, value in values.items():
        if name == "hund_mitzuegeln":
            browser.getControl(name=f"form.widgets.{name}:list").value = [value]
        else:
            browser.getControl(name=f"form.widgets.{name}").value = value


def test_browser_nein_drops_the_dog_fields_and_ja_requires_them(functional, world, umzug):
    configure_languages("de")
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(umzug.absolute_url())
    # without JavaScript every field is shown, with when to fill it in
    assert "Nur ausfüllen, wenn «Hund mitzügeln?» «Ja» ist." in browser.contents
    assert "data-show-when=" in browser.contents and "conditions.js" in browser.contents
    # Ja: the dog's fields are required
    fill(browser, name="Anna Muster", email="anna@example.ch", hund_mitzuegeln="Ja")
    browser.getControl(name="form.buttons.submit").click()
    assert "Name des Hundes" in browser.contents and "error-summary" in browser.contents
    assert stored(world) == []
    # Nein: not required, and a dog's name posted all the same is not stored
    browser.open(umzug.absolute_url())
    fill(browser, name="Anna Muster", email="anna@example.ch", hund_mitzuegeln="Nein")
    fill(browser, hund_name="Bello", hund_geburtsdatum="kein Datum")
    browser.getControl(name="form.buttons.submit").click()
    assert "error-summary" not in browser.contents
    [values] = stored(world)
    assert values["hund_mitzuegeln"] == "Nein"
    assert "hund_name" not in values and "hund_geburtsdatum" not in values


def test_browser_ja_stores_the_dog(functional, world, umzug):
    browser = browser_for(functional["app"])
    browser.open(umzug.absolute_url())
    fill(browser, name="Anna Muster", email="anna@example.ch", hund_mitzuegeln="Ja")
    fill(browser, hund_name="Bello", hund_geburtsdatum="2020-05-01")
    browser.getControl(name="form.buttons.submit").click()
    [values] = stored(world)
    assert values["hund_name"] == "Bello"


# --- REST -------------------------------------------------------------------------------------


def test_submit_nein_ignores_the_dog_and_ja_requires_it(functional, world, umzug):
    client = RestClient(functional["app"])
    url = f"{umzug.absolute_url()}/@submit"
    status, body = client.post(url, person(hund_mitzuegeln="Ja"))
    assert status == 400
    assert {e["field"] for e in body["errors"]} == {"hund_name", "hund_geburtsdatum"}
    status, body = client.post(
        url, person(hund_mitzuegeln="Nein", hund_name="Bello", hund_geburtsdatum="kein Datum")
    )
    assert status == 201, body
    [values] = stored(world)
    assert "hund_name" not in values and "hund_geburtsdatum" not in values
    # nor shown to the office (the request page, export and PDF read these rows)
    [request] = [o for o in world["liestal-office"].objectValues() if o.portal_type == "Submission"]
    assert "hund_name" not in {row["name"] for row in labelled_values(request)}
    status, body = client.post(
        url, person(hund_mitzuegeln="Ja", hund_name="Rex", hund_geburtsdatum="2020-05-01")
    )
    assert status == 201, body
    assert sorted(v.get("hund_name", "") for v in stored(world)) == ["", "Rex"]


def test_the_json_schema_says_the_condition(functional, umzug):
    status, schema = RestClient(functional["app"]).get(f"{umzug.absolute_url()}/@form-schema")
    assert status == 200, schema
    assert "hund_name" not in schema["required"] and "name" in schema["required"]
    assert schema["properties"]["hund_name"]["x-show-when"] == json.loads(SHOW_DOG)
    condition = {"allOf": [{"properties": {"hund_mitzuegeln": {"const": "Ja"}},
                            "required": ["hund_mitzuegeln"]}]}  # fmt: skip
    assert {"if": condition, "then": {"required": ["hund_name"]}} in schema["allOf"]
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(person(hund_mitzuegeln="Nein"))
    assert not validator.is_valid(person(hund_mitzuegeln="Ja"))
    assert validator.is_valid(
        person(hund_mitzuegeln="Ja", hund_name="Rex", hund_geburtsdatum="2020-05-01")
    )


# --- who sets conditions, on which route --------------------------------------------------------


def test_editor_patch_with_a_malformed_condition_is_refused(functional, world, umzug):
    client = RestClient(functional["app"], "liestal-editor")
    bad = MODEL.replace('"field": "hund_mitzuegeln"', '"field": "katze"', 1)
    status, body = client.patch(umzug.absolute_url(), {"fields_model": bad})
    assert status == 400, body
    assert "hund_name" in json.dumps(body, ensure_ascii=False) and "katze" in str(body)
    transaction.begin()
    assert "katze" not in umzug.fields_model
    # the same editor may store a condition: it is data, not code
    good = MODEL.replace('"value": "Ja"', '"value": "Nein"', 1)
    status, body = client.patch(umzug.absolute_url(), {"fields_model": good})
    assert status == 204, body


def test_editor_sets_a_condition_in_the_field_editor(functional, world):
    model = MODEL.replace(f" dg:show-when='{SHOW_DOG}'", "")
    umzug = make_form(world, model)
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{umzug.absolute_url()}/fields/hund_name")
    browser.getControl(name="form.widgets.IShowWhen.condition_1_field:list").value = [
        "hund_mitzuegeln"
    ]
    browser.getControl(name="form.widgets.IShowWhen.condition_1_operator:list").value = ["is"]
    browser.getControl(name="form.widgets.IShowWhen.condition_1_value").value = "Ja"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert "show-when" in umzug.fields_model, browser.contents[-3000:]
    client = RestClient(functional["app"])
    status, body = client.post(f"{umzug.absolute_url()}/@submit", person(hund_mitzuegeln="Nein"))
    assert status == 400  # hund_geburtsdatum has no condition: still required
    assert {e["field"] for e in body["errors"]} == {"hund_geburtsdatum"}


def test_field_editor_in_german_refuses_a_loop(functional, world):
    configure_languages("de")
    on_name = '{"all": [{"field": "hund_name", "operator": "is", "value": "Bello"}]}'
    model = MODEL.replace(f" dg:show-when='{SHOW_DOG}'", "", 1).replace(SHOW_DOG, on_name)
    umzug = make_form(world, model)
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{umzug.absolute_url()}/fields/hund_name")
    assert (
        "Bedingung 1: Feld" in browser.contents
        and "Dieses Feld nur zeigen, wenn" in browser.contents
    )
    browser.getControl(name="form.widgets.IShowWhen.condition_1_field:list").value = [
        "hund_geburtsdatum"
    ]
    browser.getControl(name="form.widgets.IShowWhen.condition_1_value").value = "2020-05-01"
    browser.getControl(name="form.buttons.save").click()
    assert "kann nicht von sich selbst abhängen" in browser.contents
    transaction.begin()
    assert on_name in umzug.fields_model.replace("&quot;", '"')
    assert umzug.fields_model.count("show-when") == 1


def test_manager_model_editor_refuses_a_malformed_condition(functional, world, umzug):
    browser = browser_for(functional["app"], "admin")
    browser.open(f"{umzug.absolute_url()}/fields/@@modeleditor")
    bad = MODEL.replace('"operator": "is"', '"operator": "ist"', 1)
    browser.getControl(name="source").value = bad
    browser.getControl(name="form.button.save").click()
    assert "«ist»" in browser.contents and "hund_name" in browser.contents
    transaction.begin()
    assert '"ist"' not in umzug.fields_model
    browser.getControl(name="source").value = MODEL.replace('"Ja"', '"Nein"', 1)
    browser.getControl(name="form.button.save").click()
    transaction.begin()
    assert "Nein&quot;" in umzug.fields_model or '"Nein"' in umzug.fields_model


def test_the_demos_umzug_asks_for_the_dog_only_when_it_moves():
    """The demo's «Umzug melden»: «Ein Hund zieht mit» → the dog's name and chip number (its
    fragment writes the condition's braces doubled: the municipality's name is put in)."""
    from digitalgemeinde.demo.forms import REQUEST_FORMS

    [spec] = [form for form in REQUEST_FORMS if form["id"] == "formular-umzug-melden"]
    model = spec["fields_model"].format(name="Liestal")
    conditions.check_model(model)
    show_dog = '{"all": [{"field": "hund", "operator": "is", "value": "Ja"}]}'
    assert model.count(f"dg:show-when='{show_dog}'") == 2
    # a yes/no field: «Ja» is true
    rules = {"hund_name": conditions.parse_rule(show_dog, "hund_name")}
    assert conditions.hidden_fields(Schema(rules), {"hund": False}) == {"hund_name"}
    assert conditions.hidden_fields(Schema(rules), {"hund": True}) == set()


def test_deleting_the_field_a_condition_names_drops_that_condition(functional, world, umzug):
    """In the field editor (which writes the model from the schema): the other conditions and
    fields stay; over REST or XML a model naming a missing field is refused (above)."""
    from collective.easyform.api import get_schema
    from collective.easyform.api import set_fields
    from plone.schemaeditor.interfaces import IEditableSchema

    schema = get_schema(umzug)
    IEditableSchema(schema).removeField("hund_mitzuegeln")
    with api.env.adopt_roles(["Editor"]):
        set_fields(umzug, schema)
    assert "show-when" not in umzug.fields_model
    assert "hund_name" in umzug.fields_model


@pytest.mark.parametrize(
    "language, hint, refusal",
    [
        ("fr", "À remplir seulement si «Hund mitzügeln?» est «Oui».", "que le formulaire n'a pas"),
        ("it", "Da compilare solo se «Hund mitzügeln?» è «Sì».", "che il modulo non ha"),
    ],
)
def test_hint_and_refusal_in_french_and_italian(functional, world, language, hint, refusal):
    configure_languages("de")
    yes_no = MODEL.replace(
        'type="zope.schema.Choice"><title>Hund mitzügeln?</title>\n'
        "      <values><element>Ja</element><element>Nein</element></values></field>",
        'type="zope.schema.Bool"><title>Hund mitzügeln?</title></field>',
    )
    umzug = make_form(world, yes_no)
    browser = browser_for(functional["app"])
    browser.addHeader("Accept-Language", language)
    browser.open(umzug.absolute_url())
    assert hint in browser.contents
    client = RestClient(functional["app"], "liestal-editor")
    client.headers["Accept-Language"] = language
    bad = yes_no.replace('"field": "hund_mitzuegeln"', '"field": "katze"', 1)
    status, body = client.patch(umzug.absolute_url(), {"fields_model": bad})
    assert status == 400 and refusal in json.dumps(body, ensure_ascii=False)
