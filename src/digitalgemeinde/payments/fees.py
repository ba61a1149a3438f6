"""Fee rules of services (issue 20): what a request costs, in integer centimes.

A rule is data, one of three kinds:

- **fixed**: one amount (``fee_amount``), e.g. CHF 30.00;
- **per unit**: an amount times the whole number a citizen enters in a form field, e.g. CHF 20.00
  times "Anzahl Exemplare" (``fee_field`` names the field, ``fee_unit`` what one unit is);
- **table**: the amount chosen by the value of a form field, e.g. the dog tax by category: the
  table is text, one line per value, ``klein = 50.00`` (``fee_table``).

Amounts are counted in centimes (``int``) from the SwissAmount ``Decimal`` of francs, exactly:
never a float. A bad rule (an editor's) raises :class:`FeeRuleError`, a bad value (a citizen's)
:class:`FeeValueError`; both carry a message for the user. This module knows no content: the
rule of a service (inherited from its standard) and the fee of a form are in ``service_fees``.
"""

from dataclasses import dataclass
from decimal import Decimal

from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.amounts import parse_amount

FIXED = "fixed"
PER_UNIT = "per_unit"
TABLE = "table"
KINDS = (FIXED, PER_UNIT, TABLE)

# The most a single fee (or a request's total) may be: CHF 100'000.00.
MAXIMUM = 10_000_000
MAXIMUM_FRANCS = Decimal(MAXIMUM).scaleb(-2)


class FeeError(ValueError):
    """A fee that cannot be computed; ``message`` says why in the user's language."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


class FeeRuleError(FeeError):
    """A rule an editor gave that does not hold (refused when the service is saved)."""


class FeeValueError(FeeError):
    """A value of a request from which no fee can be computed (a count, a category)."""


@dataclass(frozen=True)
class FeeRule:
    """A service's fee: ``amount`` is the fixed amount or the amount per unit (centimes);
    ``field`` the form field of the count or of the table's value; ``table`` (value, centimes)
    pairs in the editor's order; ``unit`` what one unit is ("Exemplar"), for reading."""

    kind: str
    amount: int = 0
    field: str = ""
    table: tuple[tuple[str, int], ...] = ()
    unit: str = ""

    @property
    def amounts(self) -> dict[str, int]:
        return dict(self.table)


def centimes(francs) -> int:
    """The centimes of an amount of francs: a Decimal (as SwissAmount stores it), an int of
    whole francs, or text as a Swiss user writes it. Floats are refused (TypeError), and so are
    fractions of a centime (FeeRuleError)."""
    if isinstance(francs, bool | float):
        raise TypeError(f"An amount of francs must not be a {type(francs).__name__}: {francs!r}")
    if isinstance(francs, str):
        try:
            francs = parse_amount(francs)
        except AmountError as error:
            raise FeeRuleError(error.message) from error
        if francs is None:
            raise FeeRuleError(_("Give an amount, e.g. 20.00."))
    value = Decimal(francs) * 100
    if value != value.to_integral_value():
        raise FeeRuleError(
            _(
                "${amount} is not a whole number of centimes.",
                mapping={"amount": str(francs)},
            )
        )
    return int(value)


def format_centimes(amount: int) -> str:
    """``CHF 2'500.00``: the Swiss notation of amounts.py, from centimes."""
    return format_chf(Decimal(int(amount)).scaleb(-2))


def in_range(amount: int) -> int:
    if amount < 0:
        raise FeeRuleError(_("A fee cannot be negative."))
    if amount > MAXIMUM:
        raise FeeRuleError(
            _(
                "A fee can be at most ${maximum}.",
                mapping={"maximum": format_centimes(MAXIMUM)},
            )
        )
    return amount


def parse_table(text) -> tuple[tuple[str, int], ...]:
    """The table of ``text``: one line per value, ``value = amount`` (``klein = 50.00``)."""
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        value, equals, amount = line.rpartition("=")
        value = value.strip()
        if not equals or not value:
            raise FeeRuleError(
                _(
                    "The line «${line}» of the fee table is not «value = amount», "
                    "e.g. klein = 50.00.",
                    mapping={"line": line.strip()},
                )
            )
        if value in dict(rows):
            raise FeeRuleError(
                _(
                    "The value «${value}» is twice in the fee table.",
                    mapping={"value": value},
                )
            )
        rows.append((value, in_range(centimes(amount.strip()))))
    return tuple(rows)


def table_text(table) -> str:
    """The text of a table, as ``parse_table`` reads it."""
    return "\n".join(f"{value} = {format_centimes(amount)[4:]}" for value, amount in table)


