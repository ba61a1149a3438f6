"""«Erneut senden» in a real browser against the demo site (``make start``, whose worker runs in
the server): the Einwohnerdienste Liestal deliver to a receiving server of this test on loopback
that is down, so a citizen's request fails for good (one attempt allowed); the clerk sees the
failed delivery with the button «Erneut senden» on the request's page, starts the receiver and
presses it; the worker then delivers the request with its idempotency key unchanged. No axe-core
violation of WCAG 2.1 A/AA on the whole document. Screenshot: docs/screenshots/staff-resend.png."""

import base64
import json
import time
import urllib.request

from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import LEASE_PDF
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import citizen_submits_a_move
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.outbox.receiver import Receiver
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
OFFICE = "/liestal/einwohnerdienste"
SECRET = "s3cret-of-the-einwohnerdienste-liestal-e2e-0123456789"


def as_admin(server, method: str, path: str, data=None) -> dict:
    """A REST call as the site's manager; the answer's JSON (or {})."""
    token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        server.url(f"/Plone{path}"),
        data=json.dumps(data).encode() if data is not None else None,
        method=method,
        headers={
            "Authorization": f"Basic {token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        body = response.read()
    return json.loads(body) if body else {}


def delivery_of(server, reference: str) -> dict:
    return as_admin(server, "GET", f"{OFFICE}/{reference}").get("delivery") or {}


def wait_for(server, reference: str, state: str, seconds: int = 120) -> dict:
    """The request's delivery once it is in ``state`` (the worker runs every 10 s)."""
    delivery = {}
    for _attempt in range(seconds):
        delivery = delivery_of(server, reference)
        if delivery.get("state") == state:
            return delivery
        time.sleep(1)
    raise AssertionError(f"delivery of {reference} not {state}: {delivery}")


def assert_accessible(driver, page: str) -> None:
    violations = axe_violations(driver)
    assert violations == [], f"{page}: {violations}"


def test_clerk_sends_a_failed_delivery_again(server, driver, screenshot, tmp_path):
    base = server.url("/Plone")
    receiver = Receiver(SECRET)  # not started: the office's application is down
    as_admin(
        server,
        "PATCH",
        "/@registry",
        {
            "digitalgemeinde.outgoing_allowed_hosts": [f"127.0.0.1:{receiver.port}"],
            "digitalgemeinde.delivery_max_attempts": 1,
        },
    )
    as_admin(
        server,
        "PATCH",
        OFFICE,
        {"interface_url": receiver.url, "interface_format": "json", "interface_secret": SECRET},
    )
    lease = tmp_path / "mietvertrag.pdf"
    lease.write_bytes(LEASE_PDF)
    try:
        citizen_submits_a_move(driver, base, screenshot, lease, first_name="Rena")
        reference = by_css(driver, "h1 .text-nowrap").text
        key = wait_for(server, reference, "failed")["idempotency_key"]

        log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
        driver.get(f"{base}{OFFICE}/{reference}")
        assert "nicht übermittelt" in by_css(driver, "#delivery").text
        button = by_css(driver, "#delivery-resend button[type=submit]")
        assert button.text == "Erneut senden"
        assert "demselben Idempotenzschlüssel" in by_css(driver, "#delivery-resend-hint").text
        assert_accessible(driver, "request page with a failed delivery")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.execute_script(  # the theme scrolls smoothly: jump, then take the picture
            "document.documentElement.style.scrollBehavior = 'auto';"
            "document.getElementById('delivery').scrollIntoView({block: 'center'});"
        )
        time.sleep(0.5)
        driver.save_screenshot(str(SCREENSHOTS / "staff-resend.png"))

        receiver.start()
        click(driver, "#delivery-resend button[type=submit]")
        message = by_css(driver, "#global_statusmessage").text
        assert f"{reference} wird erneut an die Fachapplikation gesendet" in message
        assert not driver.find_elements("css selector", "#delivery-resend")
        assert_accessible(driver, "request page after the resend")
        delivered = wait_for(server, reference, "delivered")
        assert delivered["idempotency_key"] == key
        assert list(receiver.accepted) == [key]
        assert receiver.references() == [reference]
        driver.get(f"{base}{OFFICE}/{reference}")
        assert "Erneut an die Fachapplikation gesendet" in by_css(driver, "#content").text
        log_out(driver, base)
    finally:
        receiver.stop()
