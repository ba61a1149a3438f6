"""A form's «Zweck und Datenschutz» text stands above its submit button: the citizen reads what
their details are used for before sending them, not after."""

import transaction
from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.new_service import Answers
from digitalgemeinde.submissions.new_service import create
from tests.helpers import browser_for


def new_form(world):
    answers = Answers(title="Parkkarte", topics=["mobility"], office=IUUID(world["liestal-office"]))
    with api.env.adopt_user(username="liestal-editor"):
        created = create(world["liestal"], answers)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(created.service, "publish")
        api.content.transition(created.form, "publish")
    transaction.commit()
    return created.form


def test_privacy_text_above_the_submit_button(world, functional):
    sitesetup.configure_languages("de")
    form = new_form(world)
    browser = browser_for(functional["app"])  # a citizen, not logged in
    browser.open(form.absolute_url())
    html = browser.contents
    privacy = html.index("Zweck und Datenschutz")
    assert privacy < html.index('name="form.buttons.submit"')
    assert privacy < html.index('class="formControls')
    assert privacy > html.index('name="form.widgets.email"')  # after the fields
    assert html.count('id="formEpilogue"') == 1
    assert browser.getControl(name="form.buttons.submit").value == "Absenden"


def test_a_form_without_epilogue_shows_no_empty_box(world, functional, form):
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    assert 'id="formEpilogue"' not in browser.contents
    assert 'name="form.buttons.submit"' in browser.contents
