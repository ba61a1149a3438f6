"""The fee rule of a service (issue 20): an adopted standard service brings its rule, the
municipality may change the amounts (not the kind nor the field); the fee of a request of a
form; existing content without a rule."""

from decimal import Decimal

import pytest
from plone import api
from zope.i18n import translate

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.payments.fee_validation import rule_problem
from digitalgemeinde.payments.fees import FIXED
from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.payments.fees import TABLE
from digitalgemeinde.payments.fees import FeeRule
from digitalgemeinde.payments.fees import FeeValueError
from digitalgemeinde.payments.service_fees import fee_description
from digitalgemeinde.payments.service_fees import fee_for
from digitalgemeinde.payments.service_fees import rule_of
from tests.association.helpers import build_association
from tests.association.helpers import make_standard
from tests.association.helpers import release
from tests.helpers import build_world
from tests.request_forms import make_request_form

DOG_TEMPLATE = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="kategorie" type="zope.schema.Choice"><title>Kategorie</title>
      <values><element>klein</element><element>gross</element></values></field>
  </schema>
</model>"""

COUNT_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="anzahl" type="zope.schema.Int"><title>Anzahl Exemplare</title></field>
  </schema>
</model>"""


@pytest.fixture
def assoc(integration):
    world = build_world(integration["portal"], commit=False)
    return build_association(integration["portal"], world, commit=False)


@pytest.fixture
def dog_standard(assoc):
    """A released standard "Hund anmelden": the dog tax by category, from a table."""
    standard = make_standard(
        assoc["catalog"],
        id_="hund-anmelden-standard",
        title="Hund anmelden",
        form_template=DOG_TEMPLATE,
        fee_kind=TABLE,
        fee_field="kategorie",
        fee_table="klein = 50.00\ngross = 120.00",
    )
    release(standard)
    return standard


@pytest.fixture
def copies_standard(assoc):
    """The association's released Wohnsitzbestätigung, as version 2 with CHF 20 per copy."""
    standard = assoc["standard"]
    with api.env.adopt_roles(["Manager"]):
        standard.form_template = COUNT_MODEL
        standard.fee_kind = PER_UNIT
        standard.fee_amount = Decimal("20.00")
        standard.fee_field = "anzahl"
        standard.fee_unit = "Exemplar"
    release(standard, note="Gebühr pro Exemplar", first=False)
    return standard


def german(message) -> str:
    return translate(message, target_language="de")


def test_an_adopted_standard_brings_its_table_rule(assoc, dog_standard):
    service = adopt(dog_standard, assoc["liestal"], assoc["liestal-office"])
    assert service.fee_kind is None and service.fee_table is None  # nothing copied: inherited
    assert rule_of(service) == FeeRule(
        TABLE, field="kategorie", table=(("klein", 5000), ("gross", 12000))
    )
    assert fee_for(form_of(service), {"kategorie": "gross"}) == 12000
    description = fee_description(service)
    assert german(description.summary) == "CHF 50.00 bis CHF 120.00 je nach Kategorie"
    assert description.rows == (("klein", "CHF 50.00"), ("gross", "CHF 120.00"))


def test_the_municipality_overrides_the_tables_amounts_value_by_value(assoc, dog_standard):
    liestal = adopt(dog_standard, assoc["liestal"], assoc["liestal-office"])
    allschwil = adopt(dog_standard, assoc["allschwil"], assoc["allschwil-office"])
    assert rule_problem(liestal, {"fee_table": "gross = 150.00"}) is None
    liestal.fee_table = "gross = 150.00"
    assert rule_of(liestal).table == (("klein", 5000), ("gross", 15000))
    assert fee_for(form_of(liestal), {"kategorie": "gross"}) == 15000
    assert fee_for(form_of(liestal), {"kategorie": "klein"}) == 5000
    # the other municipality keeps the standard's amounts
    assert fee_for(form_of(allschwil), {"kategorie": "gross"}) == 12000


