"""Datatrans: the payment provider behind ``provider.PaymentProvider`` (issue 20).

Its JSON API (api-reference.datatrans.ch), in redirect mode only, so no card data ever reaches us:

- ``POST {api}/v1/transactions`` opens a transaction (amount in centimes, currency, our
  ``refno``, the success/cancel/error URLs, our webhook URL, ``autoSettle``) and answers ``201``
  with its ``transactionId``; the citizen's browser goes to ``{pay}/v1/start/{transactionId}``
  and comes back to one of our URLs with ``datatransTrxId`` appended.
- ``GET {api}/v1/transactions/{id}`` is its status (the worker's poll); the webhook's body is
  the same JSON, signed (``datatrans_signature``).
- ``POST {api}/v1/transactions/{id}/credit`` refunds a settled transaction fully or in part and
  answers the refund's own ``transactionId``.

Basic authentication with the ``merchantId`` and the API ``password`` (the account's secret
``password``); the webhook's key is the secret ``hmac_key``. ``api_url``/``pay_url`` of the
account are production by default (the sandbox: ``SANDBOX_API_URL``/``SANDBOX_PAY_URL``).
Every call goes through the portal's outgoing check (``security.outgoing.vet``: https to public
addresses, or a host a Manager allow-listed) and follows no redirect. Faults: no connection, a
timeout or a ``5xx`` raise ``ProviderUnavailable`` (nothing was charged, try again); a ``4xx``
raises ``DatatransError`` with Datatrans' error code. Secrets are never logged.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Mapping

import requests

from digitalgemeinde.outgoing_addresses import Refused
from digitalgemeinde.payments import datatrans_signature
from digitalgemeinde.payments.provider import CANCELLED
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import Initialized
from digitalgemeinde.payments.provider import InvalidNotification
from digitalgemeinde.payments.provider import MerchantAccount
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.payments.provider import ProviderUnavailable
from digitalgemeinde.payments.provider import Status
from digitalgemeinde.payments.provider import Urls
from digitalgemeinde.payments.provider import register
from digitalgemeinde.security.outgoing import vet

NAME = "datatrans"
API_URL = "https://api.datatrans.com"
PAY_URL = "https://pay.datatrans.com"
SANDBOX_API_URL = "https://api.sandbox.datatrans.com"
SANDBOX_PAY_URL = "https://pay.sandbox.datatrans.com"
TIMEOUT = (5, 20)  # seconds to connect, seconds to wait for the answer
MAX_REFNO = 40  # Datatrans' limit of the merchant's reference
TRANSACTION_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
IDEMPOTENCY = uuid.UUID("5d0c7f62-3a55-4a3e-9a39-4f2c2f6d1b8e")  # namespace of our keys

logger = logging.getLogger("digitalgemeinde.payments")

# Datatrans' transaction status, in our terms. autoSettle is on: a payment is settled when it
# is authorized, so "authorized" alone is not yet money (it stays pending until settled).
# A status we do not know is pending too: it is never counted as paid.
STATES = {
    "initialized": PENDING,
    "challenge_required": PENDING,
    "challenge_ongoing": PENDING,
    "authenticated": PENDING,
    "authorized": PENDING,
    "settled": PAID,
    "transmitted": PAID,
    "canceled": CANCELLED,
    "failed": FAILED,
}
# detail.fail.reason of a failed transaction that the card's issuer or the provider refused
DECLINE_REASONS = frozenset({"DECLINED", "BLOCKED_CARD", "EXPIRED_CARD", "SOFT_DECLINED"})


class DatatransError(PaymentError):
    """Datatrans answered with an error (``code`` as Datatrans names it, e.g. UNAUTHORIZED,
    TRANSACTION_NOT_FOUND, INVALID_PROPERTY) or with something that is no valid answer."""

    def __init__(self, code: str, message: str = "", http_status: int = 0, reason=None):
        super().__init__(f"Datatrans {http_status or '-'} {code}: {message}".strip())
        self.code = code
        self.detail = message
        self.http_status = http_status
        self.reason = reason  # ADDRESS_REFUSED: the outgoing check's reason, translatable


def error_of(answer: requests.Response) -> DatatransError:
    """The error of a 4xx answer: ``{"error": {"code": ..., "message": ...}}``."""
    try:
        error = answer.json().get("error") or {}
        code, message = str(error.get("code") or ""), str(error.get("message") or "")
    except (ValueError, AttributeError):
        code, message = "", ""
    return DatatransError(code or f"HTTP_{answer.status_code}", message[:300], answer.status_code)


def checked_transaction_id(transaction_id: str) -> str:
    if not isinstance(transaction_id, str) or not TRANSACTION_ID.match(transaction_id):
        raise DatatransError("INVALID_TRANSACTION_ID", "not a Datatrans transaction id")
    return transaction_id


def checked_order(amount: int, currency: str, refno: str) -> None:
    """Amounts are whole centimes, above zero; the reference is 1 to 40 characters."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"amount must be a positive integer of centimes, not {amount!r}")
    if not isinstance(currency, str) or not CURRENCY.match(currency):
        raise ValueError(f"currency must be an ISO 4217 code, not {currency!r}")
    if not isinstance(refno, str) or not 0 < len(refno) <= MAX_REFNO:
        raise ValueError(f"refno must have 1 to {MAX_REFNO} characters")


