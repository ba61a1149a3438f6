"""What `make cluster` runs and where: its ports, folders and each process's command line.

Everything lives under one folder (``CLUSTER_DIR``, by default ``$(INSTANCE_VAR)/cluster``):

    postgresql/            the private PostgreSQL cluster (scripts/pg_cluster.py), its log
                           postgresql/postgresql.log
    instance1/, instance2/ each Zope instance's var: log/access.log, log/event.log, blob cache,
                           Chameleon cache
    worker/                the outbox worker's var (log/event.log)
    setup/                 the var of site creation (zconsole)
    mail/                  the site's mail (Maildir, new/), unless CLUSTER_MAIL_DIR= (SMTP)
    varnish/               Varnish's working folder; backend.vcl (generated) beside this list
    log/<name>.log         what each process prints (haproxy.log is HAProxy's access log)
    run/<name>.pid         process ids; run/haproxy.sock is HAProxy's admin socket

The production templates in deploy/ are the files used: deploy/haproxy/haproxy.cfg (filled from
the environment), deploy/varnish/digitalgemeinde.vcl (with the generated backend.vcl) and
instance/etc/zope-relstorage.conf + zope.ini for the instances and the worker.
"""

import os
import secrets
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pg_cluster

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
BIN = REPO / ".venv" / "bin"
ZOPE_CONF = REPO / "instance" / "etc" / "zope-relstorage.conf"
ZOPE_INI = REPO / "instance" / "etc" / "zope.ini"
HAPROXY_CFG = DEPLOY / "haproxy" / "haproxy.cfg"
VCL = DEPLOY / "varnish" / "digitalgemeinde.vcl"
DATABASE = "zodb"
DATABASE_USER = "zodb"
# Requests HAProxy lets an instance handle at a time (zope.ini gives it 4 threads). Two: with
# four, simultaneous submissions ran into each other's conflicts (30 submissions: 53 retries and
# 59 s against 17 and 39 s with two, on 2 busy cores); the rest wait in HAProxy's queue.
ZOPE_MAXCONN = 2
# The outbox worker's health: Zope's health view (issue 17, H3); "/" until it exists.
HEALTH_PATHS = ("/@@health", "/")

MINIMAL_VCL = """vcl 4.1;
# Used by make cluster only while deploy/varnish/digitalgemeinde.vcl does not exist:
# Varnish's built-in rules (no cookies, no Authorization, GET/HEAD only are cached) and PURGE.
include "backend.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
}
"""


def _ports(text: str) -> tuple[int, ...]:
    return tuple(int(port) for port in text.replace(",", " ").split())


