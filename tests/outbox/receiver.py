"""A specialist application for tests: a real HTTP server on loopback.

It checks each delivery's signature with the shared secret, refuses the first ``refuse``
deliveries with 503, and keeps what it accepted by idempotency key (a key seen again is
answered 200 and counted as a repeat, as a real receiver would deduplicate).

``hold`` (seconds, 0 by default) makes it a slow application: each delivery is recorded at once
but answered only that long after; ``in_flight`` counts the deliveries received and not yet
answered, ``keys`` lists the idempotency key of every delivery in the order they came."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from digitalgemeinde.outbox import IDEMPOTENCY_HEADER
from digitalgemeinde.outbox import SIGNATURE_HEADER
from digitalgemeinde.outbox import TIMESTAMP_HEADER
from digitalgemeinde.outbox import verify


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    def __init__(self, secret: str, refuse: int = 0, port: int | None = None, hold: float = 0):
        self.secret = secret
        self.hold = hold
        self.in_flight = 0
        self.keys: list[str] = []
        self.refuse = refuse
        self.port = port or free_port()
        self.accepted: dict[str, bytes] = {}
        self.repeats: list[str] = []
        self.refused = 0
        self.bad_signatures = 0
        self.content_types: list[str] = []
        self.server = None
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/anliegen"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    status = receiver.handle(self.headers, body)
                    receiver.in_flight += 1
                time.sleep(receiver.hold)  # a slow application: received, not yet answered
                with receiver.lock:
                    receiver.in_flight -= 1
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def handle(self, headers, body: bytes) -> int:
        self.content_types.append(headers.get("Content-Type", ""))
        if not verify(
            self.secret, headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), body
        ):
            self.bad_signatures += 1
            return 401
        if self.refused < self.refuse:
            self.refused += 1
            return 503
        key = headers.get(IDEMPOTENCY_HEADER)
        self.keys.append(key)
        if key in self.accepted:
            self.repeats.append(key)
            return 200
        self.accepted[key] = body
        return 202

    def references(self) -> list[str]:
        return sorted(
            json.loads(body)["reference"]
            for body in self.accepted.values()
            if body.startswith(b"{")
        )
