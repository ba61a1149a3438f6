"""One interface for every payment provider (issue 20).

The portal never sees card data: it asks the provider to *initialize* a transaction for an amount
(in centimes, integers only) and sends the citizen's browser to the provider's payment page; the
provider tells us the outcome by a signed *notification* (webhook) and answers a *status* query
(the worker's poll when a notification is late). A *refund* credits a settled transaction fully
or in part.

A provider is one module that implements :class:`PaymentProvider` and registers a factory with
:func:`register`; :func:`provider_for` builds the provider of a tenant's merchant account. The
account holds the provider's name, the merchant's credentials and the base URLs (production by
default; a sandbox or, in the tests, a local stand-in that speaks the same API).
"""

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Protocol

# The states a payment can be in, whatever the provider calls them
PENDING = "pending"  # initialized, the citizen has not finished on the payment page
PAID = "paid"  # authorized and settled (or settling): the money is ours
DECLINED = "declined"  # the provider or the card's issuer refused it
CANCELLED = "cancelled"  # the citizen cancelled on the payment page
FAILED = "failed"  # an error at the provider
STATES = (PENDING, PAID, DECLINED, CANCELLED, FAILED)
FINAL = frozenset({PAID, DECLINED, CANCELLED, FAILED})

CURRENCY = "CHF"


class PaymentError(Exception):
    """The provider could not do what was asked (it answered with an error)."""


class ProviderUnavailable(PaymentError):
    """The provider could not be reached, or did not answer in time: nothing was charged."""


class InvalidNotification(PaymentError):
    """A notification whose signature, timestamp or body does not hold: refused and logged."""


@dataclass(frozen=True)
class MerchantAccount:
    """A tenant's merchant account at a provider. ``secrets`` hold what the provider's API
    needs (e.g. Datatrans: ``password`` and ``hmac_key``); they are never shown after saving."""

    provider: str
    merchant_id: str
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)  # never in a log
    api_url: str = ""  # empty: the provider's production URL
    pay_url: str = ""  # empty: the provider's production payment page


@dataclass(frozen=True)
class Initialized:
    """A transaction the provider has opened; the citizen goes to ``redirect_url`` to pay."""

    transaction_id: str
    redirect_url: str


@dataclass(frozen=True)
class Status:
    """What the provider says about a transaction, in our terms (``state`` is one of STATES)."""

    transaction_id: str
    state: str
    amount: int  # centimes
    currency: str
    refno: str  # our reference of the attempt
    provider_status: str = ""  # the provider's own word, for the log and reconciliation
    refunded: int = 0  # centimes refunded so far, as far as the provider reports it


@dataclass(frozen=True)
class Urls:
    """Where the provider sends the citizen back, and where it notifies us."""

    success: str
    cancel: str
    error: str
    webhook: str


class PaymentProvider(Protocol):
    name: str

    def initialize(self, *, amount: int, currency: str, refno: str, urls: Urls) -> Initialized:
        """Open a transaction; ``ProviderUnavailable`` when it cannot be reached."""

    def status(self, transaction_id: str) -> Status:
        """Ask the provider for a transaction's state."""

    def refund(self, transaction_id: str, *, amount: int, currency: str, refno: str) -> str:
        """Credit ``amount`` centimes of a settled transaction; returns the refund's id."""

    def verify_notification(self, body: bytes, headers: Mapping[str, str]) -> Status:
        """The state a notification reports, once its signature holds; else InvalidNotification."""


FACTORIES: dict[str, Callable[[MerchantAccount], PaymentProvider]] = {}


def register(name: str, factory: Callable[[MerchantAccount], PaymentProvider]) -> None:
    FACTORIES[name] = factory


def provider_for(account: MerchantAccount) -> PaymentProvider:
    """The provider of ``account``; KeyError for a provider no module registered."""
    return FACTORIES[account.provider](account)
