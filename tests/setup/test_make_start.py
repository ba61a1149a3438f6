"""`make start` as a new user runs it: a served German site with the add-on, reused the 2nd time."""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-for-this-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, *, auth=None, accept=None):
    request = urllib.request.Request(url)
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


class Server:
    def __init__(self, var: Path, port: int):
        self.var, self.port, self.log = var, port, var.parent / f"make-start-{port}.log"

    def __enter__(self):
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "start",
                f"HTTP_PORT={self.port}",
                f"INSTANCE_VAR={self.var}",
                f"ADMIN_PASSWORD={PASSWORD}",
                "DEMO=1",
            ],
            cwd=REPO,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=make_env(),
        )
        deadline = self.started + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"make start ended with {self.process.returncode}:\n{self.output()}")
            try:
                if get(self.url("/Plone"))[0] == 200:
                    self.ready_after = time.monotonic() - self.started
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        pytest.fail(f"no answer on port {self.port} within 300 s:\n{self.output()}")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def url(self, path):
        # "localhost", as users type it: Plone leaves 127.0.0.1 unthemed (for debugging)
        return f"http://localhost:{self.port}{path}"

    def output(self):
        return self.log.read_text()


_DEMO_SITES: dict[Path, Path] = {}  # the test session's temporary folder -> its demo site


def make_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}


def demo_site(tmp_path_factory) -> Path:
    """The var folder of a demo site that `make site` made once in this test session. The
    servers of ``serve`` each start on a copy of it: the demo is built once, not per module."""
    base = tmp_path_factory.getbasetemp()
    if base not in _DEMO_SITES:
        var = tmp_path_factory.mktemp("demo-site") / "var"
        made = subprocess.run(
            ["make", "--no-print-directory", "site", f"INSTANCE_VAR={var}"]
            + [f"ADMIN_PASSWORD={PASSWORD}", "DEMO=1"],
            cwd=REPO,
            capture_output=True,
            text=True,
            env=make_env(),
        )
        if made.returncode:
            pytest.fail(f"make site ended with {made.returncode}:\n{made.stdout}{made.stderr}")
        _DEMO_SITES[base] = var
    return _DEMO_SITES[base]


def serve(tmp_path_factory, name: str):
    """`make start` in a var folder of its own (a copy of the session's demo site) on a free
    port: for a module-scoped fixture (``yield from serve(tmp_path_factory, "name")``)."""
    var = tmp_path_factory.mktemp(name) / "var"
    shutil.copytree(demo_site(tmp_path_factory), var)
    with Server(var, free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def var(tmp_path_factory):
    return tmp_path_factory.mktemp("instance") / "var"


def test_first_start_serves_the_german_portal_with_the_addon(var):
    with Server(var, free_port()) as server:
        status, body = get(server.url("/Plone"))
        assert status == 200
        assert b'lang="de"' in body
        assert b"Einwohnerportal" in body
        # the portal's home with the demo's content: the service search and the municipalities
        assert b'action="http://localhost:%d/Plone/@@services"' % server.port in body
        assert b'id="portal-home-search-text"' in body
        for municipality in (b"Liestal", b"Allschwil", b"Reinach"):
            assert municipality in body
        _, addons = get(
            server.url("/Plone/@addons"), auth=("admin", PASSWORD), accept="application/json"
        )
        installed = {a["id"]: a["is_installed"] for a in json.loads(addons)["items"]}
        assert installed["digitalgemeinde"] is True
        assert installed["collective.easyform"] is True
        _, site = get(server.url("/Plone"), accept="application/json")
        assert json.loads(site)["language"]["token"] == "de"
    assert "Site /Plone created" in server.output()
    assert (var / "filestorage" / "Data.fs").exists()


def test_second_start_reuses_the_site_and_the_password_is_honoured(var):
    with Server(var, free_port()) as server:
        with pytest.raises(urllib.error.HTTPError) as denied:
            get(server.url("/Plone/@addons"), auth=("admin", "admin"), accept="application/json")
        assert denied.value.code == 401
    assert "Site /Plone exists" in server.output()
    assert "pip install" not in server.output()
    assert server.ready_after < 60
