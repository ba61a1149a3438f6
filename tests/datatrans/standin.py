"""A local stand-in for Datatrans: the documented subset of its JSON API and its payment page.

The provider cannot be reached from here, so the tests (and ``make payment-standin``) run this
server. It speaks what api-reference.datatrans.ch documents, on the same paths, with the same
bodies, headers and status codes; our client reaches it through the merchant account's
``api_url``/``pay_url`` and does not know it is a stand-in.

- Basic authentication ``merchantId:password``; else ``401`` with Datatrans' error body
  ``{"error": {"code": "UNAUTHORIZED", "message": ...}}``.
- ``POST /v1/transactions`` (init): ``201``, ``Location`` and ``{"transactionId": ...}``.
- ``GET /v1/transactions/{id}`` (status): the transaction's JSON; ``404`` TRANSACTION_NOT_FOUND.
- ``POST /v1/transactions/{id}/credit`` (refund, in part or in full): ``200`` and the credit's
  ``transactionId``; more than is left of the settled amount, or a transaction not settled, is
  refused with ``400``. ``Idempotency-Key`` as documented: the same key and body answer the
  first answer again, the same key with another body ``422``.
- ``GET /v1/start/{id}``: the payment page (German, no JavaScript) with three buttons,
  Bezahlen / Ablehnen / Abbrechen. The choice sets the state, sends the signed webhook
  (``Datatrans-Signature: t=<ms>,s0=<HMAC-SHA256 over t and the body>``) to the transaction's
  webhook URL in a background thread, and redirects the browser (303) to the success, error or
  cancel URL with ``datatransTrxId`` appended.

Switches for the tests: ``fail(operation, how)`` makes ``init``/``status``/``credit`` answer
500, drop the connection or answer late; ``webhook_mode`` ``send`` (default), ``hold`` (kept
until ``release()``: a late webhook) or ``drop``; ``webhook_delay`` seconds before sending;
``wait_sent(n)`` waits for ``n`` webhooks to have been sent.

    python -m tests.datatrans.standin --port 9191 --merchant 1100012345:secret --hmac-key 00ff…
"""

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import re
import secrets
import socket
import threading
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs

import requests

from tests.datatrans import page

ROUTES = (
    ("POST", re.compile(r"^/v1/transactions$"), "init"),
    ("GET", re.compile(r"^/v1/transactions/(?P<tid>[^/]+)$"), "status"),
    ("POST", re.compile(r"^/v1/transactions/(?P<tid>[^/]+)/credit$"), "credit"),
    ("GET", re.compile(r"^/v1/start/(?P<tid>[^/]+)$"), "page"),
    ("POST", re.compile(r"^/v1/start/(?P<tid>[^/]+)$"), "choose"),
)
API = ("init", "status", "credit")
CURRENCY = re.compile(r"^[A-Z]{3}$")
VALID_MINUTES = 30  # a transactionId is valid for 30 minutes


