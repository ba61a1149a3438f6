"""Conflicts when many citizens submit at once: two Zope instances on one database.

    .venv/bin/python bench/conflicts.py [--clients 40] [--requests 200] [--storage zeo]

Builds the demo site once (as ``make site`` does, into ``<var>/site``, FileStorage), copies
its Data.fs and blobs into RelStorage on a PostgreSQL of its own (as production runs; or, with
``--storage zeo``, serves the copy from a ZEO server), starts ``--instances`` Zope instances
(``instance/etc/zope.ini`` with ``zope-relstorage.conf`` or ``zope-zeo.conf``, no outbox
worker, mail into each instance's Maildir) and sends ``--requests`` submissions of the demo
form "Hund anmelden" of Liestal, ``--clients`` at a time, to the instances in turn.

Each request Zope ran again after a ConflictError is one line ``Conflict retried ...`` in its
instance's event log (``submissions/conflict_log.py``). The report gives retries per
submission, which classes of objects conflicted, the median and 95th percentile latency of a
submission, and checks what was stored (one request each, unique reference numbers, the gaps
between them). It is printed and written as JSON to ``<var>/conflicts-<time>.json``
(``--output`` names another file).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import conflicts_storage  # noqa: E402
from bench.conflicts_client import Instance  # noqa: E402
from bench.conflicts_client import citizen_body  # noqa: E402
from bench.conflicts_client import free_port  # noqa: E402
from bench.conflicts_client import stored_references  # noqa: E402
from bench.conflicts_storage import Storage  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
FORM_PATH = "/Plone/liestal/formular-hund-anmelden"
PASSWORD = "bench-conflicts"  # noqa: S105 (the throwaway site's admin)
RETRIED = re.compile(r"Conflict retried: \S+ (\S+), try \d+, (\S+) oid (\S+)")
ZEO_CONF = """<zeo>
  address 127.0.0.1:{port}
</zeo>
<filestorage 1>
  path {var}/filestorage/Data.fs
  blob-dir {var}/blobstorage
</filestorage>
"""


def environment(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env.update(INSTANCE_HOME=str(REPO / "instance"), ADMIN_PASSWORD=PASSWORD, **extra)
    return env


def build_site(site: Path) -> None:
    """The demo site in ``site`` (FileStorage), made once and reused by later runs."""
    if (site / "filestorage" / "Data.fs").exists():
        return
    print(f"Building the demo site in {site} (as make site does) ...", flush=True)
    for folder in ("filestorage", "blobstorage", "log", "cache"):
        (site / folder).mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 (our own scripts)
        [str(BIN / "zconsole"), "run", str(REPO / "instance" / "etc" / "zope.conf")]
        + [str(REPO / "scripts" / "create_site.py")],
        cwd=REPO,
        check=True,
        env=environment(INSTANCE_VAR=str(site), DEMO="1"),
        stdout=subprocess.DEVNULL,
    )


def start_zeo(var: Path, site: Path) -> tuple[subprocess.Popen, int]:
    """A ZEO server on a fresh copy of the demo site's data (every run starts alike)."""
    data = var / "zeo"
    shutil.rmtree(data, ignore_errors=True)
    (data / "filestorage").mkdir(parents=True)
    shutil.copy2(site / "filestorage" / "Data.fs", data / "filestorage" / "Data.fs")
    shutil.copytree(site / "blobstorage", data / "blobstorage")
    port = free_port()
    config = data / "zeo.conf"
    config.write_text(ZEO_CONF.format(port=port, var=data))
    log = (data / "zeo.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "runzeo"), "-C", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=environment(),
    )
    return process, port


def start_instance(var: Path, storage: "Storage | int", cpu: int | None) -> Instance:
    """A Zope instance on ``storage`` (a ZEO server's port, or a conflicts_storage.Storage)."""
    if isinstance(storage, int):
        storage = conflicts_storage.zeo(storage)
    for folder in ("log", "cache", "blobcache", "mail"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        str(BIN / "runwsgi"),
        str(REPO / "instance" / "etc" / "zope.ini"),
        "http_host=127.0.0.1",
        f"http_port={port}",
        f"zope_conf_file={storage.zope_conf}",
        f"instance_var={var}",
    ]
    if cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", str(cpu)] + command
    env = environment(
        INSTANCE_VAR=str(var),
        **storage.env,
        DIGITALGEMEINDE_WORKER="0",
        DIGITALGEMEINDE_MAIL_DIR=str(var / "mail"),
    )
    log = (var / "runwsgi.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
    )
    return Instance(process=process, port=port, var=var)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def form_of(instance: Instance) -> tuple[str, dict, dict]:
    """The form's action path, its controls with their defaults, the gender options."""
    status, _headers, page = instance.request("GET", FORM_PATH)
    if status != 200:
        raise SystemExit(f"{FORM_PATH} answered {status}")
    form = lxml.html.fromstring(page).get_element_by_id("form")
    genders = {
        option.text.strip(): option.get("value")
        for option in form.inputs["form.widgets.geschlecht:list"].iter("option")
    }
    return http.client.urlsplit(form.action).path, dict(form.form_values()), genders


def burst(instances: list[Instance], clients: int, requests: int) -> list[dict]:
    """``requests`` POSTs, ``clients`` at a time, to the instances in turn."""
    path, defaults, genders = form_of(instances[0])
    bodies = [citizen_body(n, defaults, genders) for n in range(requests)]

    def submit(n: int) -> dict:
        instance = instances[n % len(instances)]
        body, content_type = bodies[n]
        started = time.monotonic()
        try:
            status, _headers, _page = instance.request(
                "POST", path, body=body, headers={"Content-Type": content_type}, timeout=300
            )
        except OSError:
            status = None
        return {"n": n, "status": status, "seconds": time.monotonic() - started}

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(submit, range(requests)))


