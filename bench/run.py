"""The benchmark harness: real HTTP against a WSGI server, several clients at once.

    python bench/run.py --manifest bench/var/manifest.json [--start] [--clients 4] ...

Each measurement is a pair: ours and a baseline measured in the same run, on the same server,
right after each other (ours, baseline, ours, baseline ... for ``--runs`` rounds, so drift of
the machine hits both alike). Per figure: the median latency over all rounds, the spread (the
lowest and highest of the rounds' medians), requests per second, and the server's peak memory
(VmHWM) after the measurement. The table goes to stdout and to bench/results/latest.md.

With ``--start`` the harness starts the server itself (``runwsgi`` with the bench instance) and
stops it at the end; otherwise it measures the server at ``--base-url`` (give ``--server-pid``
for its memory).
"""

import argparse
import base64
import http.client
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


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
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
            start = time.perf_counter()
            try:
                self.connection.request(call.method, self.prefix + call.path, body, headers)
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
            return response.status, elapsed
        raise RuntimeError("unreachable")


def load(base: str, call: Call, clients: int, per_client: int, counter) -> tuple[list, float]:
    """``clients`` threads, ``per_client`` requests each: latencies and wall time."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def work():
        client = Client(base)
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


def measure_pair(base, ours: Call, baseline: Call, args, pid, counter) -> tuple[Figure, Figure]:
    figures = (Figure(ours.name), Figure(baseline.name))
    for call in (ours, baseline):  # warm the caches of both
        load(base, call, args.clients, args.warmup, counter)
    for _round in range(args.runs):
        for call, figure in zip((ours, baseline), figures, strict=True):
            latencies, wall = load(base, call, args.clients, args.requests, counter)
            figure.medians.append(statistics.median(latencies))
            figure.rates.append(len(latencies) / wall)
            figure.all.extend(latencies)
    for figure in figures:
        figure.memory_mb = peak_memory_mb(pid)
    return figures


# --- the measurements ------------------------------------------------------------------------


def calls(manifest: dict, base: str) -> list[tuple[str, Call, Call, float | None]]:
    """(title, ours, baseline, target ratio) from the generator's manifest."""
    big, small = manifest["sites"]["bench86"], manifest["sites"]["bench3"]
    form_token = authenticator(base, big["form"])
    plain_token = authenticator(base, big["plain_form"])

    def clerk(inbox: str) -> dict:
        account = big["clerks"][inbox]
        return basic(account["user"], account["password"])

    admin = basic(manifest["admin"]["user"], manifest["admin"]["password"])
    json_headers = {"Accept": "application/json"}
    pairs = [
        (
            "1. Service page vs Document of the same size (anonymous)",
            Call("Service page", "GET", big["service"]),
            Call("Document", "GET", big["document"]),
            1.3,
        ),
        (
            "2. Submit with delivery vs easyform save-data + mailer",
            Call(
                "Form with delivery",
                "POST",
                big["form"],
                body=browser_submit(big["form_values"], form_token),
                expect=(200, 302, 303),
            ),
            Call(
                "Plain easyform",
                "POST",
                big["plain_form"],
                body=browser_submit(big["plain_form_values"], plain_token),
                expect=(200, 302, 303),
            ),
            2.0,
        ),
        (
            "3a. Inbox page at 100,000 vs at 100 requests",
            Call("Inbox 100,000", "GET", big["inbox_100k"], headers=clerk("inbox_100k")),
            Call("Inbox 100", "GET", big["inbox_100"], headers=clerk("inbox_100")),
            2.0,
        ),
        (
            "3b. Inbox page at 10,000 vs at 100 requests",
            Call("Inbox 10,000", "GET", big["inbox_10k"], headers=clerk("inbox_10k")),
            Call("Inbox 100", "GET", big["inbox_100"], headers=clerk("inbox_100")),
            None,
        ),
        (
            "3c. Inbox page at 10,000 vs easyform's saved data at 10,000 rows",
            Call("Inbox 10,000", "GET", big["inbox_10k"], headers=clerk("inbox_10k")),
            Call("easyform saved data 10,000", "GET", big["saved_data_10k"], headers=admin),
            None,
        ),
        (
            "4. Finder of one municipality at 86 vs at 3 municipalities",
            Call("Finder, 86 municipalities", "GET", big["finder"]),
            Call("Finder, 3 municipalities", "GET", small["finder"]),
            2.0,
        ),
        (
            "5a. REST GET of a Service vs of a Document",
            Call("REST Service", "GET", big["rest_service"], headers=json_headers),
            Call("REST Document", "GET", big["rest_document"], headers=json_headers),
            1.3,
        ),
        (
            "5b. REST @submit vs the browser form",
            Call(
                "@submit",
                "POST",
                big["rest_submit"],
                headers=json_headers,
                body=json_submit(big["form_json_values"]),
                expect=(200, 201),
            ),
            Call(
                "Browser submit",
                "POST",
                big["form"],
                body=browser_submit(big["form_values"], form_token),
                expect=(200, 302, 303),
            ),
            None,
        ),
    ]
    return pairs


