"""Amounts of francs over REST: the fee field takes ``"2,50"`` and ``"2'500.00"`` as a Swiss
user means them, as the edit form does (digitalgemeinde.amounts), and JSON numbers exactly
(``2.5`` is CHF 2.50, never a binary fraction)."""

from decimal import Decimal

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest

from digitalgemeinde.amounts import AmountError
from digitalgemeinde.amounts import ISwissAmount
from digitalgemeinde.amounts import parse_amount


@implementer(IFieldDeserializer)
@adapter(ISwissAmount, IDexterityContent, IBrowserRequest)
class SwissAmountDeserializer(DefaultFieldDeserializer):
    def __call__(self, value):
        if isinstance(value, bool):
            value = str(value)  # not an amount: refused below with the message
        try:
            amount = parse_amount(str(value) if isinstance(value, (int, float)) else value)
        except AmountError as error:
            raise ValueError(translate(error.message, context=self.request)) from error
        amount = self.field.missing_value if amount is None else Decimal(amount)
        self.field.validate(amount)
        return amount
