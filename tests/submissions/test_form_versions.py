"""Issue 19, versions: publishing a form makes version 1, each saved change of the fields of a
published form a new version (nothing changed: none). Every request records the version it was
made with, and its page, export, PDF, REST serialization and delivery payload show that
version's labels after the form changed. The form's editors read the versions and what
changed in plain words (de/fr/it); citizens, clerks and editors of another tenant cannot."""

import csv
import io
import json

import pytest
import transaction
from plone import api
from pypdf import PdfReader
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.globalrequest import setRequest
from zope.lifecycleevent import ObjectModifiedEvent

from digitalgemeinde.outbox.payload import as_json
from digitalgemeinde.outbox.payload import as_xml
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import form_changes
from digitalgemeinde.submissions import form_versions
from digitalgemeinde.upgrades import v20261211001_form_versions as upgrade
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import FIELDS_MODEL
from tests.submissions.helpers import denied
from tests.submissions.helpers import make_submission

RENAMED = FIELDS_MODEL.replace("<title>Name des Hundes</title>", "<title>Hundename</title>")


def numbers(form) -> list[int]:
    transaction.begin()
    return [version["number"] for version in form_versions.versions(form)]


def rename_over_rest(app, form, model=RENAMED, user="liestal-editor"):
    """The editor saves the form's fields model over REST (PATCH), as a program would."""
    status, body = RestClient(app, user).patch(form.absolute_url(), {"fields_model": model})
    assert status == 204, body


def body_bytes(browser) -> bytes:
    body = browser.contents
    return body if isinstance(body, bytes) else body.encode("latin-1")


# The versions of a form


def test_publishing_makes_version_1(form):
    (version,) = form_versions.versions(form)
    assert version["number"] == 1
    assert version["fields_model"] == FIELDS_MODEL


def test_a_changed_label_makes_version_2_by_its_editor(app, form):
    rename_over_rest(app, form)
    assert numbers(form) == [1, 2]
    newest = form_versions.latest(form)
    assert newest["actor"] == "liestal-editor"
    assert newest["origin"] == form_versions.EDITED


def test_the_field_editor_makes_a_version(app, form):
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{form.absolute_url()}/fields/dog")
    browser.getControl(name="form.widgets.title").value = "Hundename"
    browser.getControl(name="form.buttons.save").click()
    assert numbers(form) == [1, 2]
    (change,) = form_versions.history(form)[0]["changes"]
    assert (change.kind, change.old, change.new) == ("label", "Name des Hundes", "Hundename")


def test_nothing_changed_makes_no_version(app, form):
    # the same fields, formatted otherwise, and another setting of the form
    reformatted = FIELDS_MODEL.replace("\n    <field", "\n\n        <field")
    rename_over_rest(app, form, reformatted)
    status, body = RestClient(app, "liestal-editor").patch(
        form.absolute_url(), {"title": "Hund anmelden (neu)"}
    )
    assert status == 204, body
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(form, "retract")
        api.content.transition(form, "publish")
    transaction.commit()
    assert numbers(form) == [1]
    # the legitimate change next to them makes one
    rename_over_rest(app, form)
    assert numbers(form) == [1, 2]


def test_changes_of_an_unpublished_form_become_one_version_when_published(app, form):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(form, "retract")
    transaction.commit()
    rename_over_rest(app, form)
    rename_over_rest(app, form, RENAMED.replace("<title>E-Mail</title>", "<title>Mail</title>"))
    assert numbers(form) == [1]
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(form, "publish")
    transaction.commit()
    assert numbers(form) == [1, 2]
    kinds = [change.kind for change in form_versions.history(form)[0]["changes"]]
    assert kinds == ["label", "label"]


def test_a_change_without_an_event_is_a_version_with_the_next_request(form, request_):
    """The XML model editor saves without an event: the request still names a version whose
    fields are the ones it was made with."""
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = RENAMED
    submission = make_submission(form, request_)
    assert submission.form_version == 2
    assert form_versions.latest(form)["origin"] == form_versions.REQUEST
    assert make_submission(form, request_, name="Berta").form_version == 2  # no third


# What changed, in plain words


def test_the_changes_of_each_kind():
    new = (
        FIELDS_MODEL.replace("<title>Name</title>", "<title>Vorname</title>")
        .replace(
            '<field name="born" type="zope.schema.Date"><title>Geburtsdatum</title>\n'
            "      <required>False</required></field>",
            '<field name="born" type="zope.schema.Datetime"><title>Geburtsdatum</title></field>',
        )
        .replace(
            '<field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title>',
            '<field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title>'
            "<description>Wie er gerufen wird</description>",
        )
        .replace(
            "  </schema>",
            '    <field name="chip" type="zope.schema.TextLine"><title>Chipnummer</title>'
            "</field>\n  </schema>",
        )
    )
    new = new.replace(
        """    <field name="document" type="plone.namedfile.field.NamedBlobFile">
      <title>Impfausweis</title><required>False</required></field>
""",
        "",
    )
    found = [(change.kind, change.title) for change in form_changes.changes(FIELDS_MODEL, new)]
    assert found == [
        ("label", "Vorname"),
        ("settings", "Name des Hundes"),
        ("required", "Geburtsdatum"),
        ("type", "Geburtsdatum"),
        ("added", "Chipnummer"),
        ("removed", "Impfausweis"),
    ]


def test_a_new_order_is_a_change():
    name = '    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>\n'
    moved = FIELDS_MODEL.replace(name, "").replace("  </schema>", name + "  </schema>")
    assert [change.kind for change in form_changes.changes(FIELDS_MODEL, moved)] == ["order"]
    assert form_changes.changes(FIELDS_MODEL, FIELDS_MODEL) == []


# Each request shows the labels of its version


