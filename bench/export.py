"""Measurement 6 of the harness (bench/run.py): the inbox export at 100,000 against 10,000 rows.

Each export is one request, read as a stream: the time to the first bytes, the total time and
the time per row; while it runs, the server's resident memory is sampled (``/proc/<pid>``), and
its growth over the value before the export is reported. The target: the time per row at
100,000 at most 1.2 times that at 10,000, memory growth under 100 MB, first bytes of the CSV
within two seconds.

The export of both inboxes is streamed (the background export starts at the threshold of Site
Setup, 5,000 by default): the harness raises the site's threshold over REST (``@registry``, as
the site's admin) for the measurement and puts it back afterwards.
"""

import http.client
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SETTING = "digitalgemeinde.export_background_from"
PER_ROW_TARGET = 1.2
GROWTH_TARGET_MB = 100
FIRST_BYTES_TARGET_S = 2.0
INBOXES = {"inbox_100k": "100,000", "inbox_10k": "10,000"}


@dataclass
class Export:
    name: str
    rows: int = 0
    bytes: int = 0
    first_s: float = 0.0
    total_s: float = 0.0
    growth_mb: float | None = None

    @property
    def per_row_ms(self) -> float:
        return self.total_s * 1000 / max(self.rows, 1)


def resident_mb(pid: int | None) -> float | None:
    if not pid:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """The highest resident memory of ``pid`` while it runs."""

    def __init__(self, pid: int | None, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.highest = resident_mb(pid)
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(self.interval):
            value = resident_mb(self.pid)
            if value is not None and (self.highest is None or value > self.highest):
                self.highest = value

    def stop(self) -> float | None:
        self.done.set()
        self.join()
        return self.highest


def connection(base: str) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(base)
    return (
        http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=1800),
        parts.path.rstrip("/"),
    )


def export_once(base: str, name: str, path: str, headers: dict, pid: int | None) -> Export:
    """One export, read in pieces as it arrives."""
    figure = Export(name)
    client, prefix = connection(base)
    before = resident_mb(pid)
    sampler = Sampler(pid)
    sampler.start()
    start = time.perf_counter()
    client.request("GET", prefix + path, headers=headers)
    response = client.getresponse()
    if response.status != 200:
        sampler.stop()
        raise SystemExit(f"{name}: status {response.status} ({path})")
    lines = 0
    while piece := response.read1(65536):
        figure.bytes += len(piece)
        lines += piece.count(b"\r\n")
        if not figure.first_s and (lines or not path.endswith("csv")):
            # CSV: the header line has come (not just the byte order mark); Excel: any byte
            figure.first_s = time.perf_counter() - start
    figure.total_s = time.perf_counter() - start
    highest = sampler.stop()
    client.close()
    figure.rows = max(lines - 1, 0)  # less the header (CSV)
    if before is not None and highest is not None:
        figure.growth_mb = highest - before
    return figure


def set_threshold(base: str, site: str, admin: dict, value: int | None) -> int | None:
    """Set the site's threshold (``@registry``); returns the one before."""
    client, prefix = connection(base)
    headers = {**admin, "Accept": "application/json", "Content-Type": "application/json"}
    client.request("GET", f"{prefix}/{site}/@registry/{SETTING}", headers=headers)
    response = client.getresponse()
    before = json.loads(response.read() or b"null") if response.status == 200 else None
    if value is not None:
        body = json.dumps({SETTING: value})
        client.request("PATCH", f"{prefix}/{site}/@registry", body=body, headers=headers)
        response = client.getresponse()
        response.read()
        if response.status >= 300:
            raise SystemExit(f"Could not set {SETTING} on /{site}: {response.status}")
    client.close()
    return before


def export_path(inbox_path: str, format: str) -> str:
    """``…/@@inbox`` → ``…/@@inbox-export?format=…``."""
    office = inbox_path.split("/@@inbox")[0].rstrip("/")
    return f"{office}/@@inbox-export?format={format}"


def measure(base: str, big: dict, admin: dict, clerk_headers, pid, formats=("csv", "xlsx")):
    """``[(format, figure 100k, figure 10k)]``, the site's threshold raised meanwhile."""
    site = big["inbox_100k"].strip("/").split("/")[0]
    before = set_threshold(base, site, admin, 10_000_000)
    rows = {key: big.get("inboxes", {}).get(key, {}).get("requests", 0) for key in INBOXES}
    try:
        results = []
        for format in formats:
            pair = []
            for key, label in INBOXES.items():
                path = export_path(big[key], format)
                name = f"Export {format.upper()} {label}"
                figure = export_once(base, name, path, clerk_headers(key), pid)
                if format == "csv":
                    rows[key] = figure.rows
                else:  # a zip: its rows are those the CSV of the same inbox had
                    figure.rows = rows[key]
                pair.append(figure)
            results.append((format, *pair))
        return results
    finally:
        set_threshold(base, site, admin, before if isinstance(before, int) else 5000)


def table(results) -> str:
    lines = [
        "",
        "Export (one request each, read as a stream; memory: growth of the server's resident "
        "memory during the export):",
        "",
        "| export | rows | header (CSV) / first bytes s | total s | ms per row | growth MB "
        "| per row 100k / 10k | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for format, big, small in results:
        ratio = big.per_row_ms / small.per_row_ms if small.per_row_ms else float("inf")
        growth_ok = big.growth_mb is None or big.growth_mb < GROWTH_TARGET_MB
        first_ok = format != "csv" or big.first_s <= FIRST_BYTES_TARGET_S
        verdict = f"≤ {PER_ROW_TARGET} " + ("✓" if ratio <= PER_ROW_TARGET else "✗")
        verdict += f", < {GROWTH_TARGET_MB} MB " + ("✓" if growth_ok else "✗")
        if format == "csv":
            verdict += f", first bytes ≤ {FIRST_BYTES_TARGET_S:.0f} s " + ("✓" if first_ok else "✗")
        for figure in (big, small):
            growth = f"{figure.growth_mb:.0f}" if figure.growth_mb is not None else "–"
            shown_ratio = f"{ratio:.2f}" if figure is big else ""
            lines.append(
                f"| {figure.name} | {figure.rows} | {figure.first_s:.2f} | {figure.total_s:.1f} "
                f"| {figure.per_row_ms:.3f} | {growth} | {shown_ratio} "
                f"| {verdict if figure is big else ''} |"
            )
    return "\n".join(lines)
