"""Security (7): the worker connects to the address it checked, not to a second resolution.

``security.outgoing.vet`` resolves the host once and checks every address; ``post`` then
connects to those addresses only (a name resolving elsewhere a moment later, DNS rebinding,
changes nothing), while TLS still speaks to and verifies the host *name*: SNI, the Host header
and the certificate are those of the name in the office's address. A real TLS server on
loopback with a certificate for ``fachapp.example.ch``, a name that resolves nowhere here.
"""

import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest

from digitalgemeinde.outgoing_addresses import Target
from digitalgemeinde.outgoing_addresses import parse
from digitalgemeinde.security.outgoing import post

NAME = "fachapp.example.ch"


@pytest.fixture
def certificate(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    command = f"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN={NAME}".split()
    subprocess.run(
        [*command, "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return key, cert


@pytest.fixture
def tls_server(certificate):
    """An HTTPS server on 127.0.0.1 for ``fachapp.example.ch``; records SNI and Host."""
    key, cert = certificate
    seen = {"sni": [], "host": []}
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen["sni"].append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen["host"].append(self.headers.get("Host"))
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], cert, seen
    server.shutdown()
    server.server_close()


def pinned(url: str, port: int) -> Target:
    """What ``vet`` hands on for ``url`` after resolving it to 127.0.0.1."""
    return Target(parse(url), ((socket.AF_INET, ("127.0.0.1", port)),))


def test_https_goes_to_the_vetted_address_with_the_name_verified(tls_server, monkeypatch):
    port, cert, seen = tls_server
    with pytest.raises(OSError):
        socket.getaddrinfo(NAME, port)  # a second resolution would find nothing
    # the certificate is not trusted: verification is on
    with pytest.raises(ssl.SSLCertVerificationError):
        post(pinned(f"https://{NAME}:{port}/anliegen", port), b"{}", {}, 5)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    status, _reason, _location = post(pinned(f"https://{NAME}:{port}/anliegen", port), b"{}", {}, 5)
    assert status == 202
    assert NAME in seen["sni"]
    assert seen["host"] == [f"{NAME}:{port}"]
    # the same server for another name: its certificate does not fit, nothing is sent
    with pytest.raises(ssl.SSLCertVerificationError):
        post(pinned(f"https://andere.example.ch:{port}/anliegen", port), b"{}", {}, 5)
    assert len(seen["host"]) == 1
