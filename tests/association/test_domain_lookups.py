"""The association's shared lookups: which association holds an object, the field labels read
from the schemas, and the public functions of the adoption modules."""

import importlib

import pytest
from plone import api
from plone.dexterity.utils import iterSchemataForType
from zope.i18n import translate

from digitalgemeinde.association import association_of
from digitalgemeinde.association.releases import RELEASED_FIELDS
from digitalgemeinde.browser.association.common import field_labels
from digitalgemeinde.content_types.service_description import IServiceDescription
from digitalgemeinde.content_types.standard_service import IStandardServiceSchema


def test_association_of_standard_catalog_and_association(assoc):
    association = assoc["association"]
    assert association_of(assoc["standard"]) is association
    assert association_of(assoc["catalog"]) is association
    assert association_of(association) is association


def test_association_of_a_workshop(assoc):
    with api.env.adopt_roles(["Manager"]):
        workshop = api.content.create(
            assoc["association"], "Workshop", id="workshop", title="Workshop"
        )
    assert association_of(workshop) is assoc["association"]


def test_association_of_content_outside_an_association_is_none(assoc):
    assert association_of(assoc["liestal"]) is None
    assert association_of(assoc["liestal-office"]) is None


def test_field_labels_are_the_schema_titles(assoc):
    labels = field_labels()
    assert set(RELEASED_FIELDS) <= set(labels)
    assert labels["what_it_is"] is IServiceDescription["what_it_is"].title
    assert labels["what_it_is"] == IServiceDescription["what_it_is"].title
    assert labels["form_template"] == IStandardServiceSchema["form_template"].title
    assert labels["office_hint"] == IStandardServiceSchema["office_hint"].title
    behaviours = {
        name: schema[name]
        for schema in iterSchemataForType("StandardService")
        for name in ("title", "description")
        if name in schema
    }
    assert labels["title"] == behaviours["title"].title
    assert labels["description"] == behaviours["description"].title


@pytest.mark.parametrize(
    ("name", "german"),
    [
        ("title", "Titel"),
        ("description", "Beschreibung"),  # plone.basic's title (the edit form's label)
        ("topics", "Themen"),
        ("what_it_is", "Was ist das?"),
        ("fee_amount", "Gebühr in CHF"),
        ("office_hint", "Übliches Amt"),
        ("form_template", "Formularvorlage"),
    ],
)
def test_field_labels_are_translated(assoc, name, german):
    assert translate(field_labels()[name], target_language="de") == german


ADOPTING = (
    "adopt",
    "adoptable_release",
    "allowed_offices",
    "bulk_adopt",
    "check_adoption",
    "office_for",
    "actions_model",
    "Outcome",
)
UPDATING = (
    "apply_update",
    "pending_changes",
    "update_available",
    "merge_template",
    "word_diff",
    "plain",
    "FieldChange",
)
SHARED = (
    "AdoptionError",
    "adopted_in",
    "form_of",
    "standard_of",
    "is_overridden",
    "follow",
    "refuse_code",
)


@pytest.mark.parametrize(
    ("module", "names"),
    [("adopting", ADOPTING), ("updating", UPDATING), ("adoption", SHARED)],
)
def test_adoption_modules_keep_their_public_functions(module, names):
    found = importlib.import_module(f"digitalgemeinde.association.{module}")
    missing = [name for name in names if not hasattr(found, name)]
    assert missing == []
    for name in names:
        assert getattr(found, name).__doc__, f"{module}.{name} has no docstring"
