"""The client side of bench/conflicts.py: an instance over HTTP, the citizens' form bodies and
what the office stored."""

import base64
import http.client
import json
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from digitalgemeinde.demo.forms import demo_pdf

OFFICE_PATH = "/Plone/liestal/einwohnerdienste"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Instance:
    process: subprocess.Popen
    port: int
    var: Path

    def request(self, method, path, *, body=None, headers=None, timeout=60) -> tuple:
        """``(status, headers, body)`` of one request."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=dict(headers or {}))
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def event_log(self) -> str:
        path = self.var / "log" / "event.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_ready(self, path: str, seconds: int = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.var / "runwsgi.log").read_text(errors="replace")
                raise SystemExit(f"instance on {self.port} ended:\n{log[-3000:]}")
            try:
                if self.request("GET", path, timeout=30)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"instance on {self.port} not ready within {seconds} s")


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def citizen_values(number: int, genders: dict, n: str) -> dict:
    """What citizen ``number`` enters in the demo form "Hund anmelden"; ``n`` names them."""
    return {
        "vorname": f"Person {n}",
        "nachname": "Gleichzeitig",
        "geburtsdatum": "1985-04-17",
        "email": f"citizen-{n}@example.ch",
        "adresse": f"Rheinstrasse {number}",
        "hund_name": f"Hund {n}",
        "rasse": "Labrador-Mischling",
        "geschlecht:list": genders["Hündin" if number % 2 else "Rüde"],
        "hund_geburtsdatum": "2024-05-01",
        "chip_nummer": f"7560981{number % 10**8:08d}",  # 15 digits
        "versicherung": f"Demo-Versicherung, Police {n}",
    }


def form_body(number: int, n: str, defaults: dict, genders: dict) -> tuple[bytes, str]:
    """``(body, content type)`` of citizen ``number``'s POST of "Hund anmelden" (the form's
    ``defaults`` and hidden fields), with the insurance certificate ``police-<n>.pdf``
    (``demo_pdf("Police <n>")``)."""
    fields = {**defaults, "form.buttons.submit": "Anmelden"}
    values = citizen_values(number, genders, n)
    fields.update({f"form.widgets.{name}": value for name, value in values.items()})
    upload = (f"police-{n}.pdf", demo_pdf(f"Police {n}"), "application/pdf")
    return multipart(fields, {"form.widgets.versicherungsnachweis": upload})


def citizen_body(number: int, defaults: dict, genders: dict) -> tuple[bytes, str]:
    """As ``form_body``, named so that a fresh run never repeats a former one."""
    return form_body(number, f"{number:04d}-{uuid.uuid4().hex[:6]}", defaults, genders)


def stored_references(instance: Instance, password: str) -> set[str]:
    """The reference numbers of all requests in Liestal's Einwohnerdienste."""
    token = base64.b64encode(f"admin:{password}".encode()).decode()
    status, _headers, body = instance.request(
        "GET",
        f"{OFFICE_PATH}/@search?portal_type=Submission&b_size=100000&metadata_fields=getId",
        headers={"Accept": "application/json", "Authorization": f"Basic {token}"},
    )
    if status != 200:
        raise SystemExit(f"@search answered {status}: {body[:500]!r}")
    return {item["title"] for item in json.loads(body)["items"]}
