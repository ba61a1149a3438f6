"""The tenant's page shows its editors the link «Neue Leistung mit Formular»; citizens and
the editors of another tenant do not see it."""

import transaction

from digitalgemeinde import sitesetup
from tests.helpers import browser_for

LINK = "Neue Leistung mit Formular"


def test_tenant_editor_sees_the_link(world, functional):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(world["liestal"].absolute_url())
    link = browser.getLink(LINK)
    assert link.url == f"{world['liestal'].absolute_url()}/@@new-service"
    link.click()
    assert browser.getControl(name="form.buttons.create")


def test_citizen_and_other_tenants_editor_do_not(world, functional):
    sitesetup.configure_languages("de")
    transaction.commit()
    for user in (None, "allschwil-editor"):
        browser = browser_for(functional["app"], user)
        browser.open(world["liestal"].absolute_url())
        assert "@@new-service" not in browser.contents and LINK not in browser.contents
