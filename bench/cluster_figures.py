"""The cluster figures of `make bench` (issue 17), on the demo site (bench/cluster_setup.py:
ZEO, two Zope instances each pinned to one core, Varnish in front of instance 1):

7a. the anonymous service page through Varnish (cached) against the same page from Zope
    directly, with bench/load.py's ``measure_pair`` (target ≤ 0.1×);
7b. submissions per second of "Hund anmelden" with two instances (one core each) against one
    instance (one core), the same clients and submissions for both (target ≥ 1.6×);
7c. the 95th percentile latency of a submission under 40 concurrent clients against a single
    client's, with Zope's conflict retries per submission from the instances' event logs.

Ours and the baseline alternate round by round, as in the rest of the harness. The client is
kept cheap (bodies built before a round starts, one keep-alive http.client connection per
client and instance), but it runs on the same cores as the instances.
"""

import http.client
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench import cluster_setup
from bench import conflicts
from bench.conflicts_client import citizen_body
from bench.load import Call
from bench.load import Client
from bench.load import Figure
from bench.load import measure_pair
from bench.load import peak_memory_mb

SERVICE_PATH = "/Plone/liestal/hund-anmelden"
TITLES = {
    "varnish": "7a. Anonymous service page through Varnish (cached) vs from Zope directly",
    "throughput": "7b. Submit throughput, 2 instances on 2 cores vs 1 instance on 1 core",
    "burst": "7c. Submit latency p95, 40 concurrent clients vs a single client",
}


def add_arguments(parser) -> None:
    group = parser.add_argument_group("cluster figures (7a–7c, bench/cluster_figures.py)")
    group.add_argument("--skip-cluster", action="store_true", help="leave out 7a–7c")
    group.add_argument(
        "--cluster-var", help="their folder (demo site, ZEO, instances; default <var>/cluster)"
    )
    group.add_argument(
        "--cluster-storage",
        choices=("relstorage", "zeo"),
        default="relstorage",
        help="RelStorage on a private PostgreSQL (as in production) or ZEO",
    )
    group.add_argument("--cluster-clients", type=int, default=8, help="7b: clients at a time")
    group.add_argument("--cluster-requests", type=int, default=10, help="7b: per client, round")
    group.add_argument("--cluster-runs", type=int, default=3, help="7b, 7c: rounds")
    group.add_argument("--burst-clients", type=int, default=40, help="7c: clients at a time")
    group.add_argument(
        "--burst-requests",
        type=int,
        default=200,
        help="7c: submissions per round (the single client sends a fifth of them)",
    )


def selected(args) -> list[str]:
    """The figures to measure: all unless ``--skip-cluster``; with ``--only``, those whose
    title contains it (``--only 7`` measures only these)."""
    if args.skip_cluster:
        return []
    return [key for key, title in TITLES.items() if not args.only or args.only in title]


def measure(args, counter) -> tuple[list, list, list]:
    """``(rows, lines, notes)``: rows as bench/run.py's table takes them (7a), finished table
    lines (7b, 7c) and remarks below the table."""
    keys = selected(args)
    if not keys:
        return [], [], []
    var = Path(args.cluster_var or Path(args.var) / "cluster")
    print(
        f"… starting {args.cluster_storage}, 2 pinned Zope instances and Varnish (demo site)",
        file=sys.stderr,
        flush=True,
    )
    setup = cluster_setup.start(var, args.cluster_storage)
    rows, lines, notes = [], [], [pinning(setup)]
    try:
        if "varnish" in keys:
            rows.append(varnish_row(setup, args, counter))
        form = form_of(setup, counter)
        if "throughput" in keys:
            line, note = throughput_line(setup, form, args, counter)
            lines.append(line)
            notes.append(note)
        if "burst" in keys:
            line, note = burst_line(setup, form, args, counter)
            lines.append(line)
            notes.append(note)
    finally:
        cluster_setup.stop(setup)
    return rows, lines, notes


