"""Amounts of francs as Swiss users write them: the fee field in de, fr and it, and the one
formatter of the pages (CHF 2.50, CHF 2'500.00)."""

from decimal import Decimal

import pytest
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from zope.i18n import translate

from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.amounts import parse_amount
from tests.helpers import RestClient
from tests.helpers import add_municipality
from tests.helpers import add_service

MEANT = [
    ("2.50", "2.50"),
    ("2,50", "2.50"),
    ("2'500.00", "2500.00"),
    ("2’500.00", "2500.00"),
    ("CHF 2.50", "2.50"),
    ("chf 2,5", "2.50"),
    ("2 500", "2500.00"),
    ("20", "20.00"),
    ("20.–", "20.00"),
    ("Fr. 12.-", "12.00"),
    ("1'250'000.05", "1250000.05"),
]
REFUSED = ["2.5.0", "abc", "2,50.00", "25'00", "2.505", "-5", "1.234,50", "CHF"]


@pytest.mark.parametrize("text,amount", MEANT)
def test_what_a_swiss_user_means(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", REFUSED)
def test_what_is_no_amount_is_refused(text):
    with pytest.raises(AmountError) as refused:
        parse_amount(text)
    assert translate(refused.value.message, target_language="de").startswith(f"«{text}»")


def test_empty_is_no_amount():
    assert parse_amount("") is None and parse_amount("  ") is None and parse_amount(None) is None


def test_amounts_are_shown_the_swiss_way():
    assert format_chf(Decimal("2.5")) == "CHF 2.50"
    assert format_chf(Decimal("2500")) == "CHF 2'500.00"
    assert format_chf(1250000) == "CHF 1'250'000.00"
    assert format_chf(None) == ""


@pytest.fixture
def service(functional):
    portal = functional["portal"]
    # the editor's language, from the browser's Accept-Language
    api.portal.set_registry_record("plone.available_languages", ["de", "fr", "it"])
    api.portal.set_registry_record("plone.use_request_negotiation", True)
    with api.env.adopt_roles(["Manager"]):
        liestal = add_municipality(portal, "liestal")
        dog = add_service(liestal, "hund-anmelden", "Hund anmelden", ["personal"])
    transaction.commit()
    return dog


def edit_fee(app, service, language: str, text: str) -> Browser:
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.addHeader("Accept-Language", language)
    browser.open(f"{service.absolute_url()}/@@edit")
    control = browser.getControl(name=fee_control_name(browser))
    control.value = text
    browser.getControl(name="form.buttons.save").click()
    return browser


def fee_control_name(browser) -> str:
    import re

    (name,) = set(re.findall(r'name="([^"]*fee_amount)"', browser.contents))
    return name


@pytest.mark.parametrize("language", ["de", "fr", "it"])
@pytest.mark.parametrize(
    "text,amount,shown",
    [
        ("2.50", "2.50", "CHF 2.50"),
        ("2,50", "2.50", "CHF 2.50"),
        ("2'500.00", "2500.00", "CHF 2'500.00"),
        ("2’500.00", "2500.00", "CHF 2'500.00"),
        ("CHF 2.50", "2.50", "CHF 2.50"),
    ],
)
def test_fee_field_stores_what_the_user_means(app, service, language, text, amount, shown):
    browser = edit_fee(app, service, language, text)
    transaction.begin()
    assert service.fee_amount == Decimal(amount)
    browser.open(service.absolute_url())
    assert shown in browser.contents


ERRORS = {
    "de": "«2.5.0» ist kein Betrag in Franken",
    "fr": "« 2.5.0 » n'est pas un montant en francs",
    "it": "«2.5.0» non è un importo in franchi",
}


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_fee_field_refuses_what_is_no_amount(app, service, language):
    edit_fee(app, service, language, "20")
    browser = edit_fee(app, service, language, "2.5.0")
    contents = browser.contents.replace("&#x27;", "'").replace("&#39;", "'")
    assert ERRORS[language] in contents, language
    transaction.begin()
    assert service.fee_amount == Decimal("20.00")
    browser.getControl(name=fee_control_name(browser)).value = "abc"
    browser.getControl(name="form.buttons.save").click()
    assert "abc" in browser.contents and "2'500.00" in browser.contents
    transaction.begin()
    assert service.fee_amount == Decimal("20.00")


def test_edit_form_shows_the_stored_fee_the_swiss_way(app, service):
    browser = edit_fee(app, service, "de", "2500")
    browser.open(f"{service.absolute_url()}/@@edit")
    assert browser.getControl(name=fee_control_name(browser)).value == "2'500.00"


@pytest.mark.parametrize(
    "sent,stored",
    [("2,50", "2.50"), ("2'500.00", "2500.00"), ("CHF 2.50", "2.50"), (2.5, "2.50"), (20, "20.00")],
)
def test_rest_takes_the_fee_as_a_swiss_user_means_it(app, service, sent, stored):
    client = RestClient(app, "admin")
    status, _body = client.patch(service.absolute_url(), {"fee_amount": sent})
    assert status == 204
    transaction.begin()
    assert service.fee_amount == Decimal(stored)


def test_rest_refuses_what_is_no_amount_and_keeps_the_fee(app, service):
    client = RestClient(app, "admin")
    client.patch(service.absolute_url(), {"fee_amount": "40.00"})
    status, body = client.patch(service.absolute_url(), {"fee_amount": "2.5.0"})
    assert status == 400
    assert "is not an amount in francs" in str(body)
    transaction.begin()
    assert service.fee_amount == Decimal("40.00")
