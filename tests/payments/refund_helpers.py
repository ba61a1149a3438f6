"""Helpers of the refund and payment overview tests: a request of Liestal paid online.

The request is delivered as the tests of the office's side deliver one; its payment is an
attempt opened at the Datatrans stand-in, paid there and settled, then recorded on the request
as the lead's checkout does (``submission.payment``). Liestal's merchant account points at the
stand-in, which the portal's outgoing check allows: the refund pages find the real provider
(our Datatrans client) through the account, as in production.
"""

import email
import email.header
from dataclasses import dataclass
from datetime import timedelta

import pytest
import transaction
from plone import api

from digitalgemeinde.payments import accounts
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.provider import PAID
from tests.datatrans.fixtures import HMAC_KEY
from tests.datatrans.fixtures import PASSWORD
from tests.datatrans.fixtures import account_for
from tests.datatrans.fixtures import allow_hosts
from tests.payments.attempt_helpers import NOW
from tests.payments.attempt_helpers import StandInProvider
from tests.payments.attempt_helpers import start
from tests.submissions.helpers import make_submission


@dataclass
class Paid:
    submission: object
    attempt: object
    provider: StandInProvider
    standin: object

    def fresh(self):
        """The attempt as now committed (after a browser's request)."""
        transaction.begin()
        return attempts.by_refno(api.portal.get(), self.attempt.refno)

    def credited(self) -> int:
        """Centimes the stand-in says are refunded of the payment (its status)."""
        return self.provider.status(self.attempt.transaction_id).refunded


def set_up_account(tenant, standin) -> None:
    allow_hosts(standin.port)
    values = {
        "merchant_id": standin.merchant_id,
        "password": PASSWORD,
        "hmac_key": HMAC_KEY,
        "active": True,
        "api_url": standin.url,
        "pay_url": standin.url,
    }
    accounts.save(tenant, values, "admin")


def pay(portal, provider, submission, amount=4000, tenant=None, service="Hund anmelden", now=NOW):
    """An attempt for ``submission`` opened at the stand-in, paid, settled and recorded."""
    attempt = start(portal, provider, amount=amount, tenant=tenant, now=now)
    attempt.service_title = service
    status = provider.set_state(attempt.transaction_id, PAID)
    outcome = settlement.settle(
        attempt,
        status,
        lambda _attempt: submission.UID(),
        provider,
        portal=portal,
        now=now + timedelta(minutes=1),
    )
    assert outcome.kind == settlement.DELIVERED
    submission.fill_in(
        payment={
            "amount": amount,
            "currency": "CHF",
            "provider": "datatrans",
            "transaction_id": attempt.transaction_id,
            "refno": attempt.refno,
            "paid_at": attempt.paid_at,
        }
    )
    return attempt


@pytest.fixture
def paid(world, form, request_, datatrans_standin) -> Paid:
    """Anna's request for Bello to Liestal, CHF 40.00 paid online, committed."""
    portal = api.portal.get()
    set_up_account(world["liestal"], datatrans_standin)
    provider = StandInProvider(datatrans_standin, account_for(datatrans_standin))
    submission = make_submission(form, request_)
    attempt = pay(portal, provider, submission, tenant=world["liestal"].UID())
    del portal.MailHost.messages[:]  # the receipt and the office's notice
    transaction.commit()
    return Paid(submission, attempt, provider, datatrans_standin)


def mails(portal) -> list[str]:
    """Each queued mail as its recipient, subject and decoded body."""
    found = []
    for raw in portal.MailHost.messages:
        message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
        part = message.get_payload(decode=True) or b""
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        found.append(f"To: {message['To']}\nSubject: {subject}\n\n{part.decode()}")
    return found


def take(submission, *transitions) -> None:
    """Steps taken as a Manager (the office's earlier work), committed."""
    with api.env.adopt_roles(["Manager"]):
        for transition in transitions:
            api.content.transition(submission, transition=transition, comment="Begründung.")
    transaction.commit()