def now_iso(offset_minutes: int = 0) -> str:
    moment = datetime.now(UTC) + timedelta(minutes=offset_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def signature(key_hex: str, body: bytes, timestamp_ms: int) -> str:
    """``Datatrans-Signature`` as the API reference defines it (written apart from ours)."""
    mac = hmac.new(bytes.fromhex(key_hex), str(timestamp_ms).encode() + body, hashlib.sha256)
    return f"t={timestamp_ms},s0={mac.hexdigest()}"


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class StandIn:
    """The stand-in's state and its HTTP server (``start``/``stop`` or ``with``)."""

    def __init__(self, merchant_id: str, password: str, hmac_key: str, host="127.0.0.1", port=0):
        self.merchant_id, self.password, self.hmac_key = merchant_id, password, hmac_key
        self.host, self.port = host, port
        self.transactions: dict[str, dict] = {}
        self.private: dict[str, dict] = {}  # per transaction: urls, webhook, autoSettle
        self.idempotent: dict[str, tuple[str, int, dict]] = {}
        self.failures: dict[str, object] = {}
        self.webhook_mode, self.webhook_delay = "send", 0.0
        self.slow_seconds = 1.0
        self.held: list[tuple[str, bytes]] = []
        self.sent: list[dict] = []
        self.calls: list[tuple[str, str]] = []  # (method, path) of every request
        self.changed = threading.Condition()  # a webhook was sent
        self.lock = threading.RLock()  # one change of the state at a time
        self.server = None

    # -- running -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "StandIn":
        self.server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.server.daemon_threads = True
        self.server.standin = self
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- switches for the tests ------------------------------------------------------------------
    def fail(self, operation: str, how: object = 500) -> None:
        """``operation`` (init, status, credit) answers 500 (``how=500``), closes the
        connection without an answer (``"drop"``) or answers after ``slow_seconds`` (``"slow"``)
        until ``heal()``."""
        assert operation in API and how in (500, "drop", "slow")
        self.failures[operation] = how

    def heal(self) -> None:
        self.failures.clear()

    def release(self) -> None:
        """Send the webhooks held back (``webhook_mode = "hold"``)."""
        held, self.held = self.held, []
        for url, body in held:
            self.send_webhook(url, body)

    def wait_sent(self, count: int, timeout: float = 5.0) -> list[dict]:
        """The webhooks sent, once there are ``count`` of them; AssertionError after timeout."""
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.sent) >= count, timeout):
                raise AssertionError(f"{len(self.sent)} webhooks sent, not {count}: {self.sent}")
            return list(self.sent)

    def transaction(self, tid: str) -> dict:
        with self.lock:
            return json.loads(json.dumps(self.transactions[tid]))

    def expire(self, tid: str) -> None:
        """The transaction timed out on the payment page (status failed, no webhook)."""
        with self.lock:
            self.finish(tid, "failed", fail={"reason": "TIMEOUT", "message": "expired"})

    # -- the API ---------------------------------------------------------------------------------
    def authenticate(self, header: str) -> None:
        try:
            kind, _, value = (header or "").partition(" ")
            user, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            kind, user, password = "", "", ""
        if kind.lower() != "basic" or not (
            hmac.compare_digest(user, self.merchant_id)
            and hmac.compare_digest(password, self.password)
        ):
            raise Refusal(401, "UNAUTHORIZED", "Invalid merchant credentials")

    def new_id(self) -> str:
        return datetime.now(UTC).strftime("%y%m%d%H%M%S") + str(secrets.randbelow(10**6)).zfill(6)

    def init(self, body: dict) -> tuple[int, dict, dict]:
        amount, currency, refno = body.get("amount"), body.get("currency"), body.get("refno")
        redirect = body.get("redirect") or {}
        if not isinstance(currency, str) or not CURRENCY.match(currency):
            raise Refusal(400, "INVALID_PROPERTY", "init.currency has not the right format")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise Refusal(400, "INVALID_PROPERTY", "init.amount must be a positive integer")
        if not isinstance(refno, str) or not 0 < len(refno) <= 40:
            raise Refusal(400, "INVALID_PROPERTY", "init.refno must have 1 to 40 characters")
        for name in ("successUrl", "cancelUrl", "errorUrl"):
            if not isinstance(redirect.get(name), str) or not redirect[name]:
                raise Refusal(400, "INVALID_PROPERTY", f"init.redirect.{name} is missing")
        tid = self.new_id()
        self.transactions[tid] = {
            "transactionId": tid,
            "merchantId": self.merchant_id,
            "type": "payment",
            "status": "initialized",
            "currency": currency,
            "refno": refno,
            "language": body.get("language", "de"),
            "detail": {"init": {"expires": now_iso(VALID_MINUTES)}},
            "history": [self.entry("init", amount)],
        }
        self.private[tid] = {
            "redirect": redirect,
            "webhook": (body.get("webhook") or {}).get("url", ""),
            "autoSettle": bool(body.get("autoSettle", False)),
            "amount": amount,
        }
        return 201, {"Location": f"{self.url}/v1/start/{tid}"}, {"transactionId": tid}

    def entry(self, action: str, amount: int, success: bool = True) -> dict:
        return {
            "action": action,
            "amount": amount,
            "source": "api" if action in ("init", "credit") else "redirect",
            "date": now_iso(),
            "success": success,
            "ip": "127.0.0.1",
        }

    def status(self, tid: str) -> tuple[int, dict, dict]:
        if tid not in self.transactions:
            raise Refusal(404, "TRANSACTION_NOT_FOUND", f"No transaction found with id {tid}")
        return 200, {}, self.transactions[tid]

    def credit(self, tid: str, body: dict) -> tuple[int, dict, dict]:
        original = self.status(tid)[2]
        amount, currency, refno = body.get("amount"), body.get("currency"), body.get("refno")
        if original["type"] != "payment" or original["status"] not in ("settled", "transmitted"):
            raise Refusal(400, "INVALID_TRANSACTION_STATUS", "the transaction is not settled")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise Refusal(400, "INVALID_PROPERTY", "credit.amount must be a positive integer")
        if currency != original["currency"]:
            raise Refusal(400, "INVALID_PROPERTY", "credit.currency differs from the transaction")
        if not isinstance(refno, str) or not 0 < len(refno) <= 40:
            raise Refusal(400, "INVALID_PROPERTY", "credit.refno must have 1 to 40 characters")
        settled = original["detail"]["settle"]["amount"]
        credited = sum(e["amount"] for e in original["history"] if e["action"] == "credit")
        if amount > settled - credited:
            raise Refusal(
                400, "INVALID_PROPERTY", f"credit.amount exceeds the {settled - credited} left"
            )
        credit_id = self.new_id()
        self.transactions[credit_id] = {
            "transactionId": credit_id,
            "merchantId": self.merchant_id,
            "type": "credit",
            "status": "settled",
            "currency": currency,
            "refno": refno,
            "detail": {"settle": {"amount": amount}},
            "history": [self.entry("init", amount), self.entry("credit", amount)],
        }
        original["history"].append(self.entry("credit", amount))
        return 200, {}, {"transactionId": credit_id, "acquirerAuthorizationCode": "100000"}

    # -- the payment page --------------------------------------------------------------------------
    def choose(self, tid: str, action: str) -> str:
        """The citizen's choice on the payment page: where the browser goes next."""
        urls = self.private[tid]["redirect"]
        amount = self.private[tid]["amount"]
        if action == "pay":
            settle = self.private[tid]["autoSettle"]
            detail = {"authorize": {"amount": amount, "acquirerAuthorizationCode": "100000"}}
            if settle:
                detail["settle"] = {"amount": amount}
            self.finish(tid, "settled" if settle else "authorized", **detail)
            self.transactions[tid]["paymentMethod"] = "VIS"
            self.transactions[tid]["card"] = {"masked": "424242xxxxxx4242", "expiryMonth": "12"}
            url = urls["successUrl"]
        elif action == "decline":
            self.finish(tid, "failed", fail={"reason": "DECLINED", "message": "declined"})
            url = urls["errorUrl"]
        else:
            self.finish(tid, "canceled")
            url = urls["cancelUrl"]
        self.notify(tid)
        return page.with_query(url, datatransTrxId=tid)

    def finish(self, tid: str, status: str, **detail) -> None:
        transaction = self.transactions[tid]
        transaction["status"] = status
        transaction["detail"].update(detail)
        amount = self.private[tid]["amount"]
        actions = {"settled": ("authorize", "settle"), "authorized": ("authorize",)}
        for action in actions.get(status, ("authorize" if status == "failed" else "cancel",)):
            transaction["history"].append(self.entry(action, amount, status != "failed"))

    # -- webhooks --------------------------------------------------------------------------------
    def notify(self, tid: str) -> None:
        url = self.private[tid]["webhook"]
        if not url or self.webhook_mode == "drop":
            return
        body = json.dumps(self.transactions[tid]).encode()
        if self.webhook_mode == "hold":
            self.held.append((url, body))
            return
        self.send_webhook(url, body)

    def send_webhook(self, url: str, body: bytes) -> None:
        threading.Thread(target=self.post_webhook, args=(url, body), daemon=True).start()

    def post_webhook(self, url: str, body: bytes) -> None:
        if self.webhook_delay:
            time.sleep(self.webhook_delay)
        header = signature(self.hmac_key, body, int(time.time() * 1000))
        headers = {"Content-Type": "application/json", "Datatrans-Signature": header}
        record = {"url": url, "body": body, "transactionId": json.loads(body)["transactionId"]}
        try:
            answer = requests.post(
                url, data=body, headers=headers, timeout=10, allow_redirects=False
            )
            record["http_status"] = answer.status_code
        except requests.RequestException as error:
            record["error"] = repr(error)
        with self.changed:
            self.sent.append(record)
            self.changed.notify_all()


