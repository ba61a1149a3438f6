"""The office's answer templates, the confirmation of rejecting, and the plain-words
confirmations after a step."""

import pytest
import transaction
from plone import api
from zope.i18n import translate

from digitalgemeinde.content_types.answer_templates import TemplateError
from digitalgemeinde.content_types.answer_templates import parse
from digitalgemeinde.content_types.office import IOfficeSchema
from digitalgemeinde.submissions.answer_templates import filled_template
from tests.helpers import browser_for
from tests.submissions.helpers import make_submission

TEMPLATES = """[ask] Fehlender Impfausweis
Guten Tag {name}
Für Ihr Anliegen {reference} ({service}) fehlt der Impfausweis.

[Ablehnen] Nicht zuständig
Ihr Anliegen {reference} betrifft nicht unsere Gemeinde.
[message] Kurze Nachricht
Wir melden uns bald.
"""


@pytest.fixture
def office(world):
    office = world["liestal-office"]
    with api.env.adopt_roles(["Manager"]):
        office.answer_templates = TEMPLATES
    transaction.commit()
    return office


def error_text(text: str) -> str:
    with pytest.raises(TemplateError) as refused:
        IOfficeSchema["answer_templates"].validate(text)
    return translate(refused.value.doc(), target_language="en")


def test_format_is_parsed_and_checked():
    templates = parse(TEMPLATES)
    assert [(t.kind, t.title) for t in templates] == [
        ("ask", "Fehlender Impfausweis"),
        ("reject", "Nicht zuständig"),
        ("message", "Kurze Nachricht"),
    ]
    assert templates[0].text.startswith("Guten Tag {name}\n")
    assert "Line 2: unknown placeholder {vorname}" in error_text("[ask] A\nHallo {vorname}")
    assert "Line 1: unknown kind «frage»" in error_text("[frage] A\nText")
    assert "Line 1: a template starts with [kind]" in error_text("Text ohne Kopf")
    assert "Line 1: the template «A» has no text." in error_text("[ask] A\n")
    IOfficeSchema["answer_templates"].validate("")  # no templates is fine


@pytest.mark.parametrize("user", ["liestal-editor"])
def test_unknown_placeholder_is_refused_when_the_office_is_saved(app, world, user):
    browser = browser_for(app, user)
    browser.open(f"{world['liestal-office'].absolute_url()}/@@edit")
    browser.getControl(name="form.widgets.answer_templates").value = "[ask] A\nHallo {vorname}"
    browser.getControl(name="form.buttons.save").click()
    assert "Line 2: unknown placeholder {vorname}" in browser.contents
    transaction.begin()
    assert not world["liestal-office"].answer_templates
    browser.getControl(name="form.widgets.answer_templates").value = TEMPLATES
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert world["liestal-office"].answer_templates.strip() == TEMPLATES.strip()


def test_templates_fill_the_placeholders(office, form, functional):
    submission = make_submission(form, functional["request"])
    transaction.commit()
    text = filled_template(submission, "ask", 0)
    assert text == (
        f"Guten Tag Anna Muster\nFür Ihr Anliegen {submission.reference} (Hund anmelden) "
        "fehlt der Impfausweis."
    )
    assert filled_template(submission, "reject", 0) == ""  # not a template of rejecting
    assert filled_template(submission, "reject", 1).startswith(
        f"Ihr Anliegen {submission.reference}"
    )
    assert filled_template(submission, "ask", "x") == filled_template(submission, "ask", 9) == ""


def test_request_page_offers_and_inserts_templates_without_javascript(app, office, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert 'id="template-ask"' in browser.contents
    assert 'id="template-message"' in browser.contents
    assert "Fehlender Impfausweis" in browser.contents
    browser.open(f"{submission.absolute_url()}/@@view?template.ask=0")
    ask = browser.getForm(id="transition-ask").getControl(name="comment").value
    assert ask.startswith("Guten Tag Anna Muster")
    assert submission.reference in ask
    browser.open(f"{submission.absolute_url()}/@@view?template.message=2")
    assert browser.getForm(id="send-message").getControl(name="message").value == (
        "Wir melden uns bald."
    )


def test_reject_is_destructive_and_needs_a_confirmation(app, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert "btn btn-danger" in browser.contents
    form = browser.getForm(id="transition-reject")
    form.getControl(name="comment").value = "Kein Hund gemeldet."
    form.submit()
    assert 'id="confirm-step"' in browser.contents
    assert "The request will be rejected and the citizen informed by email." in browser.contents
    transaction.begin()
    assert api.content.get_state(submission) == "submitted"
    browser.getForm(id="confirm-reject").submit()
    transaction.begin()
    assert api.content.get_state(submission) == "rejected"
    assert f"Request {submission.reference} is rejected." in browser.contents
    assert "Anna Muster was informed by email." in browser.contents
    assert submission.log[-1]["comment"] == "Kein Hund gemeldet."


def test_no_mail_promised_without_an_address(app, form, functional):
    submission = make_submission(form, functional["request"], email="")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    form_ = browser.getForm(id="transition-accept")
    form_.submit()
    assert f"Request {submission.reference} is in progress." in browser.contents
    assert "informed by email" not in browser.contents
    form_ = browser.getForm(id="transition-complete")
    form_.submit()
    assert f"Request {submission.reference} is completed." in browser.contents
    assert "No email was sent" in browser.contents
    assert "informed by email" not in browser.contents


def test_confirmations_in_german(app, submission):
    from digitalgemeinde import sitesetup

    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    browser.getForm(id="transition-accept").submit()
    assert f"Das Anliegen {submission.reference} ist in Bearbeitung." in browser.contents
