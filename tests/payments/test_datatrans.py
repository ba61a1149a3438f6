"""Our Datatrans client against the running stand-in (tests/datatrans/standin.py): a real HTTP
server speaking Datatrans' documented API, its payment page driven as a browser posts its form,
its signed webhooks received by a real HTTP server."""

import json
import re
import socket
import time

import pytest
import requests

from digitalgemeinde.payments import datatrans
from digitalgemeinde.payments import datatrans_signature
from digitalgemeinde.payments.datatrans import Datatrans
from digitalgemeinde.payments.datatrans import DatatransError
from digitalgemeinde.payments.provider import CANCELLED
from digitalgemeinde.payments.provider import DECLINED
from digitalgemeinde.payments.provider import FAILED
from digitalgemeinde.payments.provider import PAID
from digitalgemeinde.payments.provider import PENDING
from digitalgemeinde.payments.provider import InvalidNotification
from digitalgemeinde.payments.provider import MerchantAccount
from digitalgemeinde.payments.provider import PaymentError
from digitalgemeinde.payments.provider import ProviderUnavailable
from digitalgemeinde.payments.provider import Urls
from digitalgemeinde.payments.provider import provider_for
from tests.datatrans.fixtures import HMAC_KEY
from tests.datatrans.fixtures import account_for
from tests.datatrans.fixtures import allow_hosts

SUCCESS = "https://portal.example/liestal/zahlung/ok?attempt=a1"


def urls(receiver) -> Urls:
    return Urls(
        success=SUCCESS,
        cancel="https://portal.example/liestal/zahlung/abgebrochen",
        error="https://portal.example/liestal/zahlung/fehler",
        webhook=receiver.url,
    )


def start(account, receiver, amount=4000, refno="DG-2026-00017"):
    client = provider_for(account)
    return client, client.initialize(
        amount=amount, currency="CHF", refno=refno, urls=urls(receiver)
    )


def choose(redirect_url: str, action: str) -> requests.Response:
    """The citizen on the payment page: loads it, then presses a button (the form's POST)."""
    page = requests.get(redirect_url, timeout=5)
    assert page.status_code == 200
    assert all(label in page.text for label in ("Bezahlen", "Ablehnen", "Abbrechen"))
    return requests.post(redirect_url, data={"action": action}, allow_redirects=False, timeout=5)


def test_the_provider_is_registered_and_keeps_its_secrets_out_of_reprs(datatrans_account):
    client = provider_for(datatrans_account)
    assert isinstance(client, Datatrans) and client.name == "datatrans"
    for text in (repr(datatrans_account), repr(client)):
        assert "standin-password" not in text and HMAC_KEY not in text
    production = Datatrans(MerchantAccount("datatrans", "1100012345"))
    assert production.api_url == "https://api.datatrans.com"
    assert production.pay_url == "https://pay.datatrans.com"


def test_initialize_opens_a_transaction_and_names_its_payment_page(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver
):
    client, opened = start(datatrans_account, webhook_receiver)
    assert opened.redirect_url == f"{datatrans_standin.url}/v1/start/{opened.transaction_id}"
    page = requests.get(opened.redirect_url, timeout=5)
    assert "CHF 40.00" in page.text and "DG-2026-00017" in page.text
    assert datatrans_standin.private[opened.transaction_id]["autoSettle"] is True
    status = client.status(opened.transaction_id)
    assert (status.state, status.amount, status.currency) == (PENDING, 4000, "CHF")
    assert (status.refno, status.provider_status) == ("DG-2026-00017", "initialized")


def test_paying_redirects_back_and_sends_a_signed_webhook(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver
):
    client, opened = start(datatrans_account, webhook_receiver)
    answer = choose(opened.redirect_url, "pay")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"{SUCCESS}&datatransTrxId={opened.transaction_id}"
    headers, body = webhook_receiver.wait(1)[0]
    assert headers["Datatrans-Signature"].startswith("t=")
    notified = client.verify_notification(body, headers)
    assert (notified.transaction_id, notified.state) == (opened.transaction_id, PAID)
    assert (notified.amount, notified.currency, notified.refno) == (4000, "CHF", "DG-2026-00017")
    status = client.status(opened.transaction_id)
    assert (status.state, status.amount, status.provider_status) == (PAID, 4000, "settled")
    # the page of a finished payment cannot be paid again
    assert requests.post(opened.redirect_url, data={"action": "pay"}, timeout=5).status_code == 409