class Handler(BaseHTTPRequestHandler):
    server_version = "DatatransStandIn/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def dispatch(self, method: str) -> None:
        standin = self.server.standin
        path = self.path.split("?", 1)[0]
        standin.calls.append((method, path))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        for route_method, pattern, name in ROUTES:
            match = pattern.match(path)
            if match and route_method == method:
                return self.handle_route(standin, name, match.groupdict().get("tid", ""), raw)
        return self.answer_json(404, {"error": {"code": "NOT_FOUND", "message": "no such path"}})

    def handle_route(self, standin: StandIn, name: str, tid: str, raw: bytes) -> None:
        if name in API:
            return self.handle_api(standin, name, tid, raw)
        with standin.lock:
            if tid not in standin.transactions or standin.transactions[tid]["type"] != "payment":
                return self.answer_html(404, page.not_found())
            transaction, amount = standin.transactions[tid], standin.private[tid]["amount"]
            if transaction["status"] != "initialized":
                return self.answer_html(409, page.finished())
            if name == "page":
                return self.answer_html(200, page.payment(tid, transaction, amount))
            action = parse_qs(raw.decode("utf-8", "replace")).get("action", [""])[0]
            if action not in ("pay", "decline", "cancel"):
                return self.answer_html(400, page.payment(tid, transaction, amount, error=True))
            location = standin.choose(tid, action)
        return self.answer(303, b"", {"Location": location, "Content-Type": "text/plain"})

    def handle_api(self, standin: StandIn, name: str, tid: str, raw: bytes) -> None:
        failure = standin.failures.get(name)
        if failure == "drop":  # no answer at all: the connection is closed
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if failure == "slow":
            time.sleep(standin.slow_seconds)
        if failure == 500:
            error = {"code": "UNKNOWN_ERROR", "message": "An unknown error occurred"}
            return self.answer_json(500, {"error": error})
        try:
            standin.authenticate(self.headers.get("Authorization", ""))
            body = json.loads(raw or b"{}") if name != "status" else {}
            if not isinstance(body, dict):
                raise Refusal(400, "INVALID_JSON_PAYLOAD", "the body is not a JSON object")
            status, headers, answer = self.idempotent(standin, name, tid, body, raw)
        except ValueError:
            return self.answer_json(400, {"error": {"code": "INVALID_JSON_PAYLOAD", "message": ""}})
        except Refusal as refusal:
            error = {"code": refusal.code, "message": refusal.message}
            return self.answer_json(refusal.status, {"error": error})
        return self.answer_json(status, answer, headers)

    def idempotent(self, standin: StandIn, name: str, tid: str, body: dict, raw: bytes):
        key = self.headers.get("Idempotency-Key", "") if name != "status" else ""
        with standin.lock:  # one change at a time, as one database would
            if key and key in standin.idempotent:
                first_body, status, answer = standin.idempotent[key]
                if first_body != raw.decode():
                    raise Refusal(422, "UNPROCESSABLE_ENTITY", "another body for this key")
                return status, {}, answer
            if name == "init":
                result = standin.init(body)
            elif name == "credit":
                result = standin.credit(tid, body)
            else:
                result = standin.status(tid)
            if key:
                standin.idempotent[key] = (raw.decode(), result[0], result[2])
            return result

    def answer_json(self, status: int, data: dict, headers: dict | None = None) -> None:
        body = json.dumps(data).encode()
        self.answer(status, body, {"Content-Type": "application/json", **(headers or {})})

    def answer_html(self, status: int, html: str) -> None:
        self.answer(status, html.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def answer(self, status: int, body: bytes, headers: dict) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="A local stand-in for Datatrans' API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9191)
    parser.add_argument("--merchant", required=True, help="merchantId:password")
    parser.add_argument("--hmac-key", required=True, help="the webhook's HMAC key, hex")
    parser.add_argument("--webhook-delay", type=float, default=0.0, help="seconds")
    options = parser.parse_args(argv)
    merchant_id, _, password = options.merchant.partition(":")
    try:
        bytes.fromhex(options.hmac_key)
    except ValueError:
        parser.error("--hmac-key must be hexadecimal, as Datatrans shows it")
    standin = StandIn(merchant_id, password, options.hmac_key, options.host, options.port)
    standin.webhook_delay = options.webhook_delay
    standin.start()
    print(f"Datatrans stand-in at {standin.url} (API and payment page)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
