"""`python -m tests.datatrans.standin` (what `make payment-standin` runs) serves the API and the
payment page with the merchant it is given, and refuses an HMAC key that is no hex."""

import socket
import subprocess
import sys
from pathlib import Path

import requests

from tests.datatrans.fixtures import HMAC_KEY

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.datatrans.standin", *args]


def test_the_command_serves_the_merchant_it_is_given():
    port = free_port()
    merchant = ["--port", str(port), "--merchant", "1100054321:geheim", "--hmac-key", HMAC_KEY]
    process = subprocess.Popen(command(*merchant), cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert f"at http://127.0.0.1:{port}" in process.stdout.readline()
        url = f"http://127.0.0.1:{port}/v1/transactions"
        back = {"successUrl": "https://p/ok", "cancelUrl": "https://p/c", "errorUrl": "https://p/e"}
        body = {"currency": "CHF", "refno": "r1", "amount": 500, "redirect": back}
        assert requests.post(url, json=body, auth=("1100054321", "x"), timeout=5).status_code == 401
        opened = requests.post(url, json=body, auth=("1100054321", "geheim"), timeout=5)
        assert opened.status_code == 201
        page = requests.get(opened.headers["Location"], timeout=5)
        assert "Bezahlen" in page.text and "CHF 5.00" in page.text
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_a_key_that_is_no_hex_is_refused():
    bad = command("--merchant", "1:2", "--hmac-key", "not-hex")
    run = subprocess.run(bad, cwd=REPO, capture_output=True, timeout=30)
    assert run.returncode != 0 and b"hex" in run.stderr