def history_amount(data: Mapping, action: str) -> int:
    """The sum of the successful ``action`` entries of a transaction's history."""
    total = 0
    for entry in data.get("history") or ():
        if isinstance(entry, Mapping) and entry.get("action") == action:
            amount = entry.get("amount")
            if entry.get("success", True) and isinstance(amount, int):
                total += amount
    return total


def amount_of(data: Mapping) -> int:
    """Settled, else authorized, else initialized amount (centimes)."""
    detail = data.get("detail") if isinstance(data.get("detail"), Mapping) else {}
    for step in ("settle", "authorize"):
        part = detail.get(step)
        if isinstance(part, Mapping) and isinstance(part.get("amount"), int):
            return part["amount"]
    for entry in data.get("history") or ():
        if isinstance(entry, Mapping) and entry.get("action") == "init":
            amount = entry.get("amount")
            return amount if isinstance(amount, int) else 0
    amount = data.get("amount")
    return amount if isinstance(amount, int) else 0


def state_of(data: Mapping) -> str:
    provider_status = data.get("status")
    state = STATES.get(provider_status, PENDING)
    if state == FAILED:
        detail = data.get("detail") if isinstance(data.get("detail"), Mapping) else {}
        fail = detail.get("fail") if isinstance(detail.get("fail"), Mapping) else {}
        if str(fail.get("reason") or "").upper() in DECLINE_REASONS:
            return DECLINED
    return state


def status_of(data: Mapping) -> Status:
    """Our ``Status`` of Datatrans' transaction JSON (status answer or webhook body)."""
    if not isinstance(data, Mapping):
        raise DatatransError("MALFORMED_ANSWER", "the transaction is not a JSON object")
    transaction_id = data.get("transactionId")
    provider_status = data.get("status")
    if not isinstance(transaction_id, str) or not TRANSACTION_ID.match(transaction_id):
        raise DatatransError("MALFORMED_ANSWER", "no valid transactionId")
    if not isinstance(provider_status, str) or not provider_status:
        raise DatatransError("MALFORMED_ANSWER", "no status")
    return Status(
        transaction_id=transaction_id,
        state=state_of(data),
        amount=amount_of(data),
        currency=str(data.get("currency") or ""),
        refno=str(data.get("refno") or ""),
        provider_status=provider_status,
        refunded=history_amount(data, "credit"),
    )