def make_rule(kind, amount=None, field="", table="", unit="", field_names=None):
    """The rule an editor gave, or None for no fee; FeeRuleError when it does not hold.

    ``amount``: francs (Decimal, text) or None; ``table``: text or (value, centimes) pairs;
    ``field_names``: the fields of the service's form when it has one (the rule's field must
    be one of them)."""
    kind = kind or FIXED
    if kind not in KINDS:
        raise FeeRuleError(_("Choose how the fee is counted."))
    field = (field or "").strip()
    cents = None if amount is None or amount == "" else in_range(centimes(amount))
    if kind == FIXED:
        return None if not cents else FeeRule(FIXED, amount=cents)
    if not field:
        raise FeeRuleError(_("Name the form field the fee depends on, e.g. anzahl."))
    if field_names is not None and field not in field_names:
        raise FeeRuleError(
            _(
                "The form of this service has no field «${field}». Its fields: ${names}.",
                mapping={"field": field, "names": ", ".join(field_names) or "–"},
            )
        )
    if kind == PER_UNIT:
        if cents is None:
            raise FeeRuleError(_("Give the amount per unit, e.g. 20.00."))
        if cents == 0:
            return None  # CHF 0.00 per unit: no fee (e.g. a municipality that asks none)
        return FeeRule(PER_UNIT, amount=cents, field=field, unit=(unit or "").strip())
    rows = tuple(table) if isinstance(table, tuple | list) else parse_table(table)
    if not rows:
        raise FeeRuleError(_("Give the fee table: one line per value, e.g. klein = 50.00."))
    return FeeRule(TABLE, field=field, table=rows)


def count_of(rule: FeeRule, values) -> int:
    """The whole number of units in ``values``: an int, or text of digits only."""
    value = values.get(rule.field)
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.isascii() and text.isdigit():
        text = int(text)
    if value is None or value == "":
        raise FeeValueError(_("Give the number the fee is counted by."))
    if isinstance(text, bool) or not isinstance(text, int):
        raise FeeValueError(
            _("«${value}» is not a whole number, e.g. 2.", mapping={"value": str(value)})
        )
    if text < 1:
        raise FeeValueError(_("The number must be at least 1."))
    return text


def amount_due(rule: FeeRule, values) -> int:
    """The centimes due for a request with ``values`` (its validated form data)."""
    if rule.kind == FIXED:
        return rule.amount
    if rule.kind == PER_UNIT:
        total = rule.amount * count_of(rule, values)
        if total > MAXIMUM:
            raise FeeValueError(
                _(
                    "This number makes a fee above ${maximum}: please ask the office.",
                    mapping={"maximum": format_centimes(MAXIMUM)},
                )
            )
        return total
    value = values.get(rule.field)
    key = value.strip() if isinstance(value, str) else value
    amounts = rule.amounts
    if not isinstance(key, str) or key not in amounts:
        raise FeeValueError(
            _(
                "«${value}» has no fee. Choose one of: ${choices}.",
                mapping={
                    "value": "" if value is None else str(value),
                    "choices": ", ".join(amounts),
                },
            )
        )
    return amounts[key]


@dataclass(frozen=True)
class Description:
    """A rule as the service page shows it: one line, and for a table its rows."""

    summary: Message | str
    rows: tuple[tuple[str, str], ...] = ()  # (value, "CHF 50.00")
    label: str = ""  # the title of the field whose values the rows are


def describe(rule: FeeRule, field_title: str = "") -> Description:
    """``CHF 20.00``, ``CHF 20.00 pro Exemplar``, ``CHF 50.00 bis CHF 120.00 je nach
    Kategorie`` (messages the page translates); ``field_title`` names the rule's field."""
    field_title = field_title or rule.field
    if rule.kind == FIXED:
        return Description(format_centimes(rule.amount))
    amount = format_centimes(rule.amount)
    if rule.kind == PER_UNIT:
        if rule.unit:
            text = _("${amount} per ${unit}", mapping={"amount": amount, "unit": rule.unit})
        else:
            text = _("${amount} × ${field}", mapping={"amount": amount, "field": field_title})
        return Description(text)
    low, high = min(rule.amounts.values()), max(rule.amounts.values())
    rows = tuple((value, format_centimes(cents)) for value, cents in rule.table)
    if low == high:
        return Description(format_centimes(low), rows, field_title)
    summary = _(
        "${low} to ${high} depending on ${field}",
        mapping={"low": format_centimes(low), "high": format_centimes(high), "field": field_title},
    )
    return Description(summary, rows, field_title)
