"""Payments that delivered nothing, for a tenant's admins (issue 20).

A payment confirmed after its attempt expired (``settlement.LATE``) is refunded at once or
flagged for the tenant's admins: each tenant chooses (``choice_of``, ``set_choice``), stored in
an annotation of the tenant beside its merchant account (``KEY``, naming the tenant's UID as the
account does: a copy of the tenant starts with the default). The settlement's callers read it
by the attempt's tenant: ``settle(..., late=late_choice(attempt.tenant_uid))``. A payment made
twice for one request is always refunded; only a failed refund flags it.

The flagged payments (``attempts.flagged``) are listed for the admins (``flagged_rows``), who
refund one in full (``refund_flagged``) or mark it dealt with (``dismiss``): both take it off
the list.
"""

import logging
from datetime import UTC
from datetime import datetime

from persistent.mapping import PersistentMapping
from plone.uuid.interfaces import IUUID
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde import _
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments.accounts import tenant_by_uid
from digitalgemeinde.payments.refunds import chf
from digitalgemeinde.payments.refunds import credit
from digitalgemeinde.payments.settlement import FLAG
from digitalgemeinde.payments.settlement import LATE
from digitalgemeinde.payments.settlement import LATE_PAYMENTS
from digitalgemeinde.payments.settlement import REFUND
from digitalgemeinde.payments.settlement import REFUND_FAILED
from digitalgemeinde.payments.settlement import TWICE
from digitalgemeinde.payments.settlement import RefundRefused
from digitalgemeinde.submissions.values import local_time

logger = logging.getLogger("digitalgemeinde.payments")

KEY = "digitalgemeinde.payments.late"
CHOICES = (REFUND, FLAG)
CHOICE_LABELS = {
    REFUND: _("late_choice_refund", default="Refund them automatically"),
    FLAG: _("late_choice_flag", default="List them here for the admins"),
}
WHY_LABELS = {
    LATE: _("flag_late", default="Paid after the payment time ran out"),
    TWICE: _("flag_twice", default="Paid twice for the same request"),
    REFUND_FAILED: _("flag_refund_failed", default="The automatic refund failed"),
}
GONE = _("flagged_gone", default="This payment is no longer on the list: nothing was changed.")


def choice_of(tenant) -> str:
    """What ``tenant``'s late payments get: ``REFUND`` (the default) or ``FLAG``."""
    record = IAnnotations(tenant).get(KEY)
    if record is None or record.get("tenant_uid") != IUUID(tenant, None):
        return LATE_PAYMENTS
    return record["choice"] if record.get("choice") in CHOICES else LATE_PAYMENTS


def set_choice(tenant, choice: str, actor: str) -> bool:
    """Store the tenant's choice; whether it changed. ValueError for an unknown choice."""
    if choice not in CHOICES:
        raise ValueError(f"not a choice for late payments: {choice!r}")
    if choice == choice_of(tenant) and KEY in IAnnotations(tenant):
        return False
    IAnnotations(tenant)[KEY] = PersistentMapping(
        choice=choice, tenant_uid=IUUID(tenant, None), changed=datetime.now(UTC), by=actor
    )
    logger.info("Late payments of %s: %s (by %s)", tenant.getId(), choice, actor)
    return True


def late_choice(tenant_uid: str) -> str:
    """``choice_of`` the tenant with this UID (``REFUND`` or ``FLAG``), found unrestricted (the
    worker runs as nobody); the default for a tenant that is gone."""
    tenant = tenant_by_uid(tenant_uid)
    return choice_of(tenant) if tenant is not None else LATE_PAYMENTS


def flagged_rows(portal, tenant_uid: str) -> list[dict]:
    """The tenant's flagged payments, oldest first, as the admins' list shows them."""
    return [
        {
            "refno": attempt.refno,
            "service": attempt.service_title,
            "amount": chf(attempt.amount),
            "refundable": chf(attempt.refundable),
            "can_refund": attempt.refundable > 0,
            "date": local_time(attempt.paid_at),
            "why": WHY_LABELS.get(attempt.flag, attempt.flag),
        }
        for attempt in attempts.flagged(portal, tenant_uid)
    ]


def flagged_attempt(portal, tenant_uid: str, refno: str):
    """The tenant's flagged attempt ``refno``; RefundRefused when it is not (any more)."""
    for attempt in attempts.flagged(portal, tenant_uid):
        if attempt.refno == refno:
            return attempt
    raise RefundRefused(GONE)


def refund_flagged(portal, tenant_uid: str, refno: str, by: str) -> tuple:
    """Refund what is left of a flagged payment and take it off the list; RefundRefused (nothing
    changed) when it is not flagged or the provider fails."""
    attempt = flagged_attempt(portal, tenant_uid, refno)
    record = credit(attempt, attempt.refundable, by, f"flagged:{attempt.flag}", portal=portal)
    attempts.unflag(portal, attempt)
    return record


def dismiss(portal, tenant_uid: str, refno: str) -> None:
    """The admins dealt with a flagged payment otherwise: off the list, nothing refunded."""
    attempts.unflag(portal, flagged_attempt(portal, tenant_uid, refno))