@pytest.mark.parametrize(
    ("action", "state", "path"),
    [("decline", DECLINED, "/zahlung/fehler"), ("cancel", CANCELLED, "/zahlung/abgebrochen")],
)
def test_declined_and_cancelled_payments(
    datatrans_allowed, datatrans_account, webhook_receiver, action, state, path
):
    client, opened = start(datatrans_account, webhook_receiver)
    answer = choose(opened.redirect_url, action)
    assert answer.status_code == 303
    assert path in answer.headers["Location"]
    assert answer.headers["Location"].endswith(f"?datatransTrxId={opened.transaction_id}")
    headers, body = webhook_receiver.wait(1)[0]
    assert client.verify_notification(body, headers).state == state
    assert client.status(opened.transaction_id).state == state


def test_an_expired_transaction_fails(datatrans_allowed, datatrans_standin, datatrans_account):
    client = provider_for(datatrans_account)
    opened = client.initialize(
        amount=2000,
        currency="CHF",
        refno="DG-1",
        urls=Urls("https://a/", "https://b/", "https://c/", ""),
    )
    datatrans_standin.expire(opened.transaction_id)
    assert client.status(opened.transaction_id).state == FAILED


def test_a_late_webhook_the_poll_settles_first(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver
):
    datatrans_standin.webhook_mode = "hold"
    client, opened = start(datatrans_account, webhook_receiver)
    choose(opened.redirect_url, "pay")
    assert webhook_receiver.received == []
    assert client.status(opened.transaction_id).state == PAID  # the worker's poll
    datatrans_standin.release()
    headers, body = webhook_receiver.wait(1)[0]
    assert client.verify_notification(body, headers).state == PAID


def signed(body: bytes, key: str = HMAC_KEY, age: float = 0) -> dict:
    timestamp = int((time.time() - age) * 1000)
    return {"Datatrans-Signature": datatrans_signature.header_value(key, body, timestamp)}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("tampered", "does not match"),
        ("other key", "does not match"),
        ("old", "signed 660 s ago (more than 600 s)"),
        ("future", "in the future"),
        ("missing", "header is missing"),
        ("malformed", "malformed"),
        ("not json", "not JSON"),
        ("other merchant", "another merchant"),
        ("no transaction", "no valid transactionId"),
        ("a refund's", "not a payment but a 'credit'"),
    ],
)
def test_a_notification_that_does_not_hold_is_refused(
    datatrans_allowed, datatrans_account, webhook_receiver, change, reason
):
    client, opened = start(datatrans_account, webhook_receiver)
    choose(opened.redirect_url, "pay")
    headers, body = webhook_receiver.wait(1)[0]
    data = json.loads(body)
    forged = {
        "tampered": lambda: (body.replace(b'"amount": 4000', b'"amount": 1'), headers),
        "other key": lambda: (body, signed(body, key="ab" * 32)),
        "old": lambda: (body, signed(body, age=660)),
        "future": lambda: (body, signed(body, age=-600)),
        "missing": lambda: (body, {"Content-Type": "application/json"}),
        "malformed": lambda: (body, {"datatrans-signature": "t=soon,s0=abc"}),
        "not json": lambda: (b"paid!", signed(b"paid!")),
        "other merchant": lambda: (raw := dumps(data, merchantId="1100099999"), signed(raw)),
        "no transaction": lambda: (raw := dumps(data, transactionId=None), signed(raw)),
        "a refund's": lambda: (raw := dumps(data, type="credit"), signed(raw)),
    }[change]
    forged_body, forged_headers = forged()
    assert forged_body != body or forged_headers != headers
    with pytest.raises(InvalidNotification, match=re.escape(reason)):
        client.verify_notification(forged_body, forged_headers)
    # the genuine one, beside it, holds (a header's name in any case)
    lower = {name.lower(): value for name, value in headers.items()}
    assert client.verify_notification(body, lower).state == PAID


def dumps(data: dict, **changes) -> bytes:
    return json.dumps({**data, **changes}).encode()


def test_no_hmac_key_refuses_every_notification(datatrans_standin, webhook_receiver):
    client = Datatrans(account_for(datatrans_standin, hmac_key=""))
    body = b'{"transactionId": "1", "status": "settled"}'
    with pytest.raises(InvalidNotification, match="no usable HMAC key"):
        client.verify_notification(body, signed(body))


