"""The XML model editor of a form is for site Managers only: its buttons are hidden and its
pages refused for editors, who build forms with the field and action editors."""

import transaction

from tests.helpers import browser_for

BUTTONS = ("form.buttons.modeleditor",)


def refused(browser) -> bool:
    return browser.headers["status"].startswith(("401", "403")) or "require_login" in browser.url


def test_editor_sees_no_model_editor_button_and_is_refused(functional, form):
    browser = browser_for(functional["app"], "liestal-editor")
    for part in ("fields", "actions"):
        browser.open(f"{form.absolute_url()}/{part}")
        assert browser.headers["status"].startswith("200")
        assert "modeleditor" not in browser.contents
        assert "Edit XML" not in browser.contents
        browser.open(f"{form.absolute_url()}/{part}/@@modeleditor")
        assert refused(browser)


def test_editor_cannot_post_to_the_model_editor(functional, form):
    before = form.actions_model
    browser = browser_for(functional["app"], "liestal-editor")
    browser.post(
        f"{form.absolute_url()}/actions/@@modeleditor",
        "form.button.save=1&source=%3Cmodel%2F%3E",
    )
    assert refused(browser)
    transaction.begin()
    assert form.actions_model == before


def test_manager_has_the_model_editor(functional, form):
    browser = browser_for(functional["app"], "admin")
    for part in ("fields", "actions"):
        browser.open(f"{form.absolute_url()}/{part}")
        assert "form.buttons.modeleditor" in browser.contents
        browser.open(f"{form.absolute_url()}/{part}/@@modeleditor")
        assert browser.headers["status"].startswith("200")
        assert "source" in browser.contents
