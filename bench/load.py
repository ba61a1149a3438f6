"""The load of the benchmark harness (bench/run.py): the requests it makes, clients on
keep-alive connections in threads, and the figures of a measured pair."""

import base64
import http.client
import json
import re
import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from urllib.parse import urlsplit

# --- requests --------------------------------------------------------------------------------


@dataclass
class Call:
    """One kind of request; ``body(n)`` makes the n-th body (values differ per request, so our
    second-click protection does not merge them)."""

    name: str
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: object = None  # callable n -> (bytes, content_type) or None
    expect: tuple = (200,)


def basic(user: str, password: str) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def multipart(fields: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{item}\r\n".encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def varied(values: dict, n: int) -> dict:
    """The values with a distinct name and address per request."""
    changed = dict(values)
    for key in list(changed):
        if key.endswith(("name", "nachname", "vorname")) and isinstance(changed[key], str):
            changed[key] = f"{changed[key]} {n}"
        if key.endswith("email") and isinstance(changed[key], str):
            changed[key] = f"bench-{n}-{uuid.uuid4().hex[:6]}@example.ch"
    return changed


def authenticator(base: str, path: str) -> str:
    """The form's plone.protect token (easyform checks it for anonymous visitors too)."""
    client = Client(base)
    connection = http.client.HTTPConnection(client.host, client.port, timeout=120)
    connection.request("GET", client.prefix + path)
    page = connection.getresponse().read().decode("utf-8", "replace")
    connection.close()
    match = re.search(r'name="_authenticator"\s+value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"\s+name="_authenticator"', page
    )
    return match.group(1) if match else ""


def browser_submit(values: dict, token: str = "", button: str = "form.buttons.submit"):
    def body(n: int):
        fields = {f"form.widgets.{k}": v for k, v in varied(values, n).items()}
        fields[button] = "Absenden"
        if token:
            fields["_authenticator"] = token
        return multipart(fields)

    return body


def json_submit(values: dict):
    def body(n: int):
        return json.dumps(varied(values, n)).encode(), "application/json"

    return body


# --- load ------------------------------------------------------------------------------------


class Client:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.connection = None

    def request(self, call: Call, n: int) -> tuple[int, float]:
        body, content_type = call.body(n) if call.body else (None, None)
        headers = dict(call.headers)
        if content_type:
            headers["Content-Type"] = content_type
        response, elapsed = self.exchange(call.method, self.prefix + call.path, body, headers)
        return response.status, elapsed

    def exchange(self, method: str, path: str, body, headers: dict):
        """``(response, seconds)`` of one request (its body read), sent again once on a fresh
        connection when the kept one broke."""
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
            start = time.perf_counter()
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            elapsed = time.perf_counter() - start
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response, elapsed
        raise RuntimeError("unreachable")


def load(base: str, call: Call, clients: int, per_client: int, counter) -> tuple[list, float]:
    """``clients`` threads, ``per_client`` requests each: latencies and wall time."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def work():
        client = getattr(call, "client", Client)(base)  # a Walk brings its own (steps_walk.py)
        barrier.wait()
        for _ in range(per_client):
            status, elapsed = client.request(call, next(counter))
            with lock:
                if status not in call.expect:
                    failures.append(str(status))
                latencies.append(elapsed)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{call.name}: unexpected status {sorted(set(failures))} ({call.path})")
    return latencies, wall


@dataclass
class Figure:
    name: str
    medians: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    all: list = field(default_factory=list)
    memory_mb: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.all) * 1000

    @property
    def spread(self) -> str:
        return f"{min(self.medians) * 1000:.0f}–{max(self.medians) * 1000:.0f}"

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def peak_memory_mb(pid: int | None) -> float | None:
    if not pid:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_pair(
    base, ours: Call, baseline: Call, args, pid, counter, baseline_base=None
) -> tuple[Figure, Figure]:
    """``baseline_base``: the baseline from another server (e.g. Zope behind the Varnish)."""
    figures = (Figure(ours.name), Figure(baseline.name))
    sides = ((base, ours), (baseline_base or base, baseline))
    for server, call in sides:  # warm the caches of both
        # first one request alone: Python 3.11.7 can fail to compile a page template that two
        # threads compile at once ("AST constructor recursion depth mismatch")
        load(server, call, 1, 1, counter)
        load(server, call, args.clients, args.warmup, counter)
    for _round in range(args.runs):
        for (server, call), figure in zip(sides, figures, strict=True):
            latencies, wall = load(server, call, args.clients, args.requests, counter)
            figure.medians.append(statistics.median(latencies))
            figure.rates.append(len(latencies) / wall)
            figure.all.extend(latencies)
    for figure in figures:
        figure.memory_mb = peak_memory_mb(pid)
    return figures
