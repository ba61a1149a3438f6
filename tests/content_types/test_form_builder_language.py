"""The form builder speaks the editor's language: the field and action editors, the overlays
to add a field or an action, and the form's settings show none of the English texts (or the
URL names "fields" and "actions") collective.easyform and plone.schemaeditor leave untranslated,
and field types have readable names. Our catalogs (plone.po, plone.schemaeditor.po,
collective.easyform.po) win over upstream's."""

import html
import re

import pytest
import transaction
from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.new_service import Answers
from digitalgemeinde.submissions.new_service import create
from tests.helpers import browser_for

PAGES = {
    "field editor": "/fields",
    "action editor": "/actions",
    "add field": "/fields/@@add-field",
    "add action": "/actions/@@add-action",
    "settings": "/edit",
}
# texts that were English (or upstream's unreadable German) on these pages
LEFTOVERS = (
    "actions bearbeiten",
    "fields bearbeiten",
    "Modifier actions",
    "Add new action",
    "Settings…",
    "Edit XML",
    "Text line (String)",
    "Text-Zeile (Zeichenfolge)",
    "Ligne de texte (chaîne de caractères)",
    "Multiple Choice",
    "Relation Choice",
    "Relation List",
    "Floating-point",
    "Enable focus on the first input",
    "Name attribute",
    "sets the name attribute",
    "Check this to display field titles",
)
# whole lines (a word alone: a button, a breadcrumb)
LEFTOVER_LINES = ("Save", "fields", "actions", "Integer", "Choice", "Label", "Rich Label")


def visible_lines(page: str) -> list[str]:
    """The text a person sees: no tags, attributes, scripts or comments."""
    page = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]*>", "\n", page)
    return [line.strip() for line in html.unescape(page).splitlines() if line.strip()]


def english_in(page: str) -> list[str]:
    lines = visible_lines(page)
    text = "\n".join(lines)
    return [word for word in LEFTOVERS if word in text] + [
        line for line in lines if line in LEFTOVER_LINES
    ]


@pytest.fixture
def new_form(world):
    def make(language):
        sitesetup.configure_languages(language)
        answers = Answers(
            title="Parkkarte", topics=["mobility"], office=IUUID(world["liestal-office"])
        )
        with api.env.adopt_user(username="liestal-editor"):
            created = create(world["liestal"], answers)
        transaction.commit()
        return created.form.absolute_url()

    return make


def test_german_form_builder_has_no_english(new_form, functional):
    url = new_form("de")
    browser = browser_for(functional["app"], "liestal-editor")
    for name, path in PAGES.items():
        browser.open(url + path)
        assert english_in(browser.contents) == [], name
    browser.open(url + "/fields")
    lines = visible_lines(browser.contents)
    assert "Felder des Formulars bearbeiten" in lines and "Felder des Formulars" in lines
    assert lines.count("Einstellungen…") == 5 and "Sichern" in lines
    assert "Textzeile" in lines
    browser.open(url + "/actions")
    lines = visible_lines(browser.contents)
    assert "Aktion hinzufügen…" in lines and "Aktionen des Formulars" in lines
    browser.open(url + "/fields/@@add-field")
    lines = visible_lines(browser.contents)
    for name in ("Textzeile", "Ganze Zahl", "Dezimalzahl", "Mehrfachauswahl (mehrere Antworten)"):
        assert name in lines
    browser.open(url + "/edit")
    assert "Erstes Eingabefeld beim Öffnen auswählen" in visible_lines(browser.contents)


def test_french_form_builder_has_no_english(new_form, functional):
    url = new_form("fr")
    browser = browser_for(functional["app"], "liestal-editor")
    for name, path in PAGES.items():
        browser.open(url + path)
        assert english_in(browser.contents) == [], name
    browser.open(url + "/actions")
    lines = visible_lines(browser.contents)
    assert "Ajouter une action…" in lines and "Paramètres…" in lines
    browser.open(url + "/fields/@@add-field")
    assert "Ligne de texte" in visible_lines(browser.contents)


def test_italian_field_types_are_readable(new_form, functional):
    url = new_form("it")
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(url + "/fields/@@add-field")
    lines = visible_lines(browser.contents)
    assert "Riga di testo" in lines and "Scelta multipla (più risposte)" in lines
    assert english_in(browser.contents) == []


def test_another_tenants_editor_gets_no_form_builder(new_form, functional):
    url = new_form("de")
    browser = browser_for(functional["app"], "allschwil-editor")
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.open(url + "/fields")
    assert "Felder des Formulars bearbeiten" not in browser.contents


def test_a_fields_checks_have_readable_names_and_keep_their_names_as_values(new_form, functional):
    """The checks of a field's settings: readable names in the editor's language, while the
    model keeps each check's registered name."""
    url = new_form("de")
    form = api.content.get(path=url.split("/plone", 1)[1])
    browser = browser_for(functional["app"], "liestal-editor")
    (name, *_rest) = form.restrictedTraverse("@@view").form_instance.schema.names()
    browser.open(f"{url}/fields/{name}")
    lines = visible_lines(browser.contents)
    assert "AHV-Nummer (756.1234.5678.97)" in lines and "Schweizer Postleitzahl" in lines
    assert "E-Mail-Adresse" in lines
    assert not [line for line in lines if line.startswith(("digitalgemeinde.", "isValid"))]
    # the options' values stay the names the form model stores
    choices = browser.getControl(name="form.widgets.IFieldExtender.validators.from")
    assert "digitalgemeinde.postal_code" in choices.options
    assert "Schweizer Postleitzahl" in choices.displayOptions


def test_a_fields_checks_in_french(new_form, functional):
    url = new_form("fr")
    form = api.content.get(path=url.split("/plone", 1)[1])
    (name, *_rest) = form.restrictedTraverse("@@view").form_instance.schema.names()
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{url}/fields/{name}")
    assert "Numéro AVS (756.1234.5678.97)" in visible_lines(browser.contents)
