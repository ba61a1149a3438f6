"""Issue 20, pay then deliver: the payment attempts' record (``payments.attempts``) and the
ledger the monthly reconciliation reads (``payments.ledger``).

An attempt holds what the request needs to be created later (its data holder, a draft kept
apart from the citizen's drafts), our reference for the provider, the amount in centimes and
the state. The provider is our Datatrans client against the stand-in (``attempt_helpers``)."""

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import ledger
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.submissions import drafts
from tests.payments.attempt_helpers import NOW
from tests.payments.attempt_helpers import OTHER_TENANT
from tests.payments.attempt_helpers import TENANT
from tests.payments.attempt_helpers import Deliveries
from tests.payments.attempt_helpers import StandInProvider
from tests.payments.attempt_helpers import holder
from tests.payments.attempt_helpers import start


@pytest.fixture
def portal(integration):
    return integration["portal"]


@pytest.fixture
def provider(datatrans_allowed, datatrans_standin, datatrans_account):
    return StandInProvider(datatrans_standin, datatrans_account)


def test_an_attempt_is_pending_with_a_readable_unique_reference(portal, provider):
    attempt = start(portal, provider, amount=4000)
    assert re.fullmatch(r"2829-20260302-[A-HJ-NP-Z2-9]{6}", attempt.refno)
    assert len(attempt.refno) <= 20  # fits every provider's merchant reference
    assert (attempt.state, attempt.amount, attempt.currency) == (PENDING, 4000, "CHF")
    assert (attempt.tenant_uid, attempt.form_uid) == (TENANT, "form-uid")
    assert attempt.service_title == "Wohnsitzbestätigung"
    assert attempt.expires - attempt.created == timedelta(minutes=attempts.ATTEMPT_MINUTES)
    assert attempt.paid_at is None and attempt.request_uid is None and attempt.refunds == ()
    # found by our reference and by the provider's transaction, not by another's
    assert attempts.by_refno(portal, attempt.refno) is attempt
    assert attempts.by_transaction(portal, provider.name, attempt.transaction_id) is attempt
    assert attempts.by_transaction(portal, "other", attempt.transaction_id) is None
    assert attempts.by_refno(portal, "2829-20260302-XXXXXX") is None
    refnos = {start(portal, provider).refno for _ in range(50)}
    assert len(refnos) == 50


def test_the_amount_is_whole_centimes_above_zero(portal):
    for amount in (20.0, 0, -100, "2000", True):
        with pytest.raises(ValueError):
            attempts.create(
                portal,
                holder(),
                tenant_uid=TENANT,
                tenant_code=2829,
                service_title="X",
                amount=amount,
                now=NOW,
            )


def test_the_data_holder_is_kept_apart_from_the_citizens_drafts(portal, provider):
    attempt = start(portal, provider)
    kept = attempts.holder_of(attempt)
    assert kept.values["name"] == "Anna Muster" and kept.id == attempt.draft_id
    found = drafts.storage(portal)
    assert found is None or attempt.draft_id not in found.drafts  # no cookie, no resume link


def test_a_snapshot_holds_the_forms_validated_values(functional, form):
    data = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
    kept = attempts.snapshot(form, data, None, NOW)
    assert kept.form_uid == form.UID()
    assert {name: drafts.values_for(kept, form)[name] for name in data} == data
    assert kept.id not in (drafts.storage() or drafts.DraftStorage()).drafts


def test_a_new_attempt_for_the_same_request_after_a_declined_one(portal, provider):
    first = start(portal, provider)
    settlement.settle(
        first,
        provider.set_state(first.transaction_id, DECLINED),
        Deliveries(),
        portal=portal,
        now=NOW,
    )
    second = attempts.again(portal, first, NOW + timedelta(minutes=3))
    assert second.draft_id == first.draft_id and second.refno != first.refno
    assert (second.amount, second.state) == (first.amount, PENDING)
    assert second.expires == NOW + timedelta(minutes=3 + attempts.ATTEMPT_MINUTES)


def test_no_new_attempt_once_the_request_was_delivered(portal, provider):
    first = start(portal, provider)
    status = provider.set_state(first.transaction_id, PAID)
    settlement.settle(first, status, Deliveries(), provider, portal=portal, now=NOW)
    assert attempts.again(portal, first, NOW) is None


def paid(portal, provider, at, amount=2000, tenant=TENANT):
    attempt = start(portal, provider, amount=amount, tenant=tenant, now=at)
    status = provider.set_state(attempt.transaction_id, PAID)
    settlement.settle(attempt, status, Deliveries(), provider, portal=portal, now=at)
    return attempt


def test_the_ledger_has_a_tenants_payments_and_refunds_of_a_month(portal, provider):
    march = paid(portal, provider, datetime(2026, 3, 10, 8, 0, tzinfo=UTC), 2000)
    # 31 March 22:30 UTC is 1 April 00:30 in Switzerland (summer time): April
    april = paid(portal, provider, datetime(2026, 3, 31, 22, 30, tzinfo=UTC), 4000)
    paid(portal, provider, datetime(2026, 3, 12, 8, 0, tzinfo=UTC), 900, tenant=OTHER_TENANT)
    settlement.refund(
        march,
        500,
        "liestal-clerk",
        "Teilweise abgelehnt",
        provider,
        portal=portal,
        now=datetime(2026, 4, 2, 9, 0, tzinfo=UTC),
    )
    rows = list(ledger.payments_of(portal, TENANT, 2026, 3))
    assert [(row["refno"], row["amount"], row["state"]) for row in rows] == [
        (march.refno, 2000, "paid")
    ]
    assert rows[0]["service"] == "Wohnsitzbestätigung"
    assert rows[0]["transaction_id"] == march.transaction_id
    assert rows[0]["date"].utcoffset() == timedelta(hours=1)  # Swiss winter time
    rows = list(ledger.payments_of(portal, TENANT, 2026, 4))
    assert [(row["refno"], row["amount"], row["state"]) for row in rows] == [
        (april.refno, 4000, "paid"),
        (march.refno, -500, "refunded"),
    ]
    assert rows[1]["refund_id"] == march.refunds[0][0]
    assert list(ledger.payments_of(portal, OTHER_TENANT, 2026, 4)) == []
    assert sum(row["amount"] for row in ledger.payments_of(portal, OTHER_TENANT, 2026, 3)) == 900
    assert list(ledger.payments_of(portal, TENANT, 2025, 12)) == []


def test_a_flagged_payment_is_listed_for_its_tenants_admins_until_dealt_with(portal, provider):
    attempt = start(portal, provider)
    late = attempt.expires + timedelta(minutes=1)
    status = provider.set_state(attempt.transaction_id, PAID)
    outcome = settlement.settle(
        attempt, status, Deliveries(), provider, portal=portal, now=late, late=settlement.FLAG
    )
    assert outcome.kind == settlement.FLAGGED
    assert attempts.flagged(portal, TENANT) == [attempt] == attempts.flagged(portal)
    assert attempts.flagged(portal, OTHER_TENANT) == []
    assert attempts.holder_of(attempt) is not None  # the admins may still deliver it
    attempts.unflag(portal, attempt)
    assert attempts.flagged(portal) == [] and attempt.flag == ""
    assert attempts.holder_of(attempt) is None