def test_bad_credentials_are_a_payment_error(
    datatrans_allowed, datatrans_standin, webhook_receiver
):
    client = Datatrans(account_for(datatrans_standin, password="wrong"))
    with pytest.raises(DatatransError) as caught:
        client.initialize(amount=100, currency="CHF", refno="DG-2", urls=urls(webhook_receiver))
    assert (caught.value.code, caught.value.http_status) == ("UNAUTHORIZED", 401)
    assert not isinstance(caught.value, ProviderUnavailable)
    assert datatrans_standin.transactions == {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_provider_that_is_down_is_unavailable(
    datatrans_allowed, datatrans_standin, webhook_receiver
):
    port = free_port()  # nobody listens there
    allow_hosts(datatrans_standin.port, port)
    closed = MerchantAccount(
        "datatrans", "1100012345", {"password": "x"}, f"http://127.0.0.1:{port}"
    )
    with pytest.raises(ProviderUnavailable):
        provider_for(closed).status("123")


@pytest.mark.parametrize("how", [500, "drop"])
def test_a_failing_init_is_unavailable_and_the_next_try_works(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver, how
):
    datatrans_standin.fail("init", how)
    with pytest.raises(ProviderUnavailable):
        start(datatrans_account, webhook_receiver)
    assert datatrans_standin.transactions == {}  # nothing was opened, nothing charged
    datatrans_standin.heal()
    assert start(datatrans_account, webhook_receiver)[1].transaction_id


def test_a_provider_that_does_not_answer_in_time_is_unavailable(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver, monkeypatch
):
    monkeypatch.setattr(datatrans, "TIMEOUT", (1, 0.3))  # production waits 5 s and 20 s
    datatrans_standin.fail("status", "slow")
    client, opened = start(datatrans_account, webhook_receiver)
    with pytest.raises(ProviderUnavailable, match="ReadTimeout"):
        client.status(opened.transaction_id)


def test_without_a_webhook_the_poll_still_settles(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver
):
    datatrans_standin.webhook_mode = "drop"  # lost, e.g. the portal was down
    client, opened = start(datatrans_account, webhook_receiver)
    assert choose(opened.redirect_url, "pay").status_code == 303
    assert client.status(opened.transaction_id).state == PAID
    assert datatrans_standin.sent == [] and webhook_receiver.received == []


def test_refunds_in_part_then_the_rest_never_more_than_settled(
    datatrans_allowed, datatrans_standin, datatrans_account, webhook_receiver
):
    client, opened = start(datatrans_account, webhook_receiver, amount=6000)
    tid = opened.transaction_id
    with pytest.raises(DatatransError) as unpaid:
        client.refund(tid, amount=100, currency="CHF", refno="DG-R0")
    assert unpaid.value.code == "INVALID_TRANSACTION_STATUS"
    choose(opened.redirect_url, "pay")
    first = client.refund(tid, amount=2000, currency="CHF", refno="DG-R1")
    assert client.refund(tid, amount=2000, currency="CHF", refno="DG-R1") == first  # sent twice
    assert client.status(tid).refunded == 2000
    with pytest.raises(DatatransError) as too_much:
        client.refund(tid, amount=4001, currency="CHF", refno="DG-R2")
    assert (too_much.value.code, too_much.value.http_status) == ("INVALID_PROPERTY", 400)
    rest = client.refund(tid, amount=4000, currency="CHF", refno="DG-R2")
    assert rest != first and datatrans_standin.transactions[rest]["type"] == "credit"
    status = client.status(tid)
    assert (status.state, status.amount, status.refunded) == (PAID, 6000, 6000)
    with pytest.raises(DatatransError, match="exceeds"):
        client.refund(tid, amount=1, currency="CHF", refno="DG-R3")


def test_status_of_an_unknown_or_malformed_id(
    datatrans_allowed, datatrans_standin, datatrans_account
):
    client = provider_for(datatrans_account)
    with pytest.raises(DatatransError) as unknown:
        client.status("999999999999999999")
    assert (unknown.value.code, unknown.value.http_status) == ("TRANSACTION_NOT_FOUND", 404)
    with pytest.raises(DatatransError) as malformed:
        client.status("../transactions")
    assert malformed.value.code == "INVALID_TRANSACTION_ID"
    assert ("GET", "/v1/transactions/../transactions") not in datatrans_standin.calls


def test_an_address_the_portal_does_not_allow_is_not_called(
    integration, datatrans_standin, datatrans_account, webhook_receiver
):
    with pytest.raises(PaymentError) as caught:
        start(datatrans_account, webhook_receiver)
    assert caught.value.code == "ADDRESS_REFUSED"
    assert "NotHTTPS" in str(caught.value)  # http:// to a host nobody allow-listed
    assert "requests are delivered to https:// addresses only" in caught.value.reason.default
    assert datatrans_standin.calls == []


@pytest.mark.parametrize("amount", [0, -100, 20.0, True, "2000"])
def test_amounts_are_whole_positive_centimes(datatrans_account, webhook_receiver, amount):
    with pytest.raises(ValueError, match="centimes"):
        start(datatrans_account, webhook_receiver, amount=amount)
