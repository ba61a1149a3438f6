"""The topics control panel: managers edit the list, a malformed line is refused."""

import pytest
import transaction
from plone import api

from tests.helpers import browser_for


@pytest.fixture
def manager_browser(functional):
    browser = browser_for(functional["app"], "admin")
    browser.open(f"{functional['portal'].absolute_url()}/@@digitalgemeinde-settings")
    return browser


def test_topics_vocabulary_comes_from_the_settings(portal, get_vocabulary):
    vocabulary = get_vocabulary("digitalgemeinde.vocabularies.topics", portal)
    assert "building" in vocabulary
    assert vocabulary.getTerm("building").title == "Bauen"


def test_manager_adds_a_topic(manager_browser):
    control = manager_browser.getControl(name="form.widgets.topics")
    control.value = control.value + "\nculture|Kultur und Freizeit|Culture et loisirs"
    manager_browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert "culture|Kultur und Freizeit|Culture et loisirs" in api.portal.get_registry_record(
        "digitalgemeinde.topics"
    )


def test_malformed_topic_line_is_refused_and_nothing_is_lost(manager_browser):
    before = api.portal.get_registry_record("digitalgemeinde.topics")
    control = manager_browser.getControl(name="form.widgets.topics")
    control.value = control.value + "\nKultur ohne Token"
    manager_browser.getControl(name="form.buttons.save").click()
    assert "token|German title|French title" in manager_browser.contents
    transaction.begin()
    assert api.portal.get_registry_record("digitalgemeinde.topics") == before


def test_editor_cannot_open_the_settings(functional):
    from tests.helpers import create_user

    create_user("redaktor")
    transaction.commit()
    browser = browser_for(functional["app"], "redaktor")
    browser.open(f"{functional['portal'].absolute_url()}/@@digitalgemeinde-settings")
    assert "insufficient-privileges" in browser.url or "require_login" in browser.url
