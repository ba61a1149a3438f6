"""Fee rules on the pages (issue 20): the service page shows the fee of each kind in German and
French; the edit form and REST refuse a bad rule with a clear message and store a good one; an
editor of another municipality cannot change the fee."""

from decimal import Decimal

import lxml.html
import pytest
import transaction
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.payments.fees import TABLE
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import make_request_form

FIELDS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="anzahl" type="zope.schema.Int"><title>Anzahl Exemplare</title></field>
    <field name="kategorie" type="zope.schema.Choice"><title>Kategorie</title>
      <values><element>klein</element><element>gross</element></values></field>
  </schema>
</model>"""


@pytest.fixture
def service(functional, world):
    """Liestal's "Hund anmelden" with its online form (fields anzahl and kategorie), German
    first, the visitor's browser language honoured."""
    form = make_request_form(world)
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = FIELDS
        sitesetup.configure_languages("de")
    transaction.commit()
    return world["liestal-service"]


def set_rule(service, **fields):
    for name, value in fields.items():
        setattr(service, name, value)
    transaction.commit()


def page(app, url, language="de", user=None):
    browser = browser_for(app, user)
    browser.addHeader("Accept-Language", language)
    browser.open(url)
    return lxml.html.fromstring(browser.contents)


def texts(doc, xpath) -> list[str]:
    return [" ".join(element.text_content().split()) for element in doc.xpath(xpath)]


def fee_amount(doc) -> list[str]:
    return texts(doc, "//*[@id='service-fees']//*[contains(@class, 'service-fee-amount')]")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "CHF 20.00 pro Exemplar"), ("fr", "CHF 20.00 par Exemplar")],
)
def test_per_unit_fee_on_the_service_page(app, service, language, shown):
    set_rule(
        service,
        fee_kind=PER_UNIT,
        fee_amount=Decimal("20.00"),
        fee_field="anzahl",
        fee_unit="Exemplar",
        fees_text="Bei Postversand zuzüglich Porto.",
    )
    doc = page(app, service.absolute_url(), language)
    assert fee_amount(doc) == [shown]
    assert texts(doc, "//*[@id='service-fees']//*[contains(@class, 'service-fees-text')]") == [
        "Bei Postversand zuzüglich Porto."
    ]
    assert doc.xpath("//*[@id='service-fees']//table") == []


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "CHF 20.00 × Anzahl Exemplare"), ("fr", "CHF 20.00 × Anzahl Exemplare")],
)
def test_per_unit_fee_without_a_unit_names_the_forms_field(app, service, language, shown):
    set_rule(service, fee_kind=PER_UNIT, fee_amount=Decimal("20.00"), fee_field="anzahl")
    assert fee_amount(page(app, service.absolute_url(), language)) == [shown]


@pytest.mark.parametrize(
    ("language", "shown", "heading"),
    [
        ("de", "CHF 50.00 bis CHF 120.00 je nach Kategorie", "Gebühr"),
        ("fr", "CHF 50.00 à CHF 120.00 selon Kategorie", "Émolument"),
    ],
)
def test_table_fee_on_the_service_page(app, service, language, shown, heading):
    set_rule(service, fee_kind=TABLE, fee_field="kategorie", fee_table="klein = 50\ngross = 120.00")
    doc = page(app, service.absolute_url(), language)
    assert fee_amount(doc) == [shown]
    table = "//*[@id='service-fees']//table[contains(@class, 'service-fee-table')]"
    assert texts(doc, f"{table}//th") == ["Kategorie", heading]
    assert texts(doc, f"{table}//tbody//td") == ["klein", "CHF 50.00", "gross", "CHF 120.00"]


@pytest.mark.parametrize(
    ("language", "free"), [("de", "Kostenlos"), ("fr", "Gratuit"), ("it", "Gratuito")]
)
def test_fixed_fee_and_no_fee_on_the_service_page(app, service, language, free):
    set_rule(service, fee_amount=Decimal("30.00"))  # existing content: no kind
    assert fee_amount(page(app, service.absolute_url(), language)) == ["CHF 30.00"]
    set_rule(service, fee_amount=Decimal("0.00"))
    assert fee_amount(page(app, service.absolute_url(), language)) == [free]
    set_rule(service, fee_amount=None)
    assert page(app, service.absolute_url(), language).xpath("//*[@id='service-fees']") == []


def edit(app, service, **controls):
    browser = browser_for(app, "admin")
    browser.addHeader("Accept-Language", "de")
    browser.open(f"{service.absolute_url()}/@@edit")
    for name, value in controls.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    browser.getControl(name="form.buttons.save").click()
    return browser


def test_the_edit_form_refuses_a_bad_rule_in_german_and_stores_a_good_one(app, service):
    browser = edit(
        app,
        service,
        **{"fee_kind:list": [TABLE], "fee_field": "kategorie", "fee_table": "klein 50.00"},
    )
    assert (
        "Die Zeile «klein 50.00» der Gebührentabelle hat nicht die Form «Wert = Betrag», "
        "z. B. klein = 50.00." in browser.contents
    )
    transaction.begin()
    assert service.fee_kind is None and service.fee_table is None
    browser = edit(
        app,
        service,
        **{"fee_kind:list": [TABLE], "fee_field": "rasse", "fee_table": "klein = 50.00"},
    )
    assert "Das Formular dieser Leistung hat kein Feld «rasse»." in browser.contents
    edit(
        app,
        service,
        **{
            "fee_kind:list": [TABLE],
            "fee_field": "kategorie",
            "fee_table": "klein = 50.00\ngross = 120.00",
        },
    )
    transaction.begin()
    assert (service.fee_kind, service.fee_field) == (TABLE, "kategorie")
    doc = page(app, service.absolute_url())
    assert fee_amount(doc) == ["CHF 50.00 bis CHF 120.00 je nach Kategorie"]


def test_rest_refuses_a_bad_rule_and_stores_a_good_one(app, service):
    client = RestClient(app, "admin")
    url = service.absolute_url()
    status, body = client.patch(url, {"fee_kind": PER_UNIT, "fee_amount": "20.00"})
    assert status == 400
    assert "Nennen Sie das Formularfeld, von dem die Gebühr abhängt" in str(body)
    status, body = client.patch(
        url, {"fee_kind": PER_UNIT, "fee_amount": "20.00", "fee_field": "anzahl", "fee_unit": ""}
    )
    assert status == 204, body
    transaction.begin()
    assert (service.fee_kind, service.fee_field, service.fee_amount) == (
        PER_UNIT,
        "anzahl",
        Decimal("20.00"),
    )
    # a later change of the amount alone is checked with the stored kind and field
    status, body = client.patch(url, {"fee_amount": "100'000.01"})
    assert status == 400, body
    assert "100'000.00" in body["message"]


def test_an_editor_of_another_municipality_cannot_change_the_fee(app, service):
    url = service.absolute_url()
    status, _body = RestClient(app, "allschwil-editor").patch(url, {"fee_amount": "1.00"})
    assert status in (401, 403)
    status, _body = RestClient(app, "liestal-editor").patch(url, {"fee_amount": "25.00"})
    assert status == 204
    transaction.begin()
    assert service.fee_amount == Decimal("25.00")
