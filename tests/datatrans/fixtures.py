"""Fixtures: the Datatrans stand-in on a free port, a merchant account pointing at it, and a
receiver for its webhooks (for tests without a Plone server to receive them).

    def test_x(datatrans_standin, datatrans_account, webhook_receiver): ...

Our client checks every address it calls (``security.outgoing.vet``), which reads the allow-list
of the site: ``datatrans_allowed`` (on the integration layer) lists the stand-in's host and port.
Tests that run a Plone server (acceptance layer, browser tests) list it themselves, as
``allow_hosts(port)`` does.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest
from plone import api

from digitalgemeinde.payments.provider import MerchantAccount
from tests.datatrans.standin import StandIn

MERCHANT_ID = "1100012345"
PASSWORD = "standin-password"  # noqa: S105 (the stand-in's test merchant)
HMAC_KEY = "6f1c0b5e2d3a49c8a0b7e4f1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
BACK = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Portal</title></head>'
    "<body><main><h1>Zurück im Portal</h1></main></body></html>"
)


def account_for(standin: StandIn, **secrets) -> MerchantAccount:
    return MerchantAccount(
        provider="datatrans",
        merchant_id=standin.merchant_id,
        secrets={"password": PASSWORD, "hmac_key": HMAC_KEY, **secrets},
        api_url=standin.url,
        pay_url=standin.url,
    )


def allow_hosts(*ports: int) -> None:
    """Let the portal's outgoing check call 127.0.0.1 on these ports (a Manager's setting)."""
    hosts = [f"127.0.0.1:{port}" for port in ports]
    api.portal.set_registry_record("digitalgemeinde.outgoing_allowed_hosts", hosts)


class WebhookReceiver:
    """A small HTTP server that answers 200 to every POST and keeps (headers, body); a GET
    (the browser sent back from the payment page) gets a small page."""

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.changed:
                    receiver.received.append((dict(self.headers.items()), body))
                    receiver.changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                body = BACK.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.base}/webhook"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def wait(self, count: int = 1, timeout: float = 5.0) -> list[tuple[dict, bytes]]:
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.received) >= count, timeout):
                raise AssertionError(f"{len(self.received)} webhooks received, not {count}")
            return list(self.received)

    def last_json(self) -> dict:
        return json.loads(self.received[-1][1])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def datatrans_standin():
    """The stand-in on a free port of 127.0.0.1 (API and payment page at ``.url``)."""
    with StandIn(MERCHANT_ID, PASSWORD, HMAC_KEY) as standin:
        yield standin


@pytest.fixture
def datatrans_account(datatrans_standin) -> MerchantAccount:
    return account_for(datatrans_standin)


@pytest.fixture
def webhook_receiver():
    receiver = WebhookReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def datatrans_allowed(integration, datatrans_standin):
    """The integration layer's site, whose outgoing check lets our client call the stand-in."""
    allow_hosts(datatrans_standin.port)
    return integration["portal"]