class Datatrans:
    """The client of one merchant account."""

    name = NAME

    def __init__(self, account: MerchantAccount):
        if account.provider != NAME:
            raise ValueError(f"not a Datatrans account: {account.provider!r}")
        self.account = account
        self.api_url = (account.api_url or API_URL).rstrip("/")
        self.pay_url = (account.pay_url or PAY_URL).rstrip("/")

    def __repr__(self) -> str:
        return f"<Datatrans merchant {self.account.merchant_id} at {self.api_url}>"

    def _vet(self, url: str) -> None:
        try:
            vet(url)
        except Refused as error:
            message = f"{url} refused by the portal's outgoing check ({type(error).__name__})"
            logger.warning("Datatrans: %s", message)
            raise DatatransError("ADDRESS_REFUSED", message, reason=error.doc()) from None
        except OSError as error:
            logger.warning("Datatrans at %s does not resolve: %s", self.api_url, error)
            raise ProviderUnavailable(f"{self.api_url} does not resolve") from None

    def _call(self, method: str, path: str, body: dict | None = None, key: str = "") -> dict:
        """One API call: the answer's JSON object, or the right exception."""
        url = self.api_url + path
        self._vet(url)
        headers = {"Accept": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        auth = (self.account.merchant_id, self.account.secrets.get("password", ""))
        try:
            answer = requests.request(
                method, url, json=body, headers=headers, auth=auth, timeout=TIMEOUT,
                allow_redirects=False,
            )  # fmt: skip
        except requests.RequestException as error:
            logger.warning("Datatrans %s %s: no answer (%s)", method, path, type(error).__name__)
            raise ProviderUnavailable(
                f"Datatrans did not answer ({type(error).__name__})"
            ) from None
        logger.info("Datatrans %s %s: HTTP %s", method, path, answer.status_code)
        if answer.status_code >= 500:
            raise ProviderUnavailable(f"Datatrans answered HTTP {answer.status_code}")
        if answer.status_code >= 400:
            error = error_of(answer)
            logger.warning("Datatrans %s %s refused: %s", method, path, error)
            raise error
        if answer.status_code >= 300:
            raise DatatransError("REDIRECT", "redirects are not followed", answer.status_code)
        if not answer.content:
            return {}
        try:
            data = answer.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise DatatransError("MALFORMED_ANSWER", "not a JSON object", answer.status_code)
        return data

    def initialize(self, *, amount: int, currency: str, refno: str, urls: Urls) -> Initialized:
        checked_order(amount, currency, refno)
        body = {
            "currency": currency,
            "refno": refno,
            "amount": amount,
            "autoSettle": True,
            "redirect": {
                "successUrl": urls.success,
                "cancelUrl": urls.cancel,
                "errorUrl": urls.error,
            },
            "webhook": {"url": urls.webhook},
        }
        data = self._call("POST", "/v1/transactions", body)
        transaction_id = data.get("transactionId")
        if not isinstance(transaction_id, str) or not TRANSACTION_ID.match(transaction_id):
            raise DatatransError("MALFORMED_ANSWER", "the answer has no transactionId")
        return Initialized(transaction_id, f"{self.pay_url}/v1/start/{transaction_id}")

    def status(self, transaction_id: str) -> Status:
        path = f"/v1/transactions/{checked_transaction_id(transaction_id)}"
        return status_of(self._call("GET", path))

    def refund(self, transaction_id: str, *, amount: int, currency: str, refno: str) -> str:
        """Credit ``amount`` of a settled transaction. The Idempotency-Key is derived from the
        transaction and ``refno``: the same refund sent again (a lost answer) is done once."""
        checked_order(amount, currency, refno)
        path = f"/v1/transactions/{checked_transaction_id(transaction_id)}/credit"
        name = f"credit:{self.account.merchant_id}:{transaction_id}:{refno}"
        key = str(uuid.uuid5(IDEMPOTENCY, name))
        data = self._call(
            "POST", path, {"amount": amount, "currency": currency, "refno": refno}, key
        )
        refund_id = data.get("transactionId")
        if not isinstance(refund_id, str) or not TRANSACTION_ID.match(refund_id):
            raise DatatransError("MALFORMED_ANSWER", "the credit's answer has no transactionId")
        return refund_id

    def verify_notification(self, body: bytes, headers: Mapping[str, str]) -> Status:
        """The payment a webhook reports, once its signature, age and body hold (a refund's
        notification is refused). The caller compares amount, currency and refno with its own."""
        try:
            datatrans_signature.check(self.account.secrets.get("hmac_key", ""), body, headers)
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise InvalidNotification("the body is not JSON") from None
            if not isinstance(data, dict):
                raise InvalidNotification("the body is not a JSON object")
            merchant = data.get("merchantId")
            if merchant is not None and str(merchant) != self.account.merchant_id:
                raise InvalidNotification("the notification is for another merchant")
            if data.get("type", "payment") != "payment":  # a refund's is never a payment
                raise InvalidNotification(f"not a payment but a {data.get('type')!r}")
            try:
                status = status_of(data)
            except DatatransError as error:
                raise InvalidNotification(error.detail) from None
        except InvalidNotification as error:
            logger.warning("Datatrans notification refused: %s", error)
            raise
        logger.info(
            "Datatrans notification: %s is %s", status.transaction_id, status.provider_status
        )
        return status


register(NAME, Datatrans)
