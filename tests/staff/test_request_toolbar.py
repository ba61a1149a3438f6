"""On a request the toolbar offers no edit form and no workflow step that needs a comment (the
request page has its own forms); the state and the steps are translated."""

import re

from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.workflow import NEEDS_COMMENT
from tests.helpers import browser_for


def toolbar(html: str) -> str:
    match = re.search(r'<section id="edit-bar".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_toolbar_on_a_request_has_no_edit_and_no_step_needing_a_comment(app, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert browser.headers["status"].startswith("200")
    bar = toolbar(browser.contents)
    assert bar, "the clerk sees the toolbar"
    assert f'{submission.absolute_url()}/edit"' not in bar
    assert 'id="contentview-edit"' not in bar
    for transition in NEEDS_COMMENT:
        assert f"workflow-transition-{transition}" not in bar
    assert "workflow-transition-advanced" not in bar
    assert "workflow-transition-accept" in bar  # steps without a comment stay
    assert "content_status_history" not in bar  # the generic form that takes any step
    assert "plone-contentmenu-actions" not in bar  # no copy, cut, rename of a request
    # the request page's own forms still work
    assert 'name="transition"' in browser.contents or "ask" in browser.contents


def test_the_edit_form_of_a_request_is_gone(app, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{submission.absolute_url()}/edit")
    assert 'name="form.buttons.save"' not in browser.contents
    assert browser.url == submission.absolute_url()


def test_state_and_steps_in_german(app, submission):
    sitesetup.configure_languages("de")
    import transaction

    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    bar = toolbar(browser.contents)
    assert "Neu" in bar
    assert "Submitted" not in bar
    assert "Annehmen" in bar
    assert ">Accept<" not in bar


def test_every_state_and_step_of_the_workflow_is_translated(integration):
    from zope.i18n import translate

    workflow = api.portal.get_tool("portal_workflow")["digitalgemeinde_submission_workflow"]
    titles = [state.title for state in workflow.states.values()]
    titles += [transition.actbox_name for transition in workflow.transitions.values()]
    titles.append(workflow.title)
    for language in ("de", "fr", "it"):
        for title in titles:
            translated = translate(title, domain="plone", target_language=language)
            assert translated != title, (language, title)
