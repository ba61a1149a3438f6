"""The demo's data files: every form model is its named fragments' fields, in order, once."""

from lxml import etree

from digitalgemeinde.demo import association_site
from digitalgemeinde.demo import forms
from digitalgemeinde.demo.loading import DATA
from digitalgemeinde.demo.loading import fields_model
from digitalgemeinde.demo.loading import read

NS = {"s": "http://namespaces.plone.org/supermodel/schema"}


# The form's fields, in the schema or in a fieldset (a step); not a repeating group's sub-fields.
FIELDS = "/s:model/s:schema/s:field/@name | /s:model/s:schema/s:fieldset/s:field/@name"


def field_names(xml: str) -> list[str]:
    return etree.fromstring(xml.encode()).xpath(FIELDS, namespaces=NS)


def fragment_names(entries: list) -> list[str]:
    """The fragments of a form's entries: a name, or a fieldset's ``fragments``."""
    return [
        name
        for entry in entries
        for name in ([entry] if isinstance(entry, str) else entry["fragments"])
    ]


def fragment_field_names(names: list) -> list[str]:
    files = [(DATA / "fields" / f"{name}.xml").read_bytes() for name in fragment_names(names)]
    return [n for data in files for n in etree.fromstring(data).xpath(FIELDS, namespaces=NS)]


def test_every_demo_form_has_its_fragments_fields_in_order_and_each_once():
    specs = [
        (spec["fields_model"], form["fields_model"])
        for spec, form in zip(read("forms.yaml")["request_forms"], forms.REQUEST_FORMS, strict=True)
    ]
    specs += [
        (spec["form_template"], standard["form_template"])
        for spec, standard in zip(
            read("standards.yaml")["standards"], association_site.STANDARDS, strict=True
        )
    ]
    specs.append(
        (
            read("standards.yaml")["new_version"]["fields"]["form_template"],
            association_site.NEW_VERSION["fields"]["form_template"],
        )
    )
    for fragments, model in specs:
        names = field_names(model)
        assert names == fragment_field_names(fragments)
        assert len(names) == len(set(names)), fragments


def test_shared_fields_are_written_once_and_reach_every_form_that_names_them():
    person = fragment_field_names(["person"])
    for form in forms.REQUEST_FORMS:
        assert [n for n in field_names(form["fields_model"]) if n in person] == person
    remarks = [form["id"] for form in forms.REQUEST_FORMS if "bemerkungen" in form["fields_model"]]
    assert remarks == ["formular-wohnsitzbestaetigung", "formular-hund-anmelden"]


def test_a_fragment_file_laid_out_by_zpretty_gives_start_tags_on_one_line():
    written = (DATA / "fields" / "contact.xml").read_text(encoding="utf-8")
    assert '<field name="vorname"\n' in written  # the file as zpretty lays it out
    model = fields_model(["contact"])
    assert '    <field name="vorname" type="zope.schema.TextLine">\n' in model
    assert not model.startswith("<?xml")
    assert field_names(model) == ["vorname", "nachname", "email", "telefon"]


def test_a_fieldset_entry_puts_its_fragments_fields_into_one_fieldset():
    model = fields_model(
        ["umzug", {"fieldset": "personen", "label": "Personen", "fragments": ["person"]}]
    )
    fieldset = etree.fromstring(model.encode()).xpath("/s:model/s:schema/s:fieldset", namespaces=NS)
    assert [(f.get("name"), f.get("label")) for f in fieldset] == [("personen", "Personen")]
    assert fieldset[0].xpath("s:field/@name", namespaces=NS) == fragment_field_names(["person"])
    assert field_names(model)[:2] == ["art", "umzugsdatum"]