@pytest.fixture
def before_after(world, form, request_, app):
    """Anna's request against version 1, then the label renamed, then Berta's (version 2)."""
    world["liestal-office"].interface_url = "https://fachapp.example.ch/eingang"
    transaction.commit()
    before = make_submission(form, request_)
    transaction.commit()
    rename_over_rest(app, form)
    setRequest(request_)  # the REST request in between ended the test's request
    after = make_submission(form, request_, name="Berta Beispiel", dog="Rex")
    transaction.commit()
    return before, after


def test_each_request_records_its_version(before_after):
    before, after = before_after
    assert (before.form_version, after.form_version) == (1, 2)


def test_the_request_page_shows_its_labels_and_version(app, before_after):
    before, after = before_after
    configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(before.absolute_url())
    assert "Name des Hundes" in browser.contents
    assert "Hundename" not in browser.contents
    assert "Formularversion 1" in browser.contents
    browser.open(after.absolute_url())
    assert "Hundename" in browser.contents
    assert "Formularversion 2" in browser.contents


def test_the_export_shows_each_request_under_its_label(app, world, before_after):
    before, after = before_after
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{world['liestal-office'].absolute_url()}/@@inbox-export?format=csv")
    body = browser.contents
    text = (body if isinstance(body, bytes) else body.encode("utf-8")).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert cells[before.reference]["Name des Hundes"] == "Bello"
    assert cells[before.reference]["Hundename"] == ""
    assert cells[after.reference]["Hundename"] == "Rex"
    assert cells[after.reference]["Name des Hundes"] == ""


def pdf_text(app, submission) -> str:
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{submission.absolute_url()}/@@request.pdf")
    assert browser.headers["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body_bytes(browser))).pages)


def test_the_pdf_shows_its_labels_and_version(app, before_after):
    before, after = before_after
    text = pdf_text(app, before)
    assert "Name des Hundes" in text
    assert "Hundename" not in text
    assert "Formularversion\n1" in text  # the office's PDF is in German
    assert "Hundename" in pdf_text(app, after)


def test_the_payload_carries_its_labels_and_version(before_after):
    before, after = before_after
    transaction.begin()
    body = json.loads(as_json(before, before.delivery_job))
    assert body["form"]["version"] == 1
    assert {"name": "dog", "label": "Name des Hundes", "value": "Bello"} in body["values"]
    body = json.loads(as_json(after, after.delivery_job))
    assert body["form"]["version"] == 2
    assert {"name": "dog", "label": "Hundename", "value": "Rex"} in body["values"]
    xml = as_xml(after, after.delivery_job).decode("utf-8")
    assert 'version="2"' in xml
    assert 'label="Hundename"' in xml


def test_rest_serializes_its_version_and_labels(app, before_after):
    before, _after = before_after
    status, body = RestClient(app, "liestal-clerk").get(before.absolute_url())
    assert status == 200, body
    assert body["form_version"] == 1
    assert {"name": "dog", "label": "Name des Hundes", "value": "Bello"} in body["values"]


# The versions page


def test_the_editor_reads_the_versions_and_what_changed(app, form):
    rename_over_rest(app, form)
    configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{form.absolute_url()}/@@form-versions")
    assert browser.headers["status"].startswith("200")
    contents = browser.contents
    assert "Versionen des Formulars Hund anmelden" in contents
    assert contents.index('id="version-2"') < contents.index('id="version-1"')
    assert "Feld «Name des Hundes» umbenannt in «Hundename»" in contents
    assert "Das Formular, wie es zuerst veröffentlicht wurde." in contents
    assert "Liestal Editor" in contents


def test_the_page_in_french_and_italian(app, form):
    rename_over_rest(app, form)
    for language, text in (
        ("fr", "Champ «Name des Hundes» renommé en «Hundename»"),
        ("it", "Campo «Name des Hundes» rinominato in «Hundename»"),
    ):
        configure_languages(language)
        transaction.commit()
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{form.absolute_url()}/@@form-versions")
        assert text in browser.contents


def test_the_editor_finds_the_page_among_the_forms_actions(app, form):
    browser = browser_for(app, "liestal-editor")
    browser.open(form.absolute_url())
    assert f"{form.absolute_url()}/@@form-versions" in browser.contents
    clerk = browser_for(app, "liestal-clerk")
    clerk.open(form.absolute_url())
    assert "@@form-versions" not in clerk.contents


@pytest.mark.parametrize("user", [None, "liestal-clerk", "allschwil-editor"])
def test_others_cannot_open_the_versions_page(app, form, user):
    browser = browser_for(app, user)
    browser.open(f"{form.absolute_url()}/@@form-versions")
    assert denied(browser)
    assert "Name des Hundes" not in browser.contents


# Existing sites


def test_the_upgrade_makes_version_1_of_published_forms(functional, world, form):
    with api.env.adopt_roles(["Manager"]):
        del IAnnotations(form)[form_versions.KEY]  # a form made before versions existed
        other = api.content.create(
            world["liestal"], "EasyForm", id="entwurf", title="Entwurf", fields_model=RENAMED
        )
    assert form_versions.versions(other) == []  # not published: no version yet
    upgrade.first_versions(functional["portal"])
    upgrade.first_versions(functional["portal"])  # twice: nothing more
    (version,) = form_versions.versions(form)
    assert (version["number"], version["origin"]) == (1, form_versions.UPGRADE)
    assert version["fields_model"] == FIELDS_MODEL
    assert form_versions.versions(other) == []
    upgrade.versions_action(functional["portal"])
    assert "form-versions" in api.portal.get_tool("portal_actions").object.objectIds()


def test_a_modified_event_without_a_change_makes_none(form):
    with api.env.adopt_roles(["Manager"]):
        notify(ObjectModifiedEvent(form))
    assert numbers(form) == [1]