def conflicts(instances: list[Instance], offsets: list[int]) -> list[tuple[str, str, str]]:
    """``(path, class, oid)`` of every retried request in the instances' logs since ``offsets``."""
    found = []
    for instance, offset in zip(instances, offsets, strict=True):
        found += RETRIED.findall(instance.event_log()[offset:])
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def gaps_of(references: set[str]) -> list[int]:
    numbers = sorted(int(reference[-6:]) for reference in references)
    return sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers)) if numbers else []


def report(answers, retried, before, after, args, elapsed) -> dict:
    seconds = [answer["seconds"] for answer in answers if answer["status"] == 303]
    new = after - before
    by_class = Counter(class_name for _path, class_name, _oid in retried)
    by_oid = Counter(f"{class_name} {oid}" for _path, class_name, oid in retried)
    return {
        "storage": args.storage,
        "instances": args.instances,
        "clients": args.clients,
        "requests": args.requests,
        "statuses": dict(Counter(str(answer["status"]) for answer in answers)),
        "stored": len(new),
        "unique_references": len(new) == len({reference[-6:] for reference in new}),
        "gaps": gaps_of(new),
        "conflict_retries": len(retried),
        "retries_per_submission": round(len(retried) / args.requests, 3),
        "by_class": dict(by_class.most_common()),
        "top_oids": dict(by_oid.most_common(10)),
        "p50_seconds": round(statistics.median(seconds), 2) if seconds else None,
        "p95_seconds": round(percentile(seconds, 0.95), 2) if seconds else None,
        "elapsed_seconds": round(elapsed, 1),
        "submissions_per_second": round(len(seconds) / elapsed, 2),
    }


def print_report(result: dict) -> None:
    print(
        f"\n{result['requests']} submissions, {result['clients']} at a time, "
        f"{result['instances']} instances on {result['storage']}: {result['statuses']}, "
        f"{result['stored']} stored, unique references: {result['unique_references']}, "
        f"gaps: {result['gaps'] or 'none'}"
    )
    print(
        f"conflict retries: {result['conflict_retries']} "
        f"({result['retries_per_submission']} per submission); "
        f"p50 {result['p50_seconds']} s, p95 {result['p95_seconds']} s; "
        f"{result['submissions_per_second']} submissions/s over {result['elapsed_seconds']} s"
    )
    for class_name, count in result["by_class"].items():
        print(f"  {count:4d}  {class_name}")
    for name, held in result.get("top_oids_hold", {}).items():
        print(f"  {result['top_oids'][name]:4d}  {name}: {held}")


def explain(data_fs: Path, top_oids: dict) -> dict:
    """What the most conflicting objects hold (their first keys tell which tree they belong
    to): read from the Data.fs after the servers stopped."""
    import ZODB
    from ZODB.FileStorage import FileStorage
    from ZODB.utils import p64

    database = ZODB.DB(FileStorage(str(data_fs), read_only=True))
    found = {}
    try:
        connection = database.open()
        for name in top_oids:
            obj = connection.get(p64(int(name.split()[-1], 16)))
            keys = list(obj.keys()[:3]) if hasattr(obj, "keys") else []
            found[name] = f"{type(obj).__name__} of {len(obj) if keys else '?'}: {keys!r}"[:300]
        connection.close()
    finally:
        database.close()
    return found


def run(args) -> dict:
    var = Path(args.var).resolve()
    site = var / "site"
    build_site(site)
    storage = start_storage(args.storage, var, site)
    instances = []
    try:
        for index in range(args.instances):
            cpu = index % (os.cpu_count() or 1) if args.pin else None
            instance_var = var / f"instance{index + 1}"
            shutil.rmtree(instance_var, ignore_errors=True)
            instances.append(start_instance(instance_var, storage, cpu))
        for instance in instances:
            instance.wait_ready(FORM_PATH)
        before = stored_references(instances[0], PASSWORD)
        offsets = [len(instance.event_log()) for instance in instances]
        started = time.monotonic()
        answers = burst(instances, args.clients, args.requests)
        elapsed = time.monotonic() - started
        retried = conflicts(instances, offsets)
        after = stored_references(instances[0], PASSWORD)
        return report(answers, retried, before, after, args, elapsed)
    finally:
        for instance in instances:
            stop(instance.process)
        storage.stop()


def start_storage(name: str, var: Path, site: Path) -> Storage:
    """The database the instances share: RelStorage on PostgreSQL (production's) or ZEO."""
    if name == "relstorage":
        return conflicts_storage.relstorage(var, site, free_port())
    zeo, port = start_zeo(var, site)
    time.sleep(2)
    return conflicts_storage.zeo(port, lambda: stop(zeo))


def measure(args) -> dict:
    result = run(args)
    if result["top_oids"] and args.storage == "zeo":
        data_fs = Path(args.var).resolve() / "zeo" / "filestorage" / "Data.fs"
        result["top_oids_hold"] = explain(data_fs, result["top_oids"])
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--var", default=str(REPO / "bench" / "var" / "conflicts"))
    parser.add_argument("--pin", action="store_true", help="each instance on one core")
    parser.add_argument(
        "--storage",
        choices=("relstorage", "zeo"),
        default="relstorage",
        help="RelStorage on a PostgreSQL of its own (production's; default) or a ZEO server",
    )
    parser.add_argument("--output", help="the JSON report (default <var>/conflicts-<time>.json)")
    args = parser.parse_args(argv)
    result = measure(args)
    print_report(result)
    output = Path(args.output or Path(args.var) / f"conflicts-{time.strftime('%Y%m%d-%H%M')}.json")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {output}")
    return 0 if result["stored"] == args.requests and result["unique_references"] else 1


if __name__ == "__main__":
    sys.exit(main())
