"""Amounts of Swiss francs as Swiss users write and read them: ``2.50``, ``2,50``, ``2'500.00``.

A leaf: the fee field of the content types, the pages and the PDF receipt use it. German number
formats read ``2.50`` as two hundred fifty (the point groups thousands); a Swiss user means two
francs fifty, in German as in French and Italian. So the point and the comma both mark the
decimals, and the apostrophe (straight or typographic) and spaces group the thousands.
"""

import re
from decimal import Decimal
from decimal import InvalidOperation

from zope import schema
from zope.interface import implementer

from digitalgemeinde import _

CURRENCY = re.compile(r"^(?:chf|sfr\.?|fr\.)\s*|\s*(?:chf|sfr\.?|fr\.)$", re.IGNORECASE)
# "20.–" and "20.-": whole francs, as on Swiss price tags
WHOLE_FRANCS = re.compile(r"[.,][-–—]$")
APOSTROPHES = "'’ʼ‘`´"  # the straight and the typographic apostrophes users type
SPACES = " \u00a0\u202f\u2009"
AMOUNT = re.compile(r"^(?P<francs>\d{1,3}(?:'\d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?$")
CENTS = Decimal("0.01")


class AmountError(ValueError):
    """Text that is no amount of francs; ``message`` says so in the user's language."""

    def __init__(self, value: str):
        super().__init__(value)
        self.value = value

    @property
    def message(self):
        return _(
            "error_amount",
            default="'${value}' is not an amount in francs. Write it like 20.00, 2,50 or 2'500.00.",
            mapping={"value": self.value},
        )


def parse_amount(text) -> Decimal | None:
    """The amount a Swiss user means by ``text``, to the cent; None for empty text.

    ``2.50``, ``2,50``, ``CHF 2.50``, ``2'500.00``, ``2’500.00``, ``2 500``, ``20.–``.
    Anything else (``2.5.0``, ``1'25``, ``2.505``, ``abc``, ``-5``) raises AmountError.
    """
    original = "" if text is None else str(text)
    value = original.strip()
    if not value:
        return None
    value = CURRENCY.sub("", value).strip()
    value = WHOLE_FRANCS.sub("", value)
    for apostrophe in APOSTROPHES:
        value = value.replace(apostrophe, "'")
    if any(space in value for space in SPACES):
        value = re.sub(f"[{SPACES}]", "'", value)
    match = AMOUNT.match(value)
    if match is None:
        raise AmountError(original.strip())
    francs = match.group("francs").replace("'", "")
    cents = match.group("cents") or "0"
    try:
        return Decimal(f"{francs}.{cents}").quantize(CENTS)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits digits only
        raise AmountError(original.strip()) from error


def amount_text(amount) -> str:
    """``2'500.00``: the apostrophe groups thousands, always two decimals; '' for None."""
    if amount is None or amount == "":
        return ""
    return f"{Decimal(amount):,.2f}".replace(",", "'")


def format_chf(amount) -> str:
    """``CHF 2'500.00``: Swiss notation, always two decimals; '' for None."""
    text = amount_text(amount)
    return f"CHF {text}" if text else ""


class ISwissAmount(schema.interfaces.IDecimal):
    """A field for an amount of francs, entered and shown the Swiss way."""


@implementer(ISwissAmount)
class SwissAmount(schema.Decimal):
    """A Decimal field whose form widget reads ``2.50`` as two francs fifty in every language."""
