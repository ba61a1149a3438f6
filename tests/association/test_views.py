"""The association's pages and the municipality's adoption pages, through the browser."""

import transaction
from DateTime import DateTime
from plone import api

from digitalgemeinde.association.adopting import adopt
from tests.association.helpers import TEMPLATE_V2
from tests.association.helpers import release
from tests.helpers import browser_for


def test_municipal_editor_adopts_through_the_page(functional, assoc_functional):
    app = functional["app"]
    world = assoc_functional
    browser = browser_for(app, "liestal-editor")
    browser.open(f"{world['liestal'].absolute_url()}/@@standards")
    assert "Wohnsitzbestätigung bestellen" in browser.contents
    form = browser.getForm(index=1)
    form.getControl(name="office").value = [world["liestal-office"].UID()]
    form.submit()
    assert browser.url.endswith("/liestal/wohnsitzbestaetigung")
    assert "3 Arbeitstage" in browser.contents  # inherited from the standard
    transaction.begin()
    service = world["liestal"]["wohnsitzbestaetigung"]
    assert service.standard_version == 1
    # adopting again through the page is refused with a message, nothing new is made
    browser.open(f"{world['liestal'].absolute_url()}/@@standards")
    assert "@@standards" in browser.url
    assert browser.contents.count('name="standard"') == 0


def test_allschwil_editor_cannot_adopt_into_liestal(functional, assoc_functional):
    app = functional["app"]
    browser = browser_for(app, "allschwil-editor")
    browser.open(f"{assoc_functional['liestal'].absolute_url()}/@@standards")
    assert "insufficient-privileges" in browser.url or "login" in browser.url


def test_update_page_shows_diff_and_applies(functional, assoc_functional):
    app = functional["app"]
    world = assoc_functional
    with api.env.adopt_roles(["Manager"]):
        service = adopt(world["standard"], world["liestal"], world["liestal-office"])
        service.fees_text = "CHF 25.– (Liestal)"
        world["standard"].fees_text = "CHF 30.– pro Exemplar"
        world["standard"].processing_time = "2 Arbeitstage"
        world["standard"].form_template = TEMPLATE_V2
    release(world["standard"], note="Neue Gebühren", first=False)
    transaction.commit()
    browser = browser_for(app, "liestal-editor")
    browser.open(service.absolute_url())
    assert "Update available" in browser.contents or "Aktualisierung" in browser.contents
    browser.open(f"{service.absolute_url()}/@@standard-update")
    assert "Neue Gebühren" in browser.contents
    assert "<ins>2</ins>" in browser.contents or "<ins>" in browser.contents
    browser.getForm(index=1).submit()
    transaction.begin()
    assert service.standard_version == 2
    assert service.fees_text == "CHF 25.– (Liestal)"
    assert "copies" in service.online_form.to_object.fields_model


def test_coverage_only_for_the_association(functional, assoc_functional):
    app = functional["app"]
    url = f"{assoc_functional['association'].absolute_url()}/@@coverage"
    editor = browser_for(app, "verband-editor")
    editor.open(url)
    assert "Liestal" in editor.contents and "Wohnsitzbestätigung" in editor.contents
    editor.open(url + ".csv")
    assert "Liestal" in editor.contents
    for user in (None, "liestal-editor"):
        browser = browser_for(app, user)
        browser.open(url)
        assert "Wohnsitzbestätigung" not in browser.contents


