"""«New service with form»: one step makes the service, its form in the site's language with
the e-mail field for the receipt, the consent text and the delivery to the chosen office; only
for the tenant's editors, and bad answers are refused naming the field, with nothing made."""

import transaction
from plone import api
from plone.uuid.interfaces import IUUID

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.delivery import deliver_action
from digitalgemeinde.submissions.new_service import Answers
from digitalgemeinde.submissions.new_service import NewServiceRefused
from digitalgemeinde.submissions.new_service import NotAllowed
from digitalgemeinde.submissions.new_service import create
from tests.helpers import RestClient
from tests.helpers import browser_for


def types_in(tenant) -> list[str]:
    return sorted(obj.portal_type for obj in tenant.objectValues())


def page_create(browser, tenant, title="Parkkarte beantragen", fields=("name", "email")):
    browser.open(f"{tenant.absolute_url()}/@@new-service")
    browser.getControl(name="form.widgets.title").value = title
    browser.getControl(name="form.widgets.description").value = "Eine Parkkarte für Anwohner."
    browser.getControl(name="form.widgets.topics:list").value = ["mobility"]
    browser.getControl(name="form.widgets.office:list").value = [IUUID(tenant["einwohnerdienste"])]
    browser.getControl(name="form.widgets.fee_amount").value = "CHF 30.–"
    browser.getControl(name="form.widgets.processing_time").value = "5 Arbeitstage"
    browser.getControl(name="form.widgets.standard_fields:list").value = list(fields)
    browser.getControl(name="form.buttons.create").click()


def test_editor_creates_service_and_form_in_german(world, functional):
    sitesetup.configure_languages("de")
    transaction.commit()
    browser = browser_for(functional["app"], "liestal-editor")
    page_create(browser, world["liestal"])
    assert browser.url.endswith("/parkkarte-beantragen-formular/fields")
    assert "Left to do" in browser.contents or "Noch zu tun" in browser.contents
    tenant = world["liestal"]
    service = tenant["parkkarte-beantragen"]
    form = tenant["parkkarte-beantragen-formular"]
    assert service.topics == ["mobility"] and str(service.fee_amount) == "30.00"
    assert service.processing_time == "5 Arbeitstage"
    assert service.responsible_office.to_object == world["liestal-office"]
    assert service.online_form.to_object == form
    assert api.content.get_state(service) == api.content.get_state(form) == "private"
    assert "<title>Vorname</title>" in form.fields_model
    assert 'name="email" type="plone.schema.email.Email"' in form.fields_model
    assert "<title>E-Mail</title>" in form.fields_model
    assert "replyto" not in form.fields_model and "Your E-Mail" not in form.fields_model
    assert "adresse" not in form.fields_model  # not chosen
    action = deliver_action(form)
    assert action.office == IUUID(world["liestal-office"]) and action.email_field == "email"
    assert "mailer" not in form.actions_model
    assert "Zweck und Datenschutz" in form.formEpilogue.raw
    assert form.submitLabel == "Absenden"
    assert service.getOwner().getId() == "liestal-editor"


def test_french_site_gets_french_fields(world, functional):
    sitesetup.configure_languages("fr")
    with api.env.adopt_user(username="liestal-editor"):
        created = create(world["liestal"], answers(world))
    model = created.form.fields_model
    assert "<title>Prénom</title>" in model and "<title>Nom</title>" in model
    assert "<title>Courriel</title>" in model
    assert "Finalité et protection des données" in created.form.formEpilogue.raw


def answers(world, **changes) -> Answers:
    values = {
        "title": "Parkkarte beantragen",
        "topics": ["mobility"],
        "office": IUUID(world["liestal-office"]),
        **changes,
    }
    return Answers(**values)


def test_privacy_text_from_the_settings(world, functional):
    api.portal.set_registry_record("digitalgemeinde.privacy_text", "Nur für die Parkkarte.")
    api.portal.set_registry_record("digitalgemeinde.privacy_url", "https://liestal.ch/ds")
    with api.env.adopt_user(username="liestal-editor"):
        created = create(world["liestal"], answers(world))
    html = created.form.formEpilogue.raw
    assert "<p>Nur für die Parkkarte.</p>" in html and 'href="https://liestal.ch/ds"' in html


def test_other_tenants_editor_and_citizen_are_refused(world, functional):
    before = types_in(world["liestal"])
    for user in ("allschwil-editor", None):
        browser = browser_for(functional["app"], user)
        browser.open(f"{world['liestal'].absolute_url()}/@@new-service")
        assert browser.headers["status"].startswith(("401", "403")) or "login" in browser.url
        client = RestClient(functional["app"], user)
        status, _body = client.post(
            f"{world['liestal'].absolute_url()}/@new-service",
            {"title": "X", "topics": ["mobility"], "office": IUUID(world["liestal-office"])},
        )
        assert status in (401, 403)
    with api.env.adopt_user(username="allschwil-editor"):
        try:
            create(world["liestal"], answers(world))
        except NotAllowed:
            pass
        else:
            raise AssertionError("another tenant's editor made a service")
    transaction.abort()
    assert types_in(world["liestal"]) == before


def refused(world, **changes) -> dict:
    before = types_in(world["liestal"])
    with api.env.adopt_user(username="liestal-editor"):
        try:
            create(world["liestal"], answers(world, **changes))
        except NewServiceRefused as error:
            assert types_in(world["liestal"]) == before
            return error.errors
    raise AssertionError("not refused")


def test_bad_answers_are_refused_naming_the_field(world, functional):
    assert list(refused(world, title="  ")) == ["title"]
    assert list(refused(world, office=IUUID(world["allschwil-office"]))) == ["office"]
    assert list(refused(world, topics=["astrology"])) == ["topics"]
    assert list(refused(world, fee_amount="zwanzig")) == ["fee_amount"]
    assert sorted(refused(world, title="", topics=[])) == ["title", "topics"]


def test_page_refuses_office_of_another_tenant(world, functional):
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{world['liestal'].absolute_url()}/@@new-service")
    options = browser.getControl(name="form.widgets.office:list").options
    assert IUUID(world["allschwil-office"]) not in options
    assert IUUID(world["liestal-office"]) in options
    assert IUUID(world["bl-office"]) in options  # the canton's office may handle it


def test_rest_creates_and_refuses(world, functional):
    client = RestClient(functional["app"], "liestal-editor")
    url = f"{world['liestal'].absolute_url()}/@new-service"
    status, body = client.post(url, {"title": "Velo", "topics": ["nope"], "office": "x"})
    assert status == 400
    assert {item["field"] for item in body["errors"]} == {"topics", "office"}
    status, body = client.post(
        url,
        {
            "title": "Velovignette",
            "topics": ["mobility"],
            "office": IUUID(world["liestal-office"]),
            "fields": ["email"],
        },
    )
    assert status == 201, body
    assert body["service"]["@id"].endswith("/liestal/velovignette")
    assert body["form"]["fields_editor"].endswith("/velovignette-formular/fields")
    assert body["receipt_by_mail"] is True
    transaction.begin()
    assert "velovignette-formular" in world["liestal"]


def test_add_menu_offers_it_to_editors(world, functional):
    browser = browser_for(functional["app"], "liestal-editor")
    browser.open(f"{world['liestal'].absolute_url()}/folder_factories")
    assert "@@new-service" in browser.contents
