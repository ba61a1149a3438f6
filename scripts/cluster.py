"""`make cluster`: on one machine, what production runs (issue 17).

    citizens ─▶ Varnish ─▶ HAProxy ─▶ Zope instance 1 ┐
                                  ─▶ Zope instance 2 ┴─▶ RelStorage ─▶ PostgreSQL
                                     outbox worker (a process of its own) ──┘

    python3 scripts/cluster.py start      # what is not running yet (make cluster)
    python3 scripts/cluster.py stop       # all of it, Varnish first, PostgreSQL last
    python3 scripts/cluster.py status     # each process, and HAProxy's view of the instances
    python3 scripts/cluster.py drain 1    # HAProxy sends instance 1 nothing new ...
    python3 scripts/cluster.py ready 1    # ... and again

Ports and folders come from the environment (the Makefile's CLUSTER_* variables): see
scripts/cluster_config.py. Processes run in the background in sessions of their own, with pid
files in ``<cluster>/run`` and logs in ``<cluster>/log``; ``stop`` ends each one with SIGTERM
(SIGKILL after 30 s). Run with .venv/bin/python (the instances use the project's venv).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pg_cluster  # noqa: E402
from cluster_config import DATABASE  # noqa: E402
from cluster_config import DATABASE_USER  # noqa: E402
from cluster_config import HEALTH_PATHS  # noqa: E402
from cluster_config import REPO  # noqa: E402
from cluster_config import Cluster  # noqa: E402

STARTUP = 300  # seconds a Zope instance may take to answer
STOP_WAIT = 30


class ClusterFailed(RuntimeError):
    pass


# processes


def pid_of(cluster: Cluster, name: str) -> int | None:
    try:
        return int((cluster.run / f"{name}.pid").read_text())
    except (OSError, ValueError):
        return None


def is_alive(pid: int | None) -> bool:
    """Whether ``pid`` runs (a zombie that nobody reaped does not)."""
    if not pid:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def alive(cluster: Cluster, name: str) -> bool:
    return is_alive(pid_of(cluster, name))


def spawn(cluster: Cluster, name: str, command: list[str], env: dict) -> subprocess.Popen:
    """``command`` in the background, in a session of its own, printing into log/<name>.log."""
    log = (cluster.logs / f"{name}.log").open("ab")
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    (cluster.run / f"{name}.pid").write_text(f"{process.pid}\n")
    return process


def end(cluster: Cluster, name: str, wait: float = STOP_WAIT) -> None:
    """SIGTERM to the process group of ``name``; SIGKILL when it is still there after ``wait``."""
    pid = pid_of(cluster, name)
    if is_alive(pid):
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while is_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if is_alive(pid):
            os.killpg(pid, signal.SIGKILL)
    (cluster.run / f"{name}.pid").unlink(missing_ok=True)


def tail(cluster: Cluster, name: str, lines: int = 30) -> str:
    path = cluster.logs / f"{name}.log"
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def check_port(name: str, port: int) -> None:
    if not port_is_free(port):
        raise ClusterFailed(
            f"Port {port} for {name} is taken: stop what uses it or choose another port "
            "(make cluster CLUSTER_PORT=... CLUSTER_HAPROXY_PORT=... CLUSTER_ZOPE_PORTS=... "
            "CLUSTER_PG_PORT=... CLUSTER_VARNISH_ADMIN_PORT=...)"
        )


def http_status(url: str, timeout: float = 10) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for(cluster: Cluster, name: str, url: str, timeout: float = STARTUP) -> int:
    """Wait until ``url`` answers (any status) while ``name`` runs; the status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(cluster, name):
            raise ClusterFailed(f"{name} ended:\n{tail(cluster, name)}")
        status = http_status(url)
        if status is not None:
            return status
        time.sleep(0.5)
    raise ClusterFailed(f"{name} did not answer {url} within {timeout} s:\n{tail(cluster, name)}")


# HAProxy's admin socket


def haproxy_command(cluster: Cluster, command: str) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(str(cluster.haproxy_socket))
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def servers(cluster: Cluster) -> dict[str, dict]:
    """HAProxy's statistics of each instance: ``{"instance1": {"status": "UP", ...}}``."""
    lines = haproxy_command(cluster, "show stat").strip().splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
    return {
        row["svname"]: row
        for row in rows
        if row["pxname"] == "zope" and row["svname"] not in ("BACKEND", "FRONTEND")
    }


def set_state(cluster: Cluster, number: int, state: str) -> str:
    instance = f"instance{number}"
    if instance not in cluster.instances:
        raise ClusterFailed(f"No instance {number}: there are {len(cluster.instances)}")
    return haproxy_command(cluster, f"set server zope/{instance} state {state}")


