"""The cluster's pieces, without the cluster: the private PostgreSQL cluster (also as root, where
PostgreSQL runs as ``postgres``), and the production templates in deploy/ as `make cluster`
fills them (HAProxy's configuration check, Varnish's VCL compiler). Quick: not serial."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest

from tests.setup.test_make_start import REPO

sys.path.insert(0, str(REPO / "scripts"))

import pg_cluster  # noqa: E402
from cluster_config import HAPROXY_CFG  # noqa: E402
from cluster_config import Cluster  # noqa: E402


@pytest.fixture
def folder():
    """A folder that PostgreSQL's and Varnish's users can reach (tmp_path is mode 0700)."""
    path = Path(tempfile.mkdtemp(prefix="digitalgemeinde-pieces-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def postgresql(folder):
    port = _free_port()
    datadir = pg_cluster.init(folder / "postgresql", port)
    try:
        pg_cluster.start(datadir)
        yield datadir
    finally:
        pg_cluster.stop(datadir)


def _free_port() -> int:
    from tests.setup.test_make_start import free_port

    return free_port()


def test_a_private_postgresql_serves_a_database_for_relstorage(postgresql):
    assert pg_cluster.running(postgresql)
    pg_cluster.create_database(postgresql, "zodb", "zodb")
    pg_cluster.create_database(postgresql, "zodb", "zodb")  # again: nothing to do
    dsn = pg_cluster.dsn(postgresql, "zodb", "zodb")
    assert f"port='{pg_cluster.port_of(postgresql)}'" in dsn
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), inet_server_addr()::text")
        assert cursor.fetchone() == ("zodb", "zodb", "127.0.0.1/32")
    if os.geteuid() == 0:  # PostgreSQL refuses root: the server runs as postgres
        owner = os.stat(f"/proc/{pg_cluster.pid(postgresql)}").st_uid
        assert owner == pg_cluster.pwd.getpwnam("postgres").pw_uid
    pg_cluster.stop(postgresql)
    assert not pg_cluster.running(postgresql)


def test_odd_names_are_refused(postgresql):
    with pytest.raises(pg_cluster.ClusterError, match="not a plain lower-case name"):
        pg_cluster.create_database(postgresql, "zodb; DROP DATABASE postgres", "zodb")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the folder to postgres")
def test_as_root_a_folder_postgres_cannot_reach_is_named(tmp_path):
    hidden = tmp_path / "closed"
    hidden.mkdir(mode=0o700)
    with pytest.raises(pg_cluster.ClusterError, match="cannot reach"):
        pg_cluster.init(hidden / "postgresql", _free_port())


def test_the_cli_says_what_runs(folder):
    script = [sys.executable, str(REPO / "scripts" / "pg_cluster.py")]
    datadir = str(folder / "pg")
    port = str(_free_port())
    subprocess.run([*script, "init", datadir, "--port", port], check=True)  # noqa: S603
    status = subprocess.run([*script, "status", datadir], capture_output=True, text=True)  # noqa: S603
    assert (status.returncode, status.stdout.strip()) == (3, "PostgreSQL stopped")
    dsn = subprocess.run([*script, "dsn", datadir, "zodb", "zodb"], capture_output=True, text=True)  # noqa: S603
    assert dsn.stdout.strip() == f"dbname='zodb' user='zodb' host='127.0.0.1' port='{port}'"


def test_haproxy_accepts_the_production_configuration_as_make_cluster_fills_it(folder):
    cluster = Cluster.from_env({"CLUSTER_DIR": str(folder / "cluster")})
    checked = subprocess.run(  # noqa: S603
        ["haproxy", "-c", "-f", str(HAPROXY_CFG)],  # noqa: S607
        env=cluster.haproxy_env("/@@health"),
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_varnish_compiles_the_vcl_with_the_generated_backend(folder):
    cluster = Cluster.from_env({"CLUSTER_DIR": str(folder / "cluster")})
    cluster.prepare()
    command = cluster.varnish_command()
    vcl_path = next(arg for arg in command if arg.startswith("vcl_path="))
    compiled = subprocess.run(  # noqa: S603
        ["varnishd", "-C", "-n", str(cluster.varnish_dir), "-p", vcl_path, "-f", command[-1]],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr[-3000:]
    backend = (cluster.root / "backend.vcl").read_text()
    assert f'.port = "{cluster.haproxy_port}";' in backend
    assert 'acl purge {\n    "127.0.0.1";\n}' in backend


class Health:
    """A stand-in instance for HAProxy's check: answers ``/@@health`` as ours does (one word)."""

    def __init__(self, status: int, word: str):
        import http.server
        import threading

        answer = (status, word.encode())

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                self.send_response(answer[0])
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(answer[1])))
                self.end_headers()
                self.wfile.write(answer[1])

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def haproxy_states(socket_path: Path) -> dict:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(socket_path))
        client.sendall(b"show stat\n")
        data = b""
        while chunk := client.recv(65536):
            data += chunk
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {row["svname"]: row["status"] for row in rows if row["pxname"] == "zope"}


def test_haproxy_keeps_an_instance_whose_worker_is_late_and_drops_one_without_database(folder):
    """A late outbox worker (``503 worker``) concerns every instance alike: HAProxy keeps the
    instances (submissions wait in the outbox; the heartbeat's age is for monitoring). An
    instance that cannot read its database (``503 database``) is taken out."""
    import time

    late_worker, no_database = Health(503, "worker"), Health(503, "database")
    ports = f"{late_worker.port} {no_database.port}"
    cluster = Cluster.from_env(
        {
            "CLUSTER_DIR": str(folder / "cluster"),
            "CLUSTER_ZOPE_PORTS": ports,
            "CLUSTER_HAPROXY_PORT": str(_free_port()),
        }
    )
    cluster.run.mkdir(parents=True)
    haproxy = subprocess.Popen(  # noqa: S603
        cluster.haproxy_command(),
        env=cluster.haproxy_env("/@@health"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        states: dict = {}
        for _ in range(40):  # checks every 2 s, up after 2, down after 3
            time.sleep(0.5)
            if cluster.haproxy_socket.exists():
                states = haproxy_states(cluster.haproxy_socket)
                if states.get("instance1") == "UP" and states.get("instance2") == "DOWN":
                    break
        assert states.get("instance1") == "UP", states
        assert states.get("instance2") == "DOWN", states
    finally:
        haproxy.terminate()
        haproxy.wait(timeout=10)
        late_worker.close()
        no_database.close()
