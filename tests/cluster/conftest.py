"""What `make cluster` starts (scripts/cluster.py start, without make's install step), once
per test session, on free ports: PostgreSQL, two Zope instances on RelStorage, the outbox
worker, HAProxy and Varnish. The tests talk to Varnish's port, as citizens would; `cluster.py
stop` (make cluster-stop) ends it all after the session.

The cluster folder is a folder of its own under /tmp with mode 0755, not pytest's tmp_path
(mode 0700): as root, PostgreSQL runs as ``postgres`` and Varnish's compiler as ``varnish``,
and they must reach their files (scripts/pg_cluster.py)."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.setup.test_make_start import PASSWORD
from tests.setup.test_make_start import REPO
from tests.setup.test_make_start import make_env

sys.path.insert(0, str(REPO / "scripts"))

import cluster as cluster_script  # noqa: E402
from cluster_config import Cluster  # noqa: E402


@dataclass
class Endpoint:
    """One HTTP server of the cluster, as tests.submissions.test_concurrency's helpers take
    it: ``port`` to talk to, ``var`` whose ``mail/new`` holds the cluster's mail."""

    port: int
    var: Path


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def run_cluster(command: str, settings: dict, log: Path, timeout: float):
    """``scripts/cluster.py <command>`` as ``make cluster`` / ``make cluster-stop`` run it (with
    the variables the Makefile exports), without make's install step."""
    env = {**make_env(), **{name: str(value) for name, value in settings.items()}}
    with log.open("a") as output:
        return subprocess.run(  # noqa: S603
            [str(REPO / ".venv" / "bin" / "python"), "scripts/cluster.py", command],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="session")
def cluster():
    """The running cluster's configuration (scripts/cluster_config.Cluster)."""
    root = Path(tempfile.mkdtemp(prefix="digitalgemeinde-cluster-"))
    root.chmod(0o755)
    public, haproxy, zope1, zope2, postgresql, admin = free_ports(6)
    settings = {
        "CLUSTER_DIR": root / "cluster",
        "CLUSTER_PORT": public,
        "CLUSTER_HAPROXY_PORT": haproxy,
        "CLUSTER_ZOPE_PORTS": f"{zope1},{zope2}",
        "CLUSTER_PG_PORT": postgresql,
        "CLUSTER_VARNISH_ADMIN_PORT": admin,
        # its own: make test exports the Makefile's, the Maildir of instance/var/cluster
        "CLUSTER_MAIL_DIR": root / "cluster" / "mail",
        "ADMIN_PASSWORD": PASSWORD,
        "DEMO": 1,
        "DIGITALGEMEINDE_WORKER_INTERVAL": 1,  # deliveries within seconds, not tens
    }
    log = root / "make-cluster.log"
    environ = {name: str(value) for name, value in settings.items()}
    running = Cluster.from_env({**environ, "INSTANCE_VAR": str(root)})
    try:
        started = run_cluster("start", settings, log, timeout=600)
        if started.returncode:
            pytest.fail(f"make cluster ended with {started.returncode}:\n{log.read_text()}")
        yield running
    finally:
        run_cluster("stop", settings, log, timeout=180)
        if not os.environ.get("CLUSTER_KEEP"):  # CLUSTER_KEEP=1: the logs stay for a look
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def public(cluster) -> Endpoint:
    """Varnish: the port citizens use."""
    return Endpoint(cluster.public_port, cluster.root)


@pytest.fixture(scope="session")
def haproxy():
    """HAProxy's statistics of each instance (``scripts/cluster.servers``)."""
    return cluster_script.servers
