"""A real Varnish with the project's VCL (deploy/varnish/digitalgemeinde.vcl) in front of a
test server: its own working folder, free ports, stopped at the end."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
VCL = REPO / "deploy" / "varnish" / "digitalgemeinde.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backend_vcl(backend_port: int, purgers=("127.0.0.1",)) -> str:
    """What `make cluster` generates: the backend and who may purge."""
    allowed = "".join(f'    "{address}";\n' for address in purgers)
    return (
        f'backend default {{\n    .host = "127.0.0.1";\n    .port = "{backend_port}";\n'
        "    .first_byte_timeout = 120s;\n}\n\n"
        f"acl purge {{\n{allowed}}}\n"
    )


class Varnish:
    def __init__(self, folder: Path, backend_port: int, purgers=("127.0.0.1",)):
        self.folder, self.port = folder, free_port()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "backend.vcl").write_text(backend_vcl(backend_port, purgers))
        self.log = folder / "varnishd.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def site_url(self, path: str = "") -> str:
        # "localhost", as users type it: Plone leaves 127.0.0.1 unthemed
        return f"http://localhost:{self.port}/plone{path}"

    def command(self) -> list[str]:
        return [
            VARNISHD,
            "-F",
            "-j",
            "none",
            "-n",
            str(self.folder / "work"),
            "-a",
            f"127.0.0.1:{self.port}",
            "-T",
            "none",
            "-s",
            "malloc,64m",
            "-p",
            f"vcl_path={self.folder}:{VCL.parent}",
            "-f",
            str(VCL),
        ]

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command(), stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"varnishd ended with {self.process.returncode}:\n{self.output()}")
            try:
                requests.request("BAN", f"{self.url}/", timeout=5)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.__exit__()
        pytest.fail(f"varnishd did not answer within 60 s:\n{self.output()}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def output(self) -> str:
        return self.log.read_text()


def varnish_available() -> bool:
    return Path(VARNISHD).exists()
