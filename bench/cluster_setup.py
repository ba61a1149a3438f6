"""What the cluster figures of `make bench` (bench/cluster_figures.py) run against: the demo
site on a ZEO server, two Zope instances each pinned to one core, and Varnish with the
production VCL in front of the first instance.

The ZEO server and the instances are bench/conflicts.py's (the demo site built once into
``<var>/site`` and copied afresh for every run); Varnish is started with scripts/cluster.py's
command line (``cluster_config.Cluster.varnish_command``: deploy/varnish/digitalgemeinde.vcl and
a generated backend.vcl), its backend being instance 1 instead of HAProxy.
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

from bench import conflicts  # noqa: E402
from bench.conflicts_client import Instance  # noqa: E402
from bench.conflicts_client import free_port  # noqa: E402
from cluster_config import Cluster  # noqa: E402


@dataclass
class Setup:
    """The running processes of one measurement."""

    var: Path
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


def start(var: Path, instances: int = 2, pin: bool = True) -> Setup:
    """ZEO on a fresh copy of the demo site, ``instances`` Zope instances (instance n on core
    n-1 when ``pin``), Varnish in front of instance 1; returns once all answer."""
    var = var.resolve()
    setup = Setup(var=var)
    try:
        conflicts.build_site(var / "site")
        setup.zeo, zeo_port = conflicts.start_zeo(var, var / "site")
        available = cores()
        for index in range(instances):
            cpu = available[index % len(available)] if pin and shutil.which("taskset") else None
            folder = var / f"instance{index + 1}"
            shutil.rmtree(folder, ignore_errors=True)
            setup.instances.append(conflicts.start_instance(folder, zeo_port, cpu))
            setup.cpus.append(cpu)
        for instance in setup.instances:
            instance.wait_ready(conflicts.FORM_PATH)
        start_varnish(setup, setup.instances[0].port)
    except BaseException:
        stop(setup)
        raise
    return setup


def start_varnish(setup: Setup, backend_port: int) -> None:
    """varnishd as `make cluster` runs it, in a folder of its own with mode 0755 (as root,
    Varnish compiles the VCL as the user ``varnish``, who must reach it)."""
    if not shutil.which("varnishd"):
        raise SystemExit("varnishd is not installed (Debian: apt-get install varnish)")
    setup.varnish_dir = Path(tempfile.mkdtemp(prefix="digitalgemeinde-bench-varnish-"))
    setup.varnish_dir.chmod(0o755)
    cluster = Cluster(
        root=setup.varnish_dir,
        public_port=free_port(),
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
    setup.varnish_port = cluster.public_port
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
