"""The export of a large inbox in a real browser against the demo site (``make start``): with
the threshold of Site Setup set low, the clerk's export asks to make it in the background,
the inbox then says it is being made and, once ready, links the file; the file downloads.
No axe-core violation of WCAG 2.1 A/AA on the whole document of both pages. Screenshots:
docs/screenshots/staff-export-background.png, staff-inbox-export-ready.png."""

import base64
import json
import time
import urllib.request

from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
INBOX = "/liestal/einwohnerdienste/@@inbox"
SETTING = "digitalgemeinde.export_background_from"


def set_threshold(server, value: int) -> None:
    """Site Setup → Einwohnerportal → Exports, over REST as the site's manager."""
    token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(
        server.url("/Plone/@registry"),
        data=json.dumps({SETTING: value}).encode(),
        method="PATCH",
        headers={
            "Authorization": f"Basic {token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        assert response.status in (200, 204)


def assert_accessible(driver, page: str) -> None:
    violations = axe_violations(driver)
    assert violations == [], f"{page}: {violations}"


def test_clerk_gets_a_large_export_in_the_background(server, driver):
    base = server.url("/Plone")
    set_threshold(server, 1)
    try:
        log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
        driver.get(f"{base}{INBOX}")
        click(driver, "#export-csv")
        assert "im Hintergrund erstellt" in by_css(driver, "#export-background-intro").text
        assert_accessible(driver, "export in the background")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / "staff-export-background.png"))
        click(driver, "#export-background button[name='form.buttons.start']")
        assert "wird erstellt" in by_css(driver, "#content").text
        for _attempt in range(60):  # the background run of a demo inbox takes a moment
            driver.get(f"{base}{INBOX}")
            ready = driver.find_elements("css selector", "#inbox-exports .export-ready a")
            if ready:
                break
            time.sleep(1)
        assert ready, by_css(driver, "#content").text[:500]
        assert "Ihr Export ist bereit" in by_css(driver, "#inbox-exports").text
        assert_accessible(driver, "inbox with the export ready")
        driver.save_screenshot(str(SCREENSHOTS / "staff-inbox-export-ready.png"))
        link = ready[0].get_attribute("href")
        ready[0].click()
        for _attempt in range(30):
            files = list(driver.download_dir.glob("posteingang-einwohnerdienste-*.csv"))
            if files:
                break
            time.sleep(0.5)
        assert files, link
        assert files[0].read_bytes().startswith("\ufeff".encode())
        log_out(driver, base)
    finally:
        set_threshold(server, 5000)