def table(rows: list, args) -> str:
    lines = [
        f"{args.clients} clients × {args.requests} requests × {args.runs} rounds per figure "
        f"(after {args.warmup} warm-up requests per client).",
        "",
        "| measurement | ours: median ms (rounds) | req/s | baseline: median ms (rounds) "
        "| req/s | ratio | target | peak MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for title, ours, baseline, target in rows:
        ratio = ours.median_ms / baseline.median_ms
        verdict = ""
        if target is not None:
            verdict = f"≤ {target} " + ("✓" if ratio <= target else "✗")
        memory = f"{ours.memory_mb:.0f}" if ours.memory_mb else "–"
        lines.append(
            f"| {title}<br>{ours.name} / {baseline.name} | {ours.median_ms:.1f} ({ours.spread}) "
            f"| {ours.rate:.1f} | {baseline.median_ms:.1f} ({baseline.spread}) "
            f"| {baseline.rate:.1f} | {ratio:.2f} | {verdict} | {memory} |"
        )
    return "\n".join(lines)


# --- server ----------------------------------------------------------------------------------


def start_server(args) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "runwsgi"),
        str(ROOT / "instance" / "etc" / "zope.ini"),
        "http_host=127.0.0.1",
        f"http_port={urlsplit(args.base_url).port}",
        f"zope_conf_file={args.zope_conf}",
        f"instance_var={args.var}",
    ]
    log = open(Path(args.var) / "bench-server.log", "ab")  # noqa: SIM115 (lives with the server)
    env = {
        **os.environ,
        "DIGITALGEMEINDE_WORKER": "0",
        "INSTANCE_HOME": str(ROOT / "instance"),
        "BENCH_VAR": str(Path(args.var).resolve()),
    }
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)  # noqa: S603
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The bench server stopped; see {log.name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", urlsplit(args.base_url).port)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("The bench server did not answer within 3 minutes")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", default=str(ROOT / "bench" / "var" / "manifest.json"))
    parser.add_argument("--base-url", default="http://127.0.0.1:8090")
    parser.add_argument("--start", action="store_true", help="start and stop the server")
    parser.add_argument("--zope-conf", default=str(ROOT / "bench" / "etc" / "zope.conf"))
    parser.add_argument("--var", default=str(ROOT / "bench" / "var"))
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=25, help="per client and round")
    parser.add_argument("--runs", type=int, default=5, help="rounds")
    parser.add_argument("--warmup", type=int, default=5, help="per client")
    parser.add_argument("--only", help="run the measurements whose title contains this")
    parser.add_argument("--output", default=str(RESULTS / "latest.md"))
    args = parser.parse_args(argv)
    manifest = json.loads(Path(args.manifest).read_text())
    process = start_server(args) if args.start else None
    pid = process.pid if process else args.server_pid
    counter = itertools.count(int(time.time()))
    rows = []
    try:
        for title, ours, baseline, target in calls(manifest, args.base_url):
            if args.only and args.only not in title:
                continue
            print(f"… {title}", file=sys.stderr, flush=True)
            figures = measure_pair(args.base_url, ours, baseline, args, pid, counter)
            rows.append((title, *figures, target))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
    text = table(rows, args)
    print(text)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        f"# Benchmark {time.strftime('%Y-%m-%d %H:%M')}\n\n{text}\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