def test_association_home_status_and_feed(functional, assoc_functional):
    app = functional["app"]
    world = assoc_functional
    with api.env.adopt_roles(["Manager"]):
        news = api.content.create(world["association"], "News Item", title="Projektstart")
        api.content.transition(news, "publish")
        news.setEffectiveDate(DateTime("2026/11/03 10:00:00 GMT+1"))
        news.reindexObject()
        draft = api.content.create(world["association"], "News Item", title="Noch geheim")
        status = api.content.create(
            world["association"],
            "ProjectStatus",
            title="Projektstand",
            milestones="2027-03-31 | Pilot | laufend",
        )
        api.content.transition(status, "publish")
    transaction.commit()
    browser = browser_for(app)
    browser.open(world["association"].absolute_url())
    assert "Projektstart" in browser.contents
    assert "Noch geheim" not in browser.contents
    assert "Nov 03, 2026" in browser.contents  # the publication date, as Plone writes dates
    browser.open(f"{world['association'].absolute_url()}/@@news.rss")
    assert "<title>Projektstart</title>" in browser.contents
    assert "<pubDate>Tue, 03 Nov 2026 10:00:00 +0100</pubDate>" in browser.contents
    assert draft.title not in browser.contents
    browser.open(status.absolute_url())
    assert "Pilot" in browser.contents
    browser.open(world["standard"].absolute_url())
    assert "Erste Version" in browser.contents
    browser.open(world["catalog"].absolute_url())
    assert "Wohnsitzbestätigung bestellen" in browser.contents


def test_innovator_comments_anonymous_cannot(functional, assoc_functional):
    app = functional["app"]
    url = assoc_functional["standard"].absolute_url()
    browser = browser_for(app, "innovator")
    browser.open(url)
    form = browser.getForm(action=f"{url}/@@comment")
    form.getControl(name="comment").value = "Braucht es das Feld Verwendungszweck?"
    form.submit()
    assert "Braucht es das Feld Verwendungszweck?" in browser.contents
    anonymous = browser_for(app)
    anonymous.open(url)
    assert "Braucht es das Feld" not in anonymous.contents


def test_news_date_is_the_publication_date_or_else_the_creation_date():
    from types import SimpleNamespace

    from DateTime import DateTime

    from digitalgemeinde.publication import news_date

    created = DateTime("2026/10/01")
    published = DateTime("2026/11/03")
    floor = DateTime("1000/01/01")  # the catalog's effective date of what was never published
    assert news_date(SimpleNamespace(effective=published, created=created)) == published
    assert news_date(SimpleNamespace(effective=floor, created=created)) == created
    assert news_date(SimpleNamespace(effective=None, created=created)) == created


def test_update_page_names_the_steps_and_the_conditions_it_brings(functional, assoc_functional):
    """Issue 19: the standard now shows its form as steps and a field's condition changes; the
    municipality's editor reads both in German before applying, and the form then has them."""
    from digitalgemeinde import sitesetup
    from digitalgemeinde.association.adoption import form_of
    from digitalgemeinde.behaviors.request_form import IRequestForm
    from tests.association.test_update_steps_groups import TEMPLATE_V3
    from tests.association.test_update_steps_groups import TEMPLATE_WITH_STEPS

    sitesetup.configure_languages("de")
    world = assoc_functional
    standard = world["standard"]
    with api.env.adopt_roles(["Manager"]):
        standard.form_template = TEMPLATE_WITH_STEPS
    release(standard, note="Mit Hund", first=False)
    with api.env.adopt_roles(["Manager"]):
        service = adopt(standard, world["liestal"], world["liestal-office"])
        standard.form_template = TEMPLATE_V3
        standard.form_as_steps = True
    release(standard, note="In Schritten", first=False)
    transaction.commit()
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{service.absolute_url()}/@@standard-update")
    page = browser.contents
    assert "Formular in Schritten zeigen" in page
    assert "<del>Nein</del>" in page and "<ins>Ja</ins>" in page
    assert "Neue Bedingungen oder Angaben bei:" in page
    assert "Name des Hundes" in page and "Weitere Personen, die mitziehen" in page
    browser.getForm(index=1).submit()
    transaction.begin()
    assert IRequestForm(form_of(service)).as_steps is True
    assert (
        "&quot;any&quot;" in form_of(service).fields_model
        or '"any"' in form_of(service).fields_model
    )
