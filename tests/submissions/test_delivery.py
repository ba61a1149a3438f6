"""A citizen's submission becomes a request in the responsible office's inbox."""

import pytest
import transaction
from plone import api

from tests.request_forms import make_request_form
from tests.submissions.helpers import open_form


def submit(app, form, **values):
    browser = open_form(app, form, **values)
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    return browser


def inbox(office):
    return sorted(office.objectValues(), key=lambda item: item.reference)


def test_anonymous_submission_lands_in_the_responsible_inbox(form, world, functional):
    submit(functional["app"], form)
    (submission,) = inbox(world["liestal-office"])
    assert submission.reference.startswith("2829-")
    assert len(submission.reference) == len("2829-2026-000001")
    assert submission.reference.split("-")[1] == str(submission.submitted.year)
    assert api.content.get_state(submission) == "submitted"
    assert submission.values["name"] == "Anna Muster"
    assert submission.submitter_email == "anna@example.ch"
    assert submission.service_title == "Hund anmelden"
    assert submission.form_uid == form.UID()
    assert inbox(world["allschwil-office"]) == []


def test_the_request_keeps_the_language_the_citizen_chose(form, world, functional):
    """Mails, status page and receipt follow it: Italian too, chosen with the switch."""
    from digitalgemeinde.sitesetup import configure_languages

    configure_languages("de")
    transaction.commit()
    browser = open_form(functional["app"], form)
    browser.cookies["I18N_LANGUAGE"] = "it"
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    (submission,) = inbox(world["liestal-office"])
    assert submission.language == "it"


def test_each_submission_gets_a_fresh_number(form, world, functional):
    for dog in ("Bello", "Rex", "Luna"):
        submit(functional["app"], form, dog=dog)
    numbers = [int(item.reference[-6:]) for item in inbox(world["liestal-office"])]
    assert sorted(numbers) == [1, 2, 3]  # one after the other, no gaps


def test_values_are_typed_by_the_form_schema(form, world, functional):
    submit(functional["app"], form, born="2020-05-17")
    (submission,) = inbox(world["liestal-office"])
    from datetime import date

    assert submission.values["born"] == date(2020, 5, 17)


def test_no_ip_address_or_user_agent_is_kept(form, world, functional):
    submit(functional["app"], form)
    (submission,) = inbox(world["liestal-office"])
    stored = repr(submission.__dict__) + repr(dict(submission.values)) + repr(list(submission.log))
    assert "127.0.0.1" not in stored
    assert "Python-urllib" not in stored and "zope.testbrowser" not in stored.lower()


def test_office_and_citizen_are_mailed(form, world, functional):
    submit(functional["app"], form)
    messages = [
        m.decode() if isinstance(m, bytes) else m for m in functional["portal"].MailHost.messages
    ]
    (submission,) = inbox(world["liestal-office"])
    to_office = [m for m in messages if "To: ed@liestal.example.ch" in m]
    to_citizen = [m for m in messages if "To: anna@example.ch" in m]
    assert len(to_office) == 1 and len(to_citizen) == 1
    assert submission.reference in to_office[0]
    assert "@@anliegen/" in to_citizen[0]


def test_sensitive_form_keeps_personal_data_out_of_the_office_mail(world, functional):
    form = make_request_form(world, sensitive=True)
    transaction.commit()
    submit(functional["app"], form, name="Geheim Person", dog="Geheimhund")
    messages = [
        m.decode() if isinstance(m, bytes) else m for m in functional["portal"].MailHost.messages
    ]
    (to_office,) = [m for m in messages if "To: ed@liestal.example.ch" in m]
    assert "Geheimhund" not in to_office and "Geheim Person" not in to_office
    (submission,) = inbox(world["liestal-office"])
    assert submission.reference in to_office


def test_form_of_a_canton_uses_the_cantonal_number(world, functional):
    form = make_request_form(world, tenant="bl")
    transaction.commit()
    submit(functional["app"], form)
    (submission,) = inbox(world["bl-office"])
    assert submission.reference.startswith("13-")


@pytest.mark.parametrize(
    "user,allowed",
    [
        ("liestal-clerk", True),
        ("liestal-admin", True),
        ("liestal-editor", False),
        ("liestal-reviewer", False),
        ("allschwil-editor", False),
        ("bl-editor", False),
    ],
)
def test_only_the_offices_staff_and_the_tenants_admins_see_it(
    form, world, functional, user, allowed
):
    submit(functional["app"], form)
    (submission,) = inbox(world["liestal-office"])
    assert api.user.has_permission("View", username=user, obj=submission) is allowed
    assert (
        api.user.has_permission(
            "digitalgemeinde: Process submission", username=user, obj=submission
        )
        is allowed
    )


def test_deliver_action_offers_the_offices_of_the_tenant_and_canton(form, world):
    from zope.component import getUtility
    from zope.schema.interfaces import IVocabularyFactory

    factory = getUtility(IVocabularyFactory, "digitalgemeinde.vocabularies.form_offices")
    titles = [term.title for term in factory(form)]
    assert titles == ["Einwohnerdienste", "Steuerverwaltung (Basel-Landschaft)"]


def test_only_the_hash_of_the_status_token_is_stored(form, world, functional):
    from digitalgemeinde.submissions.delivery import deliver
    from digitalgemeinde.submissions.tokens import hash_token

    delivery = deliver(
        form, {"name": "A", "email": "a@example.ch", "dog": "B"}, functional["request"]
    )
    submission = delivery.submission
    assert len(delivery.token) >= 32  # 192 bits, url-safe base64
    assert delivery.token not in repr(submission.__dict__)
    assert submission.token_hashes == [hash_token(delivery.token)]
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(token_hashes=hash_token(delivery.token))
    assert [brain.getPath() for brain in found] == ["/".join(submission.getPhysicalPath())]
