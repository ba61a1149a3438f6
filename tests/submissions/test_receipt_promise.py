"""The receipt page promises a mail only when one was queued, and a form that cannot send a
receipt (no e-mail field) warns its editors before it is published."""

import transaction
from plone import api

from digitalgemeinde.submissions.receipt_promise import delivery_problems
from digitalgemeinde.submissions.receipt_promise import receipt_mailed
from tests.helpers import browser_for
from tests.request_forms import ACTIONS_MODEL
from tests.submissions.helpers import open_form
from tests.submissions.test_mail import mail_dir  # noqa: F401 (fixture)
from tests.submissions.test_mail import mails
from tests.submissions.test_mail import real_mailhost  # noqa: F401 (fixture)

PROMISE = "We have also sent it to you by email."
NO_MAIL = 'id="receipt-no-mail"'
NO_EMAIL_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
  </schema>
</model>"""


def submitted(app, form, **values):
    browser = open_form(app, form, **values)
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    return browser


def latest(world):
    return max(world["liestal-office"].objectValues(), key=lambda item: item.reference)


def test_receipt_mailed_and_promised(form, world, functional, mail_dir, real_mailhost):  # noqa: F811
    browser = submitted(functional["app"], form)
    assert "receipt=1" in browser.url
    assert PROMISE in browser.contents and NO_MAIL not in browser.contents
    assert receipt_mailed(latest(world))
    assert "anna@example.ch" in [message["To"] for message in mails(mail_dir)] or any(
        "@example.ch" in message["To"] for message in mails(mail_dir)
    )


def test_form_without_email_field_promises_no_mail(form, world, functional):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = NO_EMAIL_MODEL
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    browser.getControl(name="form.widgets.dog").value = "Bello"
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    assert "receipt=1" in browser.url
    assert PROMISE not in browser.contents and NO_MAIL in browser.contents
    assert "You will get an email" not in browser.contents
    assert not receipt_mailed(latest(world))


def test_editor_is_warned_about_a_form_without_email_field(form, world, functional):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = NO_EMAIL_MODEL
        api.content.transition(form, "retract")
    transaction.commit()
    assert delivery_problems(form)
    editor = browser_for(functional["app"], "liestal-editor")
    for url in (form.absolute_url(), f"{form.absolute_url()}/fields"):
        editor.open(url)
        assert 'id="form-delivery-warning"' in editor.contents
        assert "email" in editor.contents
    # the citizen sees no such warning
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(form, "publish")
    transaction.commit()
    citizen = browser_for(functional["app"])
    citizen.open(form.absolute_url())
    assert 'id="form-delivery-warning"' not in citizen.contents


def test_publishing_with_the_button_warns_and_publishes_both(form, world, functional):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = NO_EMAIL_MODEL
        api.content.transition(form, "retract")
        api.content.transition(world["liestal-service"], "retract")
    transaction.commit()
    editor = browser_for(functional["app"], "liestal-editor")
    editor.open(form.absolute_url())
    editor.getControl("Submit service and form for publication").click()
    transaction.begin()
    assert api.content.get_state(form) == "pending"
    assert api.content.get_state(world["liestal-service"]) == "pending"
    assert "no e-mail field" in editor.contents
    reviewer = browser_for(functional["app"], "liestal-reviewer")
    reviewer.open(form.absolute_url())
    reviewer.getControl("Publish service and form").click()
    transaction.begin()
    assert api.content.get_state(form) == "published"
    assert api.content.get_state(world["liestal-service"]) == "published"
    assert "no e-mail field" in reviewer.contents


def test_form_with_delivery_and_email_has_no_problems(form):
    assert delivery_problems(form) == []
    assert "deliver" in ACTIONS_MODEL