def pinning(setup) -> str:
    where = ", ".join(
        f"instance {n} on core {cpu}" if cpu is not None else f"instance {n} unpinned"
        for n, cpu in enumerate(setup.cpus, start=1)
    )
    return (
        f"7a–7c: demo site on {setup.storage}; {where}; the database server, Varnish and the "
        "load generator unpinned, on the same cores."
    )


# --- 7a --------------------------------------------------------------------------------------


def varnish_row(setup, args, counter) -> tuple:
    print(f"… {TITLES['varnish']}", file=sys.stderr, flush=True)
    cached = Call("Through Varnish", "GET", SERVICE_PATH)
    direct = Call("From Zope", "GET", SERVICE_PATH)
    zope = setup.base(setup.instances[0])
    pid = setup.instances[0].process.pid
    ours, baseline = measure_pair(
        setup.varnish_base, cached, direct, args, pid, counter, baseline_base=zope
    )
    state = cache_state(setup.varnish_port)
    if state != "HIT":
        raise SystemExit(f"Varnish did not keep {SERVICE_PATH} (X-Cache: {state})")
    return TITLES["varnish"], ours, baseline, 0.1


def cache_state(port: int) -> str | None:
    """Varnish's X-Cache for the page (HIT once it keeps it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", SERVICE_PATH)
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Cache")
    finally:
        connection.close()


# --- submissions -----------------------------------------------------------------------------


def form_of(setup, counter) -> tuple[str, dict, dict]:
    """The form's action, its defaults and gender options; one submission per instance alone
    first (templates compile once, before concurrent requests)."""
    path, defaults, genders = conflicts.form_of(setup.instances[0])
    form = path, defaults, genders
    for instance in setup.instances:
        submit_round([setup.base(instance)], form, 1, 1, counter)
    return form


def submit_round(bases, form, clients, per_client, counter) -> tuple[list, float, float]:
    """``clients`` threads, ``per_client`` submissions each, submission n to ``bases[n %
    len(bases)]``: the latencies, the wall time and the CPU seconds the client used. Bodies are
    built before the clock starts."""
    path, defaults, genders = form
    total = clients * per_client
    bodies = [citizen_body(next(counter) % 10**8, defaults, genders) for _ in range(total)]
    call = Call("submit", "POST", path, body=lambda n: bodies[n], expect=(303,))
    latencies, failures = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def work(first: int):
        connections = {base: Client(base) for base in bases}
        barrier.wait()
        for n in range(first, first + per_client):
            status, elapsed = connections[bases[n % len(bases)]].request(call, n)
            with lock:
                latencies.append(elapsed)
                if status not in call.expect:
                    failures.append(status)

    threads = [threading.Thread(target=work, args=(c * per_client,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    if failures:
        raise SystemExit(f"submissions answered {dict(Counter(failures))} instead of 303")
    return latencies, wall, cpu


def alternate(sides, form, runs, counter, setup) -> list[tuple[Figure, list]]:
    """``sides``: ``(name, bases, clients, per_client)``; ``runs`` rounds of each in turn.
    Per side its Figure and the conflict retries ``(path, class, oid)`` of its rounds. The
    figure's ``client_cpu`` is the client's share of one core while it sent."""
    results = [(Figure(name), []) for name, *_rest in sides]
    cpu = {name: [0.0, 0.0] for name, *_rest in sides}
    for (_name, bases, clients, _per), _result in zip(sides, results, strict=True):
        submit_round(bases, form, clients, 1, counter)  # warm-up
    for _round in range(runs):
        for (_name, bases, clients, per), (figure, retried) in zip(sides, results, strict=True):
            offsets = [len(instance.event_log()) for instance in setup.instances]
            latencies, wall, used = submit_round(bases, form, clients, per, counter)
            cpu[figure.name][0] += used
            cpu[figure.name][1] += wall
            retried += conflicts.conflicts(setup.instances, offsets)
            figure.medians.append(statistics.median(latencies))
            figure.rates.append(len(latencies) / wall)
            figure.all.extend(latencies)
    for figure, _retried in results:
        figure.memory_mb = peak_memory_mb(setup.instances[0].process.pid)
        figure.client_cpu = cpu[figure.name][0] / cpu[figure.name][1]
    return results


def per_submission(figure: Figure, retried: list) -> float:
    return len(retried) / len(figure.all)


def p95_ms(figure: Figure) -> float:
    return conflicts.percentile(figure.all, 0.95) * 1000


def throughput_line(setup, form, args, counter) -> tuple[str, str]:
    print(f"… {TITLES['throughput']}", file=sys.stderr, flush=True)
    bases = [setup.base(instance) for instance in setup.instances]
    clients, per = args.cluster_clients, args.cluster_requests
    sides = [("2 instances", bases, clients, per), ("1 instance", bases[:1], clients, per)]
    (ours, ours_retried), (base, base_retried) = alternate(
        sides, form, args.cluster_runs, counter, setup
    )
    ratio = ours.rate / base.rate
    verdict = "≥ 1.6 " + ("✓" if ratio >= 1.6 else "✗")
    title = (
        f"{TITLES['throughput']} ({clients} clients × {per} submissions × "
        f"{args.cluster_runs} rounds; ratio of req/s)"
    )
    line = row(title, ours, base, f"{ratio:.2f}", verdict)
    note = (
        f"7b: conflict retries per submission {per_submission(ours, ours_retried):.2f} "
        f"(2 instances) / {per_submission(base, base_retried):.2f} (1 instance); the load "
        f"generator used {ours.client_cpu:.1%} / {base.client_cpu:.1%} of one core."
    )
    return line, note


def burst_line(setup, form, args, counter) -> tuple[str, str]:
    print(f"… {TITLES['burst']}", file=sys.stderr, flush=True)
    bases = [setup.base(instance) for instance in setup.instances]
    clients = args.burst_clients
    per = max(1, args.burst_requests // clients)
    single = max(1, args.burst_requests // 5)
    sides = [(f"{clients} clients", bases, clients, per), ("1 client", bases, 1, single)]
    (ours, ours_retried), (base, base_retried) = alternate(
        sides, form, args.cluster_runs, counter, setup
    )
    ratio = p95_ms(ours) / p95_ms(base)
    title = (
        f"{TITLES['burst']} ({clients} × {per} / 1 × {single} submissions × "
        f"{args.cluster_runs} rounds to both instances; ratio of p95; conflict retries per "
        f"submission {per_submission(ours, ours_retried):.2f} / "
        f"{per_submission(base, base_retried):.2f})"
    )
    line = row(title, ours, base, f"{ratio:.2f}", "", p95=True)
    classes = Counter(class_name for _path, class_name, _oid in ours_retried).most_common(4)
    note = f"7c: p95 {p95_ms(ours):.0f} ms / {p95_ms(base):.0f} ms; retried on " + (
        ", ".join(f"{name} {count}" for name, count in classes).replace("? ", "(unnamed) ")
        or "nothing"
    )
    return line, note + "."


def row(title, ours: Figure, base: Figure, ratio: str, verdict: str, p95=False) -> str:
    """A line of bench/run.py's table; with ``p95`` the latency cells give the p95 first."""

    def latency(figure: Figure) -> str:
        if p95:
            return f"p95 {p95_ms(figure):.0f}, median {figure.median_ms:.0f} ({figure.spread})"
        return f"{figure.median_ms:.1f} ({figure.spread})"

    memory = f"{ours.memory_mb:.0f}" if ours.memory_mb else "–"
    return (
        f"| {title}<br>{ours.name} / {base.name} | {latency(ours)} | {ours.rate:.1f} "
        f"| {latency(base)} | {base.rate:.1f} | {ratio} | {verdict} | {memory} |"
    )
