"""The Makefile's guards, run the way a new user runs them."""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def make(*args, env=None):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("MAKE")}, **(env or {})},
        timeout=120,
    )


def own_lines(stderr: str) -> list[str]:
    """What our scripts said, without make's own "make: *** ... Error 1" line."""
    return [line for line in stderr.splitlines() if not re.match(r"^make(\[\d+\])?: ", line)]


def test_start_with_the_port_taken_names_the_port_and_the_way_out():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = make("start", f"HTTP_PORT={port}")
    assert result.returncode != 0
    message = own_lines(result.stderr)
    assert len(message) == 1
    assert f"Port {port}" in message[0]
    assert f"HTTP_PORT={port + 1}" in message[0]
    assert "pip" not in result.stdout  # refused before anything was installed


def test_start_with_a_non_numeric_port_is_refused():
    result = make("start", "HTTP_PORT=http")
    assert result.returncode != 0
    assert "HTTP_PORT='http' is not a port number" in result.stderr


def test_old_python_is_refused_before_anything_is_installed(tmp_path):
    fake = tmp_path / "python3.9"
    fake.write_text(
        "#!/bin/sh\n"
        f"exec {sys.executable} -c \"import sys; sys.version_info = (3, 9, 18, 'final', 0); "
        'sys.argv = sys.argv[1:]; exec(open(sys.argv[0]).read())" "$@"\n'
    )
    fake.chmod(0o755)
    result = make("start", f"PYTHON={fake}", "HTTP_PORT=1")
    assert result.returncode != 0
    message = own_lines(result.stderr)
    assert len(message) == 1
    assert "needs Python 3.11 or newer" in message[0]
    assert "3.9" in message[0]
    assert "pip" not in result.stdout


def test_missing_python_is_named():
    result = make("install", "PYTHON=/nonexistent/python3")
    assert result.returncode != 0
    assert "No '/nonexistent/python3' found" in result.stderr