@dataclass
class Cluster:
    root: Path
    public_port: int = 8080
    haproxy_port: int = 8088
    zope_ports: tuple[int, ...] = (8081, 8082)
    pg_port: int = 5433
    varnish_admin_port: int = 6083
    zope_maxconn: int = ZOPE_MAXCONN
    site_id: str = "Plone"
    mail_dir: Path | None = None
    passed_on: dict = field(default_factory=dict)  # environment for site creation and Zope

    @classmethod
    def from_env(cls, environ=os.environ) -> "Cluster":
        var = Path(environ.get("INSTANCE_VAR", REPO / "instance" / "var"))
        root = Path(environ.get("CLUSTER_DIR") or var / "cluster").resolve()
        mail = environ.get("CLUSTER_MAIL_DIR", str(root / "mail"))
        cluster = cls(
            root=root,
            public_port=int(environ.get("CLUSTER_PORT", 8080)),
            haproxy_port=int(environ.get("CLUSTER_HAPROXY_PORT", 8088)),
            zope_ports=_ports(environ.get("CLUSTER_ZOPE_PORTS", "8081 8082")),
            pg_port=int(environ.get("CLUSTER_PG_PORT", 5433)),
            varnish_admin_port=int(environ.get("CLUSTER_VARNISH_ADMIN_PORT", 6083)),
            zope_maxconn=int(environ.get("CLUSTER_ZOPE_MAXCONN") or ZOPE_MAXCONN),
            site_id=environ.get("SITE_ID", "Plone"),
            mail_dir=Path(mail).resolve() if mail else None,
        )
        names = ("SITE_ID", "SITE_TITLE", "SITE_LANGUAGE", "ADMIN_USER", "ADMIN_PASSWORD", "DEMO")
        names += ("DIGITALGEMEINDE_WORKER_INTERVAL",)
        cluster.passed_on = {name: environ[name] for name in names if name in environ}
        if len(cluster.zope_ports) != 2:
            raise ValueError("CLUSTER_ZOPE_PORTS names two ports (deploy/haproxy/haproxy.cfg)")
        return cluster

    # folders and files
    @property
    def pgdata(self) -> Path:
        return self.root / "postgresql"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @property
    def haproxy_socket(self) -> Path:
        return self.run / "haproxy.sock"

    @property
    def varnish_dir(self) -> Path:
        return self.root / "varnish"

    def var(self, name: str) -> Path:
        """The INSTANCE_VAR of ``instance1``, ``instance2``, ``worker`` or ``setup``."""
        return self.root / name

    @property
    def instances(self) -> list[str]:
        return [f"instance{number}" for number in range(1, len(self.zope_ports) + 1)]

    def port_of(self, instance: str) -> int:
        return self.zope_ports[self.instances.index(instance)]

    def all_ports(self) -> dict[str, int]:
        ports = {name: self.port_of(name) for name in self.instances}
        ports.update(postgresql=self.pg_port, haproxy=self.haproxy_port)
        ports.update(varnish=self.public_port, varnish_admin=self.varnish_admin_port)
        return ports

    def prepare(self) -> None:
        """The folders; each reachable by PostgreSQL's and Varnish's users when we are root."""
        for path in (self.root, self.run, self.logs):
            path.mkdir(parents=True, exist_ok=True)
        for name in [*self.instances, "worker", "setup"]:
            for sub in ("log", "cache", "blobcache"):
                (self.var(name) / sub).mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        if self.mail_dir:
            for sub in ("new", "cur", "tmp"):
                (self.mail_dir / sub).mkdir(parents=True, exist_ok=True)

    # environments and command lines
    def dsn(self) -> str:
        return pg_cluster.dsn(name=DATABASE, user=DATABASE_USER, port=self.pg_port)

    def zope_env(self, var_name: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
        env.update(self.passed_on)
        env.update(
            INSTANCE_HOME=str(REPO / "instance"),
            INSTANCE_VAR=str(self.var(var_name)),
            RELSTORAGE_DSN=self.dsn(),
            DIGITALGEMEINDE_WORKER="0",  # the worker is a process of its own
            DIGITALGEMEINDE_MAIL_DIR=str(self.mail_dir or ""),
            CLUSTER_PURGE_URL=f"http://127.0.0.1:{self.public_port}",
        )
        return env

    def zconsole(self, script: str) -> list[str]:
        return [str(BIN / "zconsole"), "run", str(ZOPE_CONF), str(REPO / "scripts" / script)]

    def instance_command(self, instance: str) -> list[str]:
        return [
            str(BIN / "runwsgi"),
            str(ZOPE_INI),
            "http_host=127.0.0.1",
            f"http_port={self.port_of(instance)}",
            f"zope_conf_file={ZOPE_CONF}",
            f"instance_var={self.var(instance)}",
        ]

    def haproxy_env(self, health_path: str) -> dict:
        env = dict(os.environ)
        env.update(
            DG_HAPROXY_BIND=f"127.0.0.1:{self.haproxy_port}",
            DG_HAPROXY_SOCKET=str(self.haproxy_socket),
            DG_HEALTH_PATH=health_path,
            DG_ZOPE_MAXCONN=str(self.zope_maxconn),
        )
        for number, port in enumerate(self.zope_ports, start=1):
            env[f"DG_ZOPE{number}"] = f"127.0.0.1:{port}"
        return env

    def haproxy_command(self) -> list[str]:
        return ["haproxy", "-db", "-f", str(HAPROXY_CFG)]

    def backend_vcl(self) -> str:
        return (
            "# Generated by scripts/cluster.py: where Varnish sends requests, who may purge.\n"
            "backend default {\n"
            '    .host = "127.0.0.1";\n'
            f'    .port = "{self.haproxy_port}";\n'
            "    .connect_timeout = 5s;\n"
            "    .first_byte_timeout = 300s;\n"
            "    .between_bytes_timeout = 60s;\n"
            "}\n\n"
            'acl purge {\n    "127.0.0.1";\n}\n'
        )

    def write_vcl(self) -> tuple[Path, str]:
        """backend.vcl in the cluster folder; the VCL to load and Varnish's vcl_path."""
        (self.root / "backend.vcl").write_text(self.backend_vcl())
        if VCL.exists():
            return VCL, f"{self.root}:{VCL.parent}"
        minimal = self.root / "minimal.vcl"
        minimal.write_text(MINIMAL_VCL)
        return minimal, str(self.root)

    def varnish_command(self) -> list[str]:
        secret = self.root / "varnish.secret"
        if not secret.exists():
            secret.write_text(secrets.token_hex(32) + "\n")
            secret.chmod(0o600)
        vcl, vcl_path = self.write_vcl()
        return [
            "varnishd",
            "-F",
            "-a",
            f"127.0.0.1:{self.public_port}",
            "-T",
            f"127.0.0.1:{self.varnish_admin_port}",
            "-S",
            str(secret),
            "-n",
            str(self.varnish_dir),
            "-s",
            "malloc,256m",
            "-p",
            f"vcl_path={vcl_path}",
            "-f",
            str(vcl),
        ]
