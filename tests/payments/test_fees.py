"""Fee rules as data (issue 20): the arithmetic in integer centimes, each kind, bad rules and
bad values refused with a message in the user's language, the rule as the page reads it."""

from decimal import Decimal

import pytest
from zope.i18n import translate

from digitalgemeinde.payments.fees import FIXED
from digitalgemeinde.payments.fees import MAXIMUM
from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.payments.fees import TABLE
from digitalgemeinde.payments.fees import FeeRule
from digitalgemeinde.payments.fees import FeeRuleError
from digitalgemeinde.payments.fees import FeeValueError
from digitalgemeinde.payments.fees import amount_due
from digitalgemeinde.payments.fees import centimes
from digitalgemeinde.payments.fees import describe
from digitalgemeinde.payments.fees import format_centimes
from digitalgemeinde.payments.fees import make_rule
from digitalgemeinde.payments.fees import parse_table
from digitalgemeinde.payments.fees import table_text

DOG_TAX = "klein = 50.00\ngross = 120.00\nAssistenzhund = 0"


def german(message) -> str:
    return translate(message, target_language="de")


def french(message) -> str:
    return translate(message, target_language="fr")


def italian(message) -> str:
    return translate(message, target_language="it")


# --- centimes: exact, never a float ---------------------------------------------------------


@pytest.mark.parametrize(
    ("francs", "expected"),
    [
        (Decimal("20.00"), 2000),
        (Decimal("0.10"), 10),
        (Decimal("2500"), 250000),
        (Decimal("0"), 0),
        (20, 2000),
        ("2'500.00", 250000),
        ("2,50", 250),
        ("CHF 20.–", 2000),
    ],
)
def test_centimes_of_francs_are_exact_integers(francs, expected):
    value = centimes(francs)
    assert value == expected
    assert type(value) is int


def test_centimes_add_up_where_floats_would_not():
    # 0.10 + 0.20 is 0.30000000000000004 in floats; three items of CHF 0.10 are 30 centimes
    assert centimes(Decimal("0.10")) * 3 == centimes(Decimal("0.30")) == 30
    rule = make_rule(PER_UNIT, Decimal("0.10"), field="anzahl")
    assert amount_due(rule, {"anzahl": 3}) == 30


@pytest.mark.parametrize("francs", [0.1, 20.0, True])
def test_floats_are_refused(francs):
    with pytest.raises(TypeError):
        centimes(francs)


def test_a_fraction_of_a_centime_is_refused():
    with pytest.raises(FeeRuleError):
        centimes(Decimal("0.005"))


def test_format_centimes_in_swiss_notation():
    assert format_centimes(4000) == "CHF 40.00"
    assert format_centimes(5) == "CHF 0.05"
    assert format_centimes(250000) == "CHF 2'500.00"


# --- each kind ------------------------------------------------------------------------------


def test_fixed_fee():
    rule = make_rule(FIXED, Decimal("40.00"))
    assert rule == FeeRule(FIXED, amount=4000)
    assert amount_due(rule, {}) == 4000
    assert amount_due(rule, {"anzahl": 7}) == 4000


def test_no_kind_is_a_fixed_fee_and_no_amount_or_zero_no_fee():
    assert make_rule(None, Decimal("30.00")) == FeeRule(FIXED, amount=3000)
    assert make_rule(None, None) is None
    assert make_rule(None, Decimal("0.00")) is None
    assert make_rule("", "") is None


@pytest.mark.parametrize(("count", "expected"), [(1, 2000), (2, 4000), (5, 10000), (" 3 ", 6000)])
def test_per_unit_fee(count, expected):
    rule = make_rule(PER_UNIT, Decimal("20.00"), field="anzahl", unit="Exemplar")
    assert rule == FeeRule(PER_UNIT, amount=2000, field="anzahl", unit="Exemplar")
    assert amount_due(rule, {"anzahl": count}) == expected


@pytest.mark.parametrize(
    ("values", "german_text"),
    [
        ({"anzahl": "zwei"}, "«zwei» ist keine ganze Zahl, z. B. 2."),
        ({"anzahl": 2.0}, "«2.0» ist keine ganze Zahl, z. B. 2."),
        ({"anzahl": True}, "«True» ist keine ganze Zahl, z. B. 2."),
        ({"anzahl": "²"}, "«²» ist keine ganze Zahl, z. B. 2."),
        ({"anzahl": 0}, "Die Zahl muss mindestens 1 sein."),
        ({"anzahl": -1}, "Die Zahl muss mindestens 1 sein."),
        ({"anzahl": ""}, "Geben Sie die Zahl an, nach der die Gebühr berechnet wird."),
        ({}, "Geben Sie die Zahl an, nach der die Gebühr berechnet wird."),
    ],
)
def test_per_unit_refuses_a_count_that_is_no_whole_number_of_at_least_one(
    integration, values, german_text
):
    rule = make_rule(PER_UNIT, Decimal("20.00"), field="anzahl")
    with pytest.raises(FeeValueError) as refused:
        amount_due(rule, values)
    assert german(refused.value.message) == german_text
    assert amount_due(rule, {"anzahl": 1}) == 2000  # the legitimate path next to it


def test_per_unit_refuses_a_total_above_the_maximum(integration):
    rule = make_rule(PER_UNIT, Decimal("1000.00"), field="anzahl")
    assert amount_due(rule, {"anzahl": 100}) == MAXIMUM
    with pytest.raises(FeeValueError) as refused:
        amount_due(rule, {"anzahl": 101})
    assert "CHF 100'000.00" in german(refused.value.message)


