"""The fee as the citizen meets it before paying (issue 20): on the form, near the send button,
the service's rule ("Gebühr: CHF 20.00 pro Exemplar"); on the summary of a form shown as steps,
the exact amount for the values entered. Both say how it is paid: online after sending when the
tenant has an active merchant account (``accounts.account_for``), else by invoice.
"""

import logging
from dataclasses import dataclass

from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.payments.accounts import account_for
from digitalgemeinde.payments.fees import FeeRuleError
from digitalgemeinde.payments.fees import FeeValueError
from digitalgemeinde.payments.fees import format_centimes
from digitalgemeinde.payments.service_fees import fee_description
from digitalgemeinde.payments.service_fees import fee_for
from digitalgemeinde.payments.service_fees import rule_of
from digitalgemeinde.payments.service_fees import service_of

logger = logging.getLogger("digitalgemeinde.payments")

FEE_LABEL = _("Fee")
DUE_LABEL = _("fee_due_label", default="Amount due")
PAY_ONLINE = _("fee_notice_online", default="You pay online after sending.")
INVOICED = _("fee_notice_invoice", default="The fee will be invoiced to you.")


@dataclass(frozen=True)
class FeeNotice:
    """``label``: "Gebühr" or "Zu bezahlen"; ``text``: the rule, the amount, or why no amount
    can be given (``problem``); ``how``: online after sending, or by invoice (None: nothing to
    pay)."""

    label: Message
    text: Message | str
    how: Message | None
    problem: bool = False


def how_paid(form) -> Message:
    return PAY_ONLINE if account_for(form) is not None else INVOICED


def fee_rule_notice(form) -> FeeNotice | None:
    """The service's fee rule, for the form's page; None when its service asks no fee."""
    service = service_of(form)
    if service is None:
        return None
    try:
        if rule_of(service) is None:
            return None
    except FeeRuleError:
        return None  # fee_description logs it; the service page shows the fee's text alone
    description = fee_description(service)
    if description is None:
        return None
    return FeeNotice(FEE_LABEL, description.summary, how_paid(form))


def fee_due_notice(form, values: dict) -> FeeNotice | None:
    """The exact amount for ``values``, for the summary before sending; the value's problem
    instead when no amount follows from it (a count of 0, a category without a fee); None when
    the form's service asks no fee."""
    try:
        due = fee_for(form, values)
    except FeeValueError as error:
        return FeeNotice(DUE_LABEL, error.message, None, problem=True)
    except FeeRuleError:
        logger.warning("The fee rule of the service of %s does not hold", form.absolute_url())
        return None
    if due is None:
        return None
    if due == 0:
        return FeeNotice(DUE_LABEL, _("Free of charge"), None)
    return FeeNotice(DUE_LABEL, format_centimes(due), how_paid(form))
