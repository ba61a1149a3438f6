"""Real-browser tests: Debian's chromium, headless, driven by Selenium against a real server.

`make browser` installs chromium, chromedriver and axe-core (.ci/run does it before `make test`).
Without them the tests are skipped with the reason shown, except under CI (CI=true), where a
missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.setup.test_make_start import serve

E2E = Path(__file__).resolve().parent
REPO = E2E.parents[1]
AXE = E2E / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = REPO / "test-output" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# WCAG 2.1 AA (and what it includes of 2.0 A/AA)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def missing() -> list[str]:
    what = []
    for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not os.path.exists(path):
            what.append(name)
    if not AXE.exists():
        what.append("axe-core (tests/e2e/node_modules)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        what.append("selenium")
    return what


@pytest.fixture(scope="session")
def browser_ready():
    absent = missing()
    if absent:
        reason = (
            f"no {', '.join(absent)}: run `make browser` to install what the browser tests need"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def server(browser_ready, tmp_path_factory):
    """`make start` with the demo site on a free port, served for the module's tests."""
    yield from serve(tmp_path_factory, "e2e-instance")


@pytest.fixture
def driver(browser_ready, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=de-CH",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "intl.accept_languages": "de-CH,de",
            "download.default_directory": str(tmp_path / "downloads"),
            "download.prompt_for_download": False,
        },
    )
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.implicitly_wait(5)
    browser.download_dir = tmp_path / "downloads"
    yield browser
    browser.quit()


@pytest.fixture
def screenshot(request):
    """``screenshot(driver, "01-form")`` saves test-output/e2e/<test>/01-form.png."""
    folder = OUTPUT / request.node.name
    if folder.exists():
        shutil.rmtree(folder)  # only this run's pictures
    folder.mkdir(parents=True)

    def take(driver, name: str) -> Path:
        path = folder / f"{name}.png"
        driver.save_screenshot(str(path))
        return path

    return take


def axe_violations(driver, context: str | None = None) -> list[dict]:
    """Run axe-core on the whole document (header, breadcrumbs, content, footer), or on the
    part ``context`` selects, and return the WCAG 2.1 AA violations (every rule of the tags,
    color-contrast included)."""
    driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(arguments[0] || document, {runOnly: {type: 'tag', values: arguments[1]}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
           .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
        """,
        context,
        WCAG_TAGS,
    )
    return result