def wait_until_up(cluster: Cluster, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {name: row["status"] for name, row in servers(cluster).items()}
        if all(state == "UP" for state in states.values()):
            return
        time.sleep(0.5)
    raise ClusterFailed(f"HAProxy does not see every instance up: {states}")


# the parts, in the order they start


def start_postgresql(cluster: Cluster) -> None:
    if pg_cluster.running(cluster.pgdata):
        return
    check_port("PostgreSQL", cluster.pg_port)
    if not (cluster.pgdata / "PG_VERSION").exists():
        # 2 instances x (4 threads + spare ZODB connections) x 2 (RelStorage: load + store),
        # the worker, site creation, backups and psql: far below 100
        pg_cluster.init(cluster.pgdata, cluster.pg_port, max_connections=100)
    pg_cluster.start(cluster.pgdata)
    pg_cluster.create_database(cluster.pgdata, DATABASE, DATABASE_USER)


def create_site(cluster: Cluster) -> None:
    """The site with demo content (as make start), purging configured; blocks."""
    log = cluster.logs / "site.log"
    with log.open("ab") as output:
        made = subprocess.run(  # noqa: S603
            cluster.zconsole("cluster_site.py"),
            cwd=REPO,
            env=cluster.zope_env("setup"),
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if made.returncode:
        raise ClusterFailed(f"Site creation failed ({made.returncode}):\n{tail(cluster, 'site')}")


def start_worker(cluster: Cluster) -> None:
    """The outbox worker, unless it runs (also again after it died: its leased jobs are due
    again once their lease is over)."""
    if not alive(cluster, "worker"):
        spawn(cluster, "worker", cluster.zconsole("worker.py"), cluster.zope_env("worker"))


def start_zope(cluster: Cluster) -> None:
    """The worker and the instances, together; returns once each instance answers."""
    start_worker(cluster)
    for instance in cluster.instances:
        if not alive(cluster, instance):
            check_port(instance, cluster.port_of(instance))
            spawn(cluster, instance, cluster.instance_command(instance), cluster.zope_env(instance))
    for instance in cluster.instances:
        wait_for(cluster, instance, f"http://127.0.0.1:{cluster.port_of(instance)}/")


def health_path(cluster: Cluster) -> str:
    """The health view when this version has one (anything but a 404), else ``/``."""
    port = cluster.port_of(cluster.instances[0])
    for path in HEALTH_PATHS:
        if http_status(f"http://127.0.0.1:{port}{path}") not in (None, 404):
            return path
    return "/"


def start_haproxy(cluster: Cluster) -> None:
    if alive(cluster, "haproxy"):
        return
    check_port("HAProxy", cluster.haproxy_port)
    cluster.haproxy_socket.unlink(missing_ok=True)
    path = health_path(cluster)
    (cluster.run / "health-path").write_text(path + "\n")
    spawn(cluster, "haproxy", cluster.haproxy_command(), cluster.haproxy_env(path))
    wait_for(cluster, "haproxy", f"http://127.0.0.1:{cluster.haproxy_port}{path}", timeout=30)


def start_varnish(cluster: Cluster) -> None:
    if alive(cluster, "varnish"):
        return
    check_port("Varnish", cluster.public_port)
    check_port("Varnish's admin port", cluster.varnish_admin_port)
    spawn(cluster, "varnish", cluster.varnish_command(), dict(os.environ))
    wait_for(cluster, "varnish", f"http://127.0.0.1:{cluster.public_port}/", timeout=60)


def start(cluster: Cluster) -> None:
    cluster.prepare()
    start_postgresql(cluster)
    print(f"PostgreSQL on 127.0.0.1:{cluster.pg_port} ({cluster.pgdata})", flush=True)
    create_site(cluster)
    print(f"Site /{cluster.site_id} ready (log: {cluster.logs / 'site.log'})", flush=True)
    start_zope(cluster)
    start_haproxy(cluster)
    start_varnish(cluster)
    wait_until_up(cluster)
    print_summary(cluster)


def stop(cluster: Cluster) -> None:
    for name in ["varnish", "haproxy", *cluster.instances, "worker"]:
        end(cluster, name)
    if (cluster.pgdata / "PG_VERSION").exists():
        pg_cluster.stop(cluster.pgdata)
    print("Cluster stopped")


def print_summary(cluster: Cluster) -> None:
    print(f"Serving http://localhost:{cluster.public_port}/{cluster.site_id} through Varnish")
    print(f"  HAProxy  127.0.0.1:{cluster.haproxy_port} (admin socket {cluster.haproxy_socket})")
    for instance in cluster.instances:
        print(f"  {instance} 127.0.0.1:{cluster.port_of(instance)} ({cluster.var(instance)}/log)")
    print(f"  PostgreSQL 127.0.0.1:{cluster.pg_port}; logs in {cluster.logs}")
    if cluster.mail_dir:
        print(f"  Mail is not sent: it lands in {cluster.mail_dir}/new")
    print("Stop with make cluster-stop")


def status(cluster: Cluster) -> int:
    names = ["varnish", "haproxy", *cluster.instances, "worker"]
    running = {name: alive(cluster, name) for name in names}
    running["postgresql"] = pg_cluster.running(cluster.pgdata)
    ports = cluster.all_ports()
    for name, up in running.items():
        state = "running" if up else "stopped"
        print(f"{name:12} {state:8} port {ports.get(name, '-')}")
    if running["haproxy"]:
        for name, row in servers(cluster).items():
            print(f"HAProxy: {name} {row['status']}, {row['stot']} requests, {row['qcur']} queued")
    return 0 if all(running.values()) else 3


def main(argv: list[str]) -> int:
    cluster = Cluster.from_env()
    command = argv[1] if len(argv) > 1 else "status"
    try:
        if command == "start":
            start(cluster)
        elif command == "stop":
            stop(cluster)
        elif command == "status":
            return status(cluster)
        elif command in ("drain", "ready", "maint"):
            print(set_state(cluster, int(argv[2]), command).strip() or f"instance{argv[2]}: ok")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except (ClusterFailed, pg_cluster.ClusterError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
