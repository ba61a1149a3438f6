"""Helpers of the payment attempts' tests: a provider in the test's memory, attempts opened
with it, and a delivery that counts.

The provider is the real one: our Datatrans client against the Datatrans stand-in
(``tests/datatrans/``, a local HTTP server speaking Datatrans' documented API), wrapped so a test
can play the citizen on the payment page and take the provider down. Its webhooks are not
sent: the tests give the settlement the statuses the client reads (a webhook's body is the same
JSON, verified by ``test_datatrans``).
"""

from datetime import UTC
from datetime import datetime

from digitalgemeinde.payments import attempts
from digitalgemeinde.payments.provider import CANCELLED
from digitalgemeinde.payments.provider import CURRENCY
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import Initialized
from digitalgemeinde.payments.provider import Status
from digitalgemeinde.payments.provider import Urls
from digitalgemeinde.payments.provider import provider_for
from digitalgemeinde.submissions.drafts import Draft

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
URLS = Urls("https://p/ok", "https://p/cancel", "https://p/error", "https://p/@payment-webhook")
TENANT = "uid-liestal"
OTHER_TENANT = "uid-allschwil"
CHOICES = {PAID: "pay", DECLINED: "decline", CANCELLED: "cancel"}


class StandInProvider:
    """Our Datatrans client (``payments.datatrans``, as ``provider_for`` builds it) talking to
    the stand-in over HTTP, with the test's hands on the stand-in: the citizen's choice on the
    payment page (``set_state``), the provider down (``unavailable``), what it has refunded."""

    def __init__(self, standin, account):
        self.standin = standin
        self.client = provider_for(account)
        self.name = self.client.name
        standin.webhook_mode = "drop"  # the tests hand the statuses to the settlement

    def initialize(self, *, amount, currency, refno, urls) -> Initialized:
        return self.client.initialize(amount=amount, currency=currency, refno=refno, urls=urls)

    def status(self, transaction_id) -> Status:
        return self.client.status(transaction_id)

    def refund(self, transaction_id, *, amount, currency, refno) -> str:
        return self.client.refund(transaction_id, amount=amount, currency=currency, refno=refno)

    def verify_notification(self, body, headers) -> Status:
        return self.client.verify_notification(body, headers)

    def set_state(self, transaction_id, state) -> Status:
        """The citizen pays, is declined or cancels on the payment page; FAILED: it timed out."""
        if state == FAILED:
            self.standin.expire(transaction_id)
        else:
            self.standin.choose(transaction_id, CHOICES[state])
        return self.status(transaction_id)

    @property
    def unavailable(self) -> bool:
        return bool(self.standin.failures)

    @unavailable.setter
    def unavailable(self, down: bool) -> None:
        if down:
            for operation in ("init", "status", "credit"):
                self.standin.fail(operation, 500)
        else:
            self.standin.heal()

    def refunded(self, transaction_id) -> int:
        """Centimes the stand-in has credited of the transaction."""
        history = self.standin.transaction(transaction_id)["history"]
        return sum(entry["amount"] for entry in history if entry["action"] == "credit")

    def credit(self, refund_id) -> dict:
        """A refund as the stand-in keeps it (its own transaction)."""
        return self.standin.transaction(refund_id)


class Deliveries:
    """``deliver(attempt)`` as the lead's submit path does it: a request per call, its UID back."""

    def __init__(self):
        self.delivered = []

    def __call__(self, attempt) -> str:
        self.delivered.append(attempt.refno)
        return f"request-{len(self.delivered)}"


def holder(form_uid="form-uid", **values) -> Draft:
    draft = Draft(form_uid, None, NOW, 1)
    for name, value in (values or {"name": "Anna Muster"}).items():
        draft.keep(name, value)
    return draft


def start(portal, provider, amount=2000, tenant=TENANT, now=NOW, data=None):
    """A pending attempt of a new request, its transaction opened at ``provider``."""
    data = data or holder()
    attempt = attempts.create(
        portal,
        data,
        tenant_uid=tenant,
        tenant_code=2829,
        service_title="Wohnsitzbestätigung",
        amount=amount,
        now=now,
    )
    opened = provider.initialize(amount=amount, currency=CURRENCY, refno=attempt.refno, urls=URLS)
    attempts.opened(portal, attempt, provider.name, opened.transaction_id)
    return attempt
