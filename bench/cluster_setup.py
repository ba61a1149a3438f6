"""What the cluster figures of `make bench` (bench/cluster_figures.py) run against: the demo
site, two Zope instances each pinned to one core, and Varnish with the production VCL in front
of the first instance.

Storage ``relstorage`` (the default, as in production and `make cluster`): a private
PostgreSQL on a free port in a fresh temporary folder, the site created there as `make cluster`
does (scripts/cluster.py's functions), the instances with instance/etc/zope-relstorage.conf.
Storage ``zeo``: bench/conflicts.py's ZEO server and instances (the demo site built once into
``<var>/site`` and copied afresh for every run). Varnish is started with scripts/cluster.py's
command line (``cluster_config.Cluster.varnish_command``: deploy/varnish/digitalgemeinde.vcl
and a generated backend.vcl), its backend being instance 1 instead of HAProxy.
"""

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import cluster as cluster_script  # noqa: E402
import pg_cluster  # noqa: E402
from bench import conflicts  # noqa: E402
from bench.conflicts_client import Instance  # noqa: E402
from bench.conflicts_client import free_port  # noqa: E402
from cluster_config import Cluster  # noqa: E402


@dataclass
class Setup:
    """The running processes of one measurement."""

    var: Path
    storage: str = "relstorage"
    cluster: Cluster | None = None  # relstorage: PostgreSQL's folder, ports and commands
    zeo: subprocess.Popen | None = None
    instances: list[Instance] = field(default_factory=list)
    cpus: list[int | None] = field(default_factory=list)
    varnish: subprocess.Popen | None = None
    varnish_port: int | None = None
    varnish_dir: Path | None = None

    def base(self, instance: Instance) -> str:
        return f"http://127.0.0.1:{instance.port}"

    @property
    def varnish_base(self) -> str:
        return f"http://127.0.0.1:{self.varnish_port}"


def cores() -> list[int]:
    """The cores this process may run on (two instances get the first two)."""
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return list(range(os.cpu_count() or 1))


def start(var: Path, storage: str = "relstorage", pin: bool = True) -> Setup:
    """The demo site on ``storage`` (fresh), two Zope instances (instance n on core n-1 when
    ``pin``), Varnish in front of instance 1; returns once all answer."""
    setup = Setup(var=var.resolve(), storage=storage, varnish_port=free_port())
    setup.var.mkdir(parents=True, exist_ok=True)
    available = cores()
    setup.cpus = [
        available[index % len(available)] if pin and shutil.which("taskset") else None
        for index in range(2)
    ]
    try:
        if storage == "zeo":
            start_zeo(setup)
        else:
            start_relstorage(setup)
        for instance in setup.instances:
            instance.wait_ready(conflicts.FORM_PATH)
        start_varnish(setup, setup.instances[0].port)
    except BaseException:
        stop(setup)
        raise
    return setup


def start_zeo(setup: Setup) -> None:
    conflicts.build_site(setup.var / "site")
    setup.zeo, zeo_port = conflicts.start_zeo(setup.var, setup.var / "site")
    for number, cpu in enumerate(setup.cpus, start=1):
        folder = setup.var / f"instance{number}"
        shutil.rmtree(folder, ignore_errors=True)
        setup.instances.append(conflicts.start_instance(folder, zeo_port, cpu))


def start_relstorage(setup: Setup) -> None:
    """PostgreSQL and the site as `make cluster` makes them, in a folder with mode 0755 (as
    root, PostgreSQL runs as ``postgres``, who must reach it); no outbox worker, no HAProxy."""
    root = Path(tempfile.mkdtemp(prefix="digitalgemeinde-bench-cluster-"))
    root.chmod(0o755)
    setup.cluster = cluster = Cluster(
        root=root / "cluster",
        zope_ports=(free_port(), free_port()),
        pg_port=free_port(),
        public_port=setup.varnish_port,  # where Plone sends PURGE
        mail_dir=root / "cluster" / "mail",
        passed_on={"ADMIN_PASSWORD": conflicts.PASSWORD, "DEMO": "1"},
    )
    cluster.prepare()
    cluster_script.start_postgresql(cluster)
    cluster_script.create_site(cluster)
    for name, cpu in zip(cluster.instances, setup.cpus, strict=True):
        command = cluster.instance_command(name)
        if cpu is not None:
            command = ["taskset", "-c", str(cpu), *command]
        process = cluster_script.spawn(cluster, name, command, cluster.zope_env(name))
        # where Instance.wait_ready looks when the instance ended
        (cluster.var(name) / "runwsgi.log").symlink_to(cluster.logs / f"{name}.log")
        setup.instances.append(Instance(process, cluster.port_of(name), cluster.var(name)))


def start_varnish(setup: Setup, backend_port: int) -> None:
    """varnishd as `make cluster` runs it, in a folder of its own with mode 0755 (as root,
    Varnish compiles the VCL as the user ``varnish``, who must reach it)."""
    if not shutil.which("varnishd"):
        raise SystemExit("varnishd is not installed (Debian: apt-get install varnish)")
    setup.varnish_dir = Path(tempfile.mkdtemp(prefix="digitalgemeinde-bench-varnish-"))
    setup.varnish_dir.chmod(0o755)
    cluster = Cluster(
        root=setup.varnish_dir,
        public_port=setup.varnish_port,
        haproxy_port=backend_port,  # backend.vcl's backend: here instance 1, not HAProxy
        varnish_admin_port=free_port(),
    )
    log = (setup.var / "varnish.log").open("wb")
    setup.varnish = subprocess.Popen(  # noqa: S603 (our command line)
        cluster.varnish_command(),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if setup.varnish.poll() is not None:
            text = (setup.var / "varnish.log").read_text(errors="replace")
            raise SystemExit(f"Varnish ended:\n{text[-3000:]}")
        if answers(setup.varnish_port):
            return
        time.sleep(0.3)
    raise SystemExit("Varnish did not answer within 60 s")


def answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def stop(setup: Setup) -> None:
    """Varnish, the instances, ZEO: each process group we started, and Varnish's folder."""
    for process in [setup.varnish, *(i.process for i in setup.instances), setup.zeo]:
        if process is not None:
            conflicts.stop(process)
    if setup.varnish_dir is not None:
        shutil.rmtree(setup.varnish_dir, ignore_errors=True)
    if setup.cluster is not None:
        if (setup.cluster.pgdata / "PG_VERSION").exists():
            pg_cluster.stop(setup.cluster.pgdata)
        shutil.rmtree(setup.cluster.root.parent, ignore_errors=True)
