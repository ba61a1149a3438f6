"""Issue 19, steps: a form's fieldsets shown as steps with their progress, "Zurück" and
"Weiter", a summary with "ändern" links and one request sent from it. Each step is checked on
leaving it; the values (and files) wait in the citizen's draft between steps; a step not
reached and fields of another step posted are refused or ignored, never stored. A form
without steps stays the one page it was."""

import re
from io import BytesIO

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions import steps
from tests.helpers import browser_for

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"

STEPS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <fieldset name="hund" label="Ihr Hund">
      <field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
      <field name="anzahl" type="zope.schema.Int">
        <title>Anzahl Hunde</title><required>False</required></field>
    </fieldset>
    <fieldset name="unterlagen" label="Unterlagen">
      <field name="document" type="plone.namedfile.field.NamedBlobFile">
        <title>Impfausweis</title><required>False</required></field>
      <field name="bemerkung" type="zope.schema.TextLine">
        <title>Bemerkung</title><required>False</required></field>
    </fieldset>
  </schema>
</model>"""


@pytest.fixture
def stepped(form):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = STEPS_MODEL
        form.as_steps = True
    configure_languages("de")
    transaction.commit()
    return form


def requests_in(world):
    transaction.begin()
    return [
        obj for obj in world["liestal-office"].objectValues() if obj.portal_type == "Submission"
    ]


def citizen(app, form):
    browser = browser_for(app)
    browser.addHeader("Accept-Language", "de")
    browser.open(form.absolute_url())
    return browser


def fill(browser, **values):
    for name, value in values.items():
        browser.getControl(name=f"form.widgets.{name}").value = value


def press(browser, name):
    browser.getControl(name=f"form.buttons.{name}").click()
    transaction.begin()
    return browser


def attach(browser, data=PDF, filename="impfausweis.pdf"):
    control = browser.getControl(name="form.widgets.document")
    control.add_file(BytesIO(data), "application/pdf", filename)


def value_of(browser, name) -> str:
    return browser.getControl(name=f"form.widgets.{name}").value


def through_step_two(app, form):
    browser = citizen(app, form)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    press(browser, "next")
    fill(browser, dog="Bello", anzahl="2")
    return press(browser, "next")


def the_draft(form):
    storage = drafts.storage(api.portal.get())
    (draft,) = [d for d in storage.drafts.values() if d.form_uid == api.content.get_uuid(form)]
    return draft


# --- the domain: which fields belong to which step, which step may be opened ----------------


def test_steps_of_the_form_and_which_may_be_opened(stepped):
    from collective.easyform.api import get_schema

    schema = get_schema(stepped)
    found = steps.steps_of(schema)
    assert [(s.name, s.fields) for s in found] == [
        ("default", ("name", "email")),
        ("hund", ("dog", "anzahl")),
        ("unterlagen", ("document", "bemerkung")),
    ]
    values = {"name": "Anna", "email": "anna@example.ch"}
    assert steps.allowed_step(schema, found, values, 1, "2") == (1, True)
    assert steps.allowed_step(schema, found, values, 1, "3") == (1, False)  # not reached
    assert steps.allowed_step(schema, found, values, 1, "summary") == (1, False)
    assert steps.allowed_step(schema, found, {}, 3, "2") == (0, False)  # step 1 lost its values
    assert steps.allowed_step(schema, found, values, 1, "abc") == (1, False)
    assert steps.allowed_step(schema, found, values, 1, None) == (0, True)
    full = {**values, "dog": "Bello"}
    assert steps.allowed_step(schema, found, full, 3, "summary") == (3, True)


# --- the pages ------------------------------------------------------------------------------


def test_first_step_shows_its_fields_the_progress_and_no_other_step(stepped, functional):
    browser = citizen(functional["app"], stepped)
    assert "Schritt 1 von 3" in browser.contents
    assert re.search(r'<strong aria-current="step"', browser.contents)
    assert "Ihr Hund" in browser.contents and "Übersicht" in browser.contents
    assert 'name="form.widgets.name"' in browser.contents
    assert 'name="form.widgets.dog"' not in browser.contents
    assert browser.getControl(name="form.buttons.next").value == "Weiter"
    assert "form.buttons.back" not in browser.contents  # nothing before the first step
    assert "form.buttons.submit" not in browser.contents


def test_steps_in_french_and_italian(stepped, functional):
    for language, position, button in (
        ("fr", "Étape 1 sur 3", "Continuer"),
        ("it", "Passo 1 di 3", "Avanti"),
    ):
        browser = browser_for(functional["app"])
        browser.addHeader("Accept-Language", language)
        browser.open(stepped.absolute_url())
        assert position in browser.contents
        assert browser.getControl(name="form.buttons.next").value == button


def test_step_one_to_two_keeps_the_values_and_back_shows_them(stepped, functional):
    browser = citizen(functional["app"], stepped)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    press(browser, "next")
    assert browser.url.endswith("?step=2")
    assert "Schritt 2 von 3: Ihr Hund" in browser.contents
    assert re.search(r"<title>Schritt 2 von 3: Ihr Hund – Hund anmelden", browser.contents)
    fill(browser, dog="Bello")
    press(browser, "back")  # kept without checking
    assert browser.url.endswith("?step=1")
    assert value_of(browser, "name") == "Anna Muster"
    press(browser, "next")
    assert value_of(browser, "dog") == "Bello"  # kept by "Zurück"
    browser.open(f"{stepped.absolute_url()}?step=1")  # the browser's back button: a GET
    assert value_of(browser, "email") == "anna@example.ch"


def test_an_error_in_step_two_stays_on_step_two_with_the_summary(stepped, world, functional):
    browser = citizen(functional["app"], stepped)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    press(browser, "next")
    fill(browser, dog="", anzahl="zwei")
    press(browser, "next")
    assert "Schritt 2 von 3" in browser.contents
    assert 'id="error-summary"' in browser.contents
    assert re.search(r"<title>Fehler: Schritt 2 von 3: Ihr Hund – ", browser.contents)
    links = re.findall(r'<a class="alert-link"\s+href="#([^"]+)"', browser.contents)
    assert links == ["form-widgets-dog", "form-widgets-anzahl"]
    (start,) = [tag for tag in re.findall(r"<form\b[^>]*>", browser.contents) if 'id="form"' in tag]
    assert f'action="{stepped.absolute_url()}?step=2"' in start  # it posts to its own step
    assert the_draft(stepped).step == 1  # step 2 not left
    browser.open(f"{stepped.absolute_url()}?step=3")
    assert browser.url.endswith("?step=2")  # not reached: back to step 2
    assert requests_in(world) == []


def test_back_and_forth_keeps_the_file(stepped, functional):
    browser = through_step_two(functional["app"], stepped)
    assert "Schritt 3 von 3" in browser.contents
    assert browser.getControl(name="form.buttons.next").value == "Weiter zur Übersicht"
    attach(browser)
    fill(browser, bemerkung="Bitte rasch")
    press(browser, "back")
    press(browser, "next")
    assert re.search(r"Datei behalten:\s*<strong>impfausweis.pdf</strong>", browser.contents)
    assert value_of(browser, "bemerkung") == "Bitte rasch"
    press(browser, "next")  # the file kept without choosing it again
    assert browser.url.endswith("?step=summary")
    assert "impfausweis.pdf" in browser.contents


def test_summary_shows_every_value_with_change_links_and_sends_one_request(
    stepped, world, functional
):
    browser = through_step_two(functional["app"], stepped)
    attach(browser)
    press(browser, "next")
    page = browser.contents
    for text in ("Anna Muster", "anna@example.ch", "Bello", "impfausweis.pdf", "Ihr Hund"):
        assert text in page
    url = stepped.absolute_url()
    assert f'href="{url}?step=2#form-widgets-dog"' in page
    assert f'href="{url}?step=1#form-widgets-name"' in page
    assert page.count(">ändern<") == 6
    assert "form.buttons.next" not in page
    press(browser, "back")  # from the summary to the last step, and on again
    assert browser.url.endswith("?step=3")
    press(browser, "next")
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert submission.values["name"] == "Anna Muster"
    assert submission.values["dog"] == "Bello"
    assert submission.values["anzahl"] == 2
    assert submission.values["document"].data == PDF
    assert "receipt=1" in browser.url
    assert not drafts.storage(api.portal.get()).drafts  # the draft is gone after sending


def test_change_link_leads_to_the_step_and_back_to_the_summary(stepped, functional):
    browser = through_step_two(functional["app"], stepped)
    press(browser, "next")
    browser.getLink(url="?step=2#form-widgets-dog").click()
    fill(browser, dog="Rex")
    press(browser, "next")
    press(browser, "next")
    assert "Rex" in browser.contents and "Bello" not in browser.contents


def test_skipping_ahead_by_the_address_is_refused(stepped, world, functional):
    app = functional["app"]
    browser = citizen(app, stepped)
    browser.open(f"{stepped.absolute_url()}?step=summary")
    assert browser.url.endswith("?step=1")
    browser.open(f"{stepped.absolute_url()}?step=5")
    assert browser.url.endswith("?step=1")
    fill(browser, name="Anna Muster", email="anna@example.ch")
    press(browser, "next")
    browser.open(f"{stepped.absolute_url()}?step=3")  # step 2 not done
    assert browser.url.endswith("?step=2")
    assert "Schritt 2 von 3" in browser.contents
    # a POST to the summary before every step is done sends nothing
    token = browser.getControl(name="_authenticator").value
    browser.post(
        f"{stepped.absolute_url()}?step=summary",
        f"form.buttons.submit=Absenden&_authenticator={token}",
    )
    assert browser.url.endswith("?step=2")
    assert requests_in(world) == []


def test_a_field_of_another_step_posted_is_ignored(stepped, functional):
    browser = citizen(functional["app"], stepped)
    token = browser.getControl(name="_authenticator").value
    browser.post(
        f"{stepped.absolute_url()}?step=1",
        "form.widgets.name=Anna&form.widgets.email=anna%40example.ch"
        f"&form.widgets.dog=Eingeschmuggelt&form.buttons.next=Weiter&_authenticator={token}",
    )
    transaction.begin()
    draft = the_draft(stepped)
    assert draft.values["name"] == "Anna"
    assert "dog" not in draft.values
    assert draft.step == 1
    assert value_of(browser, "dog") == ""


def change_model(form, old, new):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = STEPS_MODEL.replace(old, new)
    transaction.commit()


def test_summary_checks_every_step_again(stepped, world, functional):
    browser = through_step_two(functional["app"], stepped)
    fill(browser, bemerkung="siehe www.bello.ch")
    press(browser, "next")
    # meanwhile the form refuses links in the remark
    change_model(
        stepped,
        '<field name="bemerkung" type="zope.schema.TextLine">',
        '<field name="bemerkung" type="zope.schema.TextLine" easyform:validators="isNotLinkSpam">',
    )
    press(browser, "submit")
    assert requests_in(world) == []
    assert 'id="error-summary"' in browser.contents
    assert f'href="{stepped.absolute_url()}?step=3#form-widgets-bemerkung"' in browser.contents
    browser.getLink(url="?step=3#form-widgets-bemerkung").click()
    fill(browser, bemerkung="Bitte rasch")
    press(browser, "next")
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert submission.values["bemerkung"] == "Bitte rasch"


def test_a_field_required_since_leads_back_to_its_step(stepped, world, functional):
    browser = through_step_two(functional["app"], stepped)
    press(browser, "next")
    change_model(
        stepped, "<title>Bemerkung</title><required>False</required>", "<title>Bemerkung</title>"
    )
    press(browser, "submit")
    assert browser.url.endswith("?step=3")
    assert requests_in(world) == []


def test_save_for_later_on_a_step_keeps_the_step_and_its_file(stepped, world, functional):
    browser = through_step_two(functional["app"], stepped)
    attach(browser)
    fill(browser, bemerkung="Später")
    browser.getControl(name="form.buttons.save_draft").click()  # on every step
    transaction.begin()
    draft = the_draft(stepped)
    assert draft.saved and draft.values["bemerkung"] == "Später"
    assert draft.values["document"].filename == "impfausweis.pdf"
    assert draft.values["dog"] == "Bello"
    browser.open(f"{stepped.absolute_url()}?step=3")  # continued later
    assert value_of(browser, "bemerkung") == "Später"
    assert re.search(r"Datei behalten:\s*<strong>impfausweis.pdf</strong>", browser.contents)
    press(browser, "next")
    assert 'name="form.buttons.save_draft"' in browser.contents  # and on the summary
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert submission.values["document"].data == PDF
    assert submission.values["bemerkung"] == "Später"


def test_a_form_without_steps_is_one_page(form, world, functional):
    browser = citizen(functional["app"], form)
    assert "Schritt" not in browser.contents
    assert "form.buttons.next" not in browser.contents
    for name in ("name", "email", "dog"):
        assert f'name="form.widgets.{name}"' in browser.contents
    fill(browser, name="Anna Muster", email="anna@example.ch", dog="Bello")
    press(browser, "submit")
    (submission,) = requests_in(world)
    assert submission.values["dog"] == "Bello"