def test_table_fee_by_a_fields_value():
    rule = make_rule(TABLE, field="kategorie", table=DOG_TAX)
    assert rule.table == (("klein", 5000), ("gross", 12000), ("Assistenzhund", 0))
    assert amount_due(rule, {"kategorie": "klein"}) == 5000
    assert amount_due(rule, {"kategorie": " gross "}) == 12000
    assert amount_due(rule, {"kategorie": "Assistenzhund"}) == 0


@pytest.mark.parametrize("value", ["mittel", "Klein", None, ["klein"], 1])
def test_table_refuses_a_value_not_in_the_table(integration, value):
    rule = make_rule(TABLE, field="kategorie", table=DOG_TAX)
    with pytest.raises(FeeValueError) as refused:
        amount_due(rule, {"kategorie": value})
    assert german(refused.value.message).endswith(
        "hat keine Gebühr. Wählen Sie eines von: klein, gross, Assistenzhund."
    )


def test_table_text_round_trips():
    table = parse_table("klein = 50\n\n  gross=120.5 \nsehr = gross = 1'000.00\n")
    assert table == (("klein", 5000), ("gross", 12050), ("sehr = gross", 100000))
    assert parse_table(table_text(table)) == table


# --- bad rules, refused with a message in de, fr, it ----------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "german_text"),
    [
        (
            {"kind": FIXED, "amount": "100'000.01"},
            "Eine Gebühr beträgt höchstens CHF 100'000.00.",
        ),
        ({"kind": FIXED, "amount": Decimal("-5")}, "Eine Gebühr kann nicht negativ sein."),
        (
            {"kind": PER_UNIT, "amount": Decimal("20")},
            "Nennen Sie das Formularfeld, von dem die Gebühr abhängt, z. B. anzahl.",
        ),
        (
            {"kind": PER_UNIT, "field": "anzahl"},
            "Geben Sie den Betrag pro Einheit an, z. B. 20.00.",
        ),
        (
            {"kind": PER_UNIT, "amount": Decimal("20"), "field": "anzahl", "field_names": ["x"]},
            "Das Formular dieser Leistung hat kein Feld «anzahl». Seine Felder: x.",
        ),
        (
            {"kind": TABLE, "field": "kategorie"},
            "Geben Sie die Gebührentabelle an: eine Zeile pro Wert, z. B. klein = 50.00.",
        ),
        (
            {"kind": TABLE, "field": "kategorie", "table": "klein 50.00"},
            "Die Zeile «klein 50.00» der Gebührentabelle hat nicht die Form «Wert = Betrag», "
            "z. B. klein = 50.00.",
        ),
        (
            {"kind": TABLE, "field": "kategorie", "table": " = 50.00"},
            "Die Zeile «= 50.00» der Gebührentabelle hat nicht die Form «Wert = Betrag», "
            "z. B. klein = 50.00.",
        ),
        (
            {"kind": TABLE, "field": "kategorie", "table": "klein = 5\nklein = 6"},
            "Der Wert «klein» steht zweimal in der Gebührentabelle.",
        ),
        (
            {"kind": TABLE, "field": "kategorie", "table": "klein = viel"},
            "«viel» ist kein Betrag in Franken. Schreiben Sie ihn wie 20.00, 2,50 oder 2'500.00.",
        ),
        ({"kind": "gratis"}, "Wählen Sie, wie die Gebühr berechnet wird."),
    ],
)
def test_bad_rules_are_refused_in_german(integration, kwargs, german_text):
    with pytest.raises(FeeRuleError) as refused:
        make_rule(**kwargs)
    assert german(refused.value.message) == german_text
    assert french(refused.value.message) != german_text
    assert italian(refused.value.message) not in (german_text, french(refused.value.message))


# --- the rule as the service page reads it --------------------------------------------------


def test_description_of_each_kind_in_german_and_french(integration):
    fixed = describe(make_rule(FIXED, Decimal("30.00")))
    assert fixed.summary == "CHF 30.00"
    assert fixed.rows == ()
    per_unit = describe(make_rule(PER_UNIT, Decimal("20"), field="anzahl", unit="Exemplar"))
    assert german(per_unit.summary) == "CHF 20.00 pro Exemplar"
    assert french(per_unit.summary) == "CHF 20.00 par Exemplar"
    assert italian(per_unit.summary) == "CHF 20.00 per Exemplar"
    by_field = describe(make_rule(PER_UNIT, Decimal("20"), field="anzahl"), "Anzahl Exemplare")
    assert german(by_field.summary) == "CHF 20.00 × Anzahl Exemplare"
    table = describe(make_rule(TABLE, field="kategorie", table=DOG_TAX), "Kategorie")
    assert german(table.summary) == "CHF 0.00 bis CHF 120.00 je nach Kategorie"
    assert french(table.summary) == "CHF 0.00 à CHF 120.00 selon Kategorie"
    assert table.label == "Kategorie"
    assert table.rows == (
        ("klein", "CHF 50.00"),
        ("gross", "CHF 120.00"),
        ("Assistenzhund", "CHF 0.00"),
    )
    same = describe(make_rule(TABLE, field="kategorie", table="a = 5\nb = 5"), "Kategorie")
    assert same.summary == "CHF 5.00"