def test_an_adopted_service_may_not_change_the_kind_nor_the_field(integration, assoc, dog_standard):
    service = adopt(dog_standard, assoc["liestal"], assoc["liestal-office"])
    message = (
        "Die Art der Gebühr und ihr Formularfeld kommen von der Standardleistung: Hier können "
        "Sie nur die Beträge ändern."
    )
    assert german(rule_problem(service, {"fee_kind": FIXED})) == message
    assert german(rule_problem(service, {"fee_field": "name"})) == message
    assert german(rule_problem(service, {"fee_table": "riesig = 300.00"})) == (
        "Die Gebührentabelle der Standardleistung hat keinen Wert «riesig». Ihre Werte: "
        "klein, gross."
    )
    assert german(rule_problem(service, {"fee_table": "gross = -1"})) == (
        "«-1» ist kein Betrag in Franken. Schreiben Sie ihn wie 20.00, 2,50 oder 2'500.00."
    )
    # the same kind and field, and the amounts, are fine
    assert rule_problem(service, {"fee_kind": TABLE, "fee_field": "kategorie"}) is None
    # a kind set locally all the same (e.g. by a script) is not followed
    service.fee_kind = FIXED
    service.fee_amount = Decimal("10.00")
    assert rule_of(service).kind == TABLE


def test_an_adopted_per_unit_rule_with_the_municipalitys_amount(assoc, copies_standard):
    service = adopt(copies_standard, assoc["liestal"], assoc["liestal-office"])
    form = form_of(service)
    assert rule_of(service) == FeeRule(PER_UNIT, amount=2000, field="anzahl", unit="Exemplar")
    assert fee_for(form, {"anzahl": 2}) == 4000
    assert german(fee_description(service).summary) == "CHF 20.00 pro Exemplar"
    service.fee_amount = Decimal("25.00")  # overridden here
    assert fee_for(form, {"anzahl": 2}) == 5000
    assert german(fee_description(service).summary) == "CHF 25.00 pro Exemplar"
    with pytest.raises(FeeValueError):
        fee_for(form, {"anzahl": 0})
    service.fee_amount = Decimal("0")  # free here, whatever the standard asks
    assert fee_for(form, {"anzahl": 2}) is None


def test_a_standards_rule_is_checked_against_its_form_template(integration, assoc, dog_standard):
    assert rule_problem(dog_standard, {"fee_field": "kategorie"}) is None
    assert german(rule_problem(dog_standard, {"fee_field": "rasse"})) == (
        "Das Formular dieser Leistung hat kein Feld «rasse». Seine Felder: name, email, kategorie."
    )


def test_the_rule_must_fit_its_forms_field(integration, assoc, dog_standard):
    # a count from a text field could be anything: refused
    assert german(
        rule_problem(
            dog_standard,
            {"fee_kind": PER_UNIT, "fee_field": "name", "fee_amount": Decimal("5")},
        )
    ) == (
        "Das Feld «Name» nimmt keine ganze Zahl auf: Eine Gebühr pro Einheit braucht ein "
        "Zahlenfeld."
    )
    # a table must price every choice of the field, and only those
    for table in ("klein = 50.00", "klein = 50.00\ngross = 120.00\nriesig = 200.00"):
        assert german(rule_problem(dog_standard, {"fee_table": table})) == (
            "Die Gebührentabelle braucht eine Zeile für jede Auswahl des Felds «Kategorie»: "
            "klein, gross."
        )
    assert rule_problem(dog_standard, {"fee_table": "gross = 100\nklein = 40"}) is None


@pytest.fixture
def world(integration):
    return build_world(integration["portal"], commit=False)


def test_fee_for_a_form_with_and_without_a_fee(world):
    form = make_request_form(world)
    service = world["liestal-service"]
    assert fee_for(form, {"name": "Anna"}) is None  # no rule, no amount
    service.fee_amount = Decimal("0.00")
    assert fee_for(form, {"name": "Anna"}) is None  # CHF 0.00 is no fee
    service.fee_amount = Decimal("30.00")  # existing content: a fixed fee, no kind set
    assert fee_for(form, {"name": "Anna"}) == 3000
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = COUNT_MODEL
    service.fee_kind, service.fee_field = PER_UNIT, "anzahl"
    assert fee_for(form, {"anzahl": 3}) == 9000
    with pytest.raises(FeeValueError) as refused:
        fee_for(form, {"anzahl": "zwei"})
    assert german(refused.value.message) == "«zwei» ist keine ganze Zahl, z. B. 2."


def test_a_form_no_service_links_has_no_fee(world):
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(world["liestal"], "EasyForm", id="lose", title="Lose")
    assert fee_for(form, {}) is None


def test_existing_content_shows_its_fixed_fee_or_free_of_charge(world):
    service = world["liestal-service"]
    assert fee_description(service) is None
    service.fee_amount = Decimal("20.00")
    assert fee_description(service).summary == "CHF 20.00"
    service.fee_amount = Decimal("0.00")
    assert german(fee_description(service).summary) == "Kostenlos"
