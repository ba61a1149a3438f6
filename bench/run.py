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

Then the cluster figures 7a-7c (bench/cluster_figures.py: Varnish, two pinned instances, a
burst of submissions) on the demo site, after the bench server stopped; ``--only 7`` measures
only them (without the bench data or its server), ``--skip-cluster`` leaves them out.
"""

import argparse
import http.client
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

if __name__ == "__main__" and str(ROOT) not in sys.path:  # run as a script: import bench.*
    sys.path.insert(0, str(ROOT))

from bench import cluster_figures  # noqa: E402
from bench import export  # noqa: E402
from bench.inbox_checks import VARIANT_TITLES  # noqa: E402
from bench.inbox_checks import check_inboxes  # noqa: E402
from bench.load import Call  # noqa: E402
from bench.load import authenticator  # noqa: E402
from bench.load import basic  # noqa: E402
from bench.load import browser_submit  # noqa: E402
from bench.load import json_submit  # noqa: E402
from bench.load import measure_pair  # noqa: E402
from bench.steps_walk import steps_pairs  # noqa: E402

# --- the measurements ------------------------------------------------------------------------


def calls(manifest: dict, base: str) -> list[tuple[str, Call, Call, float | None]]:
    """(title, ours, baseline, target ratio) from the generator's manifest."""
    big, small = manifest["sites"]["bench86"], manifest["sites"]["bench3"]
    form_token = authenticator(base, big["form"])
    plain_token = authenticator(base, big["plain_form"])
    admin = basic(manifest["admin"]["user"], manifest["admin"]["password"])
    return [
        *page_and_form_pairs(big, form_token, plain_token),
        *inbox_pairs(big, admin),
        *finder_and_rest_pairs(big, small, form_token),
        *steps_pairs(big, base),
    ]


def page_and_form_pairs(big: dict, form_token: str, plain_token: str) -> list[tuple]:
    """Measurements 1 and 2: the service page and the submission of its form."""
    return [
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
    ]


def inbox_pairs(big: dict, admin: dict) -> list[tuple]:
    """Measurements 3a-3c: the inbox page at three sizes and easyform's saved data."""

    def clerk(inbox: str) -> dict:
        account = big["clerks"][inbox]
        return basic(account["user"], account["password"])

    return [
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
        *workbench_pairs(big, clerk),
    ]


def workbench_pairs(big: dict, clerk) -> list[tuple]:
    """Measurements 3d-3f: the inbox filtered (mine, overdue) and sorted by due date, at
    100,000 vs at 100 requests (the same filter)."""
    pairs = []
    for letter, name in zip("def", VARIANT_TITLES, strict=True):
        large = big["inboxes"]["inbox_100k"].get("variants", {}).get(name)
        small = big["inboxes"]["inbox_100"].get("variants", {}).get(name)
        if large is None or small is None:  # data generated before the workbench
            continue
        title = VARIANT_TITLES[name]
        pairs.append(
            (
                f"3{letter}. Inbox {title} at 100,000 vs at 100 requests",
                Call(f"Inbox 100,000 {title}", "GET", large["url"], headers=clerk("inbox_100k")),
                Call(f"Inbox 100 {title}", "GET", small["url"], headers=clerk("inbox_100")),
                2.0,
            )
        )
    return pairs


def finder_and_rest_pairs(big: dict, small: dict, form_token: str) -> list[tuple]:
    """Measurements 4, 5a and 5b: the finder and the REST API."""
    json_headers = {"Accept": "application/json"}
    return [
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


def table(rows: list, args, finished: list = ()) -> str:
    """The table of ``rows``, then the ``finished`` lines (cluster figures 7b, 7c)."""
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
    return "\n".join([*lines, *finished])


def measure_exports(manifest: dict, args, pid) -> list:
    """Measurement 6: the inbox export at 100,000 against 10,000 rows (bench/export.py)."""
    if args.only and args.only not in EXPORT_TITLE:
        return []
    print(f"… {EXPORT_TITLE}", file=sys.stderr, flush=True)
    big = manifest["sites"]["bench86"]
    admin = basic(manifest["admin"]["user"], manifest["admin"]["password"])

    def clerk(key: str) -> dict:
        account = big["clerks"][key]
        return basic(account["user"], account["password"])

    return export.measure(args.base_url, big, admin, clerk, pid)


EXPORT_TITLE = "6. Inbox export at 100,000 vs 10,000 rows (CSV, Excel)"


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


def measure_bench(args, counter) -> tuple[list, list, list]:
    """Measurements 1-6 on the bench data: rows, exports and the inbox checks."""
    manifest = json.loads(Path(args.manifest).read_text())
    process = start_server(args) if args.start else None
    pid = process.pid if process else args.server_pid
    rows, exports, checks = [], [], []
    try:
        if not args.only or "Inbox" in args.only:
            checks = check_inboxes(manifest, args.base_url, basic)
        for title, ours, baseline, target in calls(manifest, args.base_url):
            if args.only and args.only not in title:
                continue
            print(f"… {title}", file=sys.stderr, flush=True)
            figures = measure_pair(args.base_url, ours, baseline, args, pid, counter)
            rows.append((title, *figures, target))
        exports = measure_exports(manifest, args, pid)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
    return rows, exports, checks


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
    cluster_figures.add_arguments(parser)
    args = parser.parse_args(argv)
    counter = itertools.count(int(time.time()))
    rows, exports, checks = [], [], []
    # --only naming a cluster figure (--only 7): neither the bench data nor its server needed
    if not (args.only and cluster_figures.selected(args)):
        rows, exports, checks = measure_bench(args, counter)
    # after the bench server stopped: the cluster's instances get the cores to themselves
    cluster_rows, finished, notes = cluster_figures.measure(args, counter)
    text = table(rows + cluster_rows, args, finished)
    text += "\n\n" + "\n".join(f"- {note}" for note in notes) if notes else ""
    text += export.table(exports) if exports else ""
    if checks:
        text += "\n\nThe measured inbox pages, as the clerk gets them over REST:\n\n"
        text += "\n".join(checks)
    print(text)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        f"# Benchmark {time.strftime('%Y-%m-%d %H:%M')}\n\n{text}\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
