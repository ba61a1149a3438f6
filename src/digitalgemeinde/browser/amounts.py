"""Amounts of francs in forms: the fee field reads ``2.50``, ``2,50`` and ``2'500.00`` as a
Swiss user means them, in every language (z3c.form's German number format would read the point
as a thousands separator and store CHF 250.00)."""

from z3c.form.converter import BaseDataConverter
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import IWidget
from zope.component import adapter

from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import ISwissAmount
from digitalgemeinde.amounts import amount_text
from digitalgemeinde.amounts import parse_amount


@adapter(ISwissAmount, IWidget)
class SwissAmountConverter(BaseDataConverter):
    """The stored Decimal shown as ``2'500.00``; the typed text parsed the Swiss way."""

    def toWidgetValue(self, value):
        if value is None or value == self.field.missing_value:
            return ""
        return amount_text(value)

    def toFieldValue(self, value):
        try:
            amount = parse_amount(value)
        except AmountError as error:
            raise FormatterValidationError(error.message, value) from error
        return self.field.missing_value if amount is None else amount
