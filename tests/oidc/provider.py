"""The test OpenID Provider (provider.mjs, node's oidc-provider), and a citizen without a browser.

    from tests.oidc.provider import HIGH, LOW, TestProvider, client, login_at_provider

    with TestProvider([client("plone", "secret", site_url)], tmp_dir=tmp_path) as op:
        op.issuer                      # http://127.0.0.1:<free port>
        op.edit_user("clerk", groups=[])   # the next login sees the change

`make browser` installs oidc-provider into tests/e2e/node_modules (next to axe-core). Without node
or the module `require_provider()` skips the test, except under CI (CI=true), where it fails.
"""

import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "provider.mjs"
USERS = HERE / "users.json"
MODULE = HERE.parent / "e2e" / "node_modules" / "oidc-provider" / "package.json"
LOW, HIGH = "urn:test:loa:low", "urn:test:loa:high"
LEVELS = [LOW, HIGH]
SCOPES = "openid profile email address groups"
STARTUP_TIMEOUT = 30


def missing() -> list[str]:
    what = []
    if not shutil.which("node"):
        what.append("node")
    if not MODULE.exists():
        what.append("oidc-provider (tests/e2e/node_modules)")
    return what


def require_provider() -> None:
    """Skip (or under CI=true fail) the calling test when node or oidc-provider is not installed."""
    absent = missing()
    if absent:
        reason = f"no {', '.join(absent)}: run `make browser` to install the test OpenID Provider"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def client(client_id: str, secret: str, site_url: str) -> dict:
    """A client of the OP for a Plone site: its callback and its page after logout."""
    site_url = site_url.rstrip("/")
    return {
        "client_id": client_id,
        "client_secret": secret,
        "redirect_uris": [f"{site_url}/@@oidc-callback"],
        "post_logout_redirect_uris": [f"{site_url}/@@oidc-logged-out"],
    }


class TestProvider:
    """provider.mjs on a free loopback port, for a `with` block (or start()/stop())."""

    __test__ = False  # not a pytest test class

    def __init__(self, clients=(), users: Path | None = None, tmp_dir: Path | None = None):
        self.clients = list(clients)
        if users is None:  # a copy of users.json that the test may edit
            if tmp_dir is None:
                raise ValueError("give users (a users file) or tmp_dir (for a copy of users.json)")
            users = Path(tmp_dir) / "oidc-users.json"
            shutil.copyfile(USERS, users)
        self.users_path = Path(users)
        self.issuer = ""
        self.process = None
        self.lines: list[str] = []

    def start(self) -> "TestProvider":
        require_provider()
        command = [shutil.which("node"), str(SCRIPT), "--port", "0"]
        command += ["--clients", json.dumps(self.clients), "--users", str(self.users_path)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        if not ready.wait(STARTUP_TIMEOUT) or not self.issuer:
            self.stop()
            raise RuntimeError(
                f"the test OpenID Provider did not start within {STARTUP_TIMEOUT} s:\n"
                + "".join(self.lines)
            )
        return self

    def _read(self, ready: threading.Event) -> None:
        for line in self.process.stdout:  # keeps the pipe drained while the OP runs
            self.lines.append(line)
            if line.startswith("READY "):
                self.issuer = line.split()[1]
                ready.set()
        ready.set()  # the process ended before (or after) READY

    def url(self, path: str = "") -> str:
        return self.issuer + path

    def output(self) -> str:
        """What node printed (errors of the OP show up here)."""
        return "".join(self.lines)

    def users(self) -> dict:
        return json.loads(self.users_path.read_text())

    def edit_user(self, login: str, **claims) -> None:
        """Change (or add) a user's claims (None removes one); the next login sees them."""
        users = self.users()
        user = users.setdefault(login, {})
        for name, value in claims.items():
            if value is None:
                user.pop(name, None)
            else:
                user[name] = value
        self.users_path.write_text(json.dumps(users, indent=2))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def __enter__(self) -> "TestProvider":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class LoginAsked(AssertionError):
    """The OP showed its login page although the test gave no login (it expected single sign-on)."""


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
PROMPT = re.compile(r"<!-- prompt=(.*?) -->", re.S)


def login_at_provider(session, url, login, acr, stop_at, prompts=None) -> str:
    """Follow the OP's redirects from `url`, log in on its page as `login` at level `acr`, and
    return the first URL that starts with `stop_at` (the RP's callback), without fetching it.

    login=None: the OP must not ask (single sign-on), else LoginAsked. `prompts`, a list, collects
    why the OP asked each time (e.g. 'login ["acr_values"]'), to tell a step-up from a first login.
    """
    for _ in range(20):
        if url.startswith(stop_at):
            return url
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["location"])
            continue
        action = FORM_ACTION.search(response.text)
        if response.status_code != 200 or "/interaction/" not in url or not action:
            raise RuntimeError(f"the OP answered {response.status_code} at {url}:\n{response.text}")
        asked = PROMPT.search(response.text).group(1).replace("&#34;", '"')
        if login is None:
            raise LoginAsked(f"the OP asks for a login ({asked}) at {url}")
        if prompts is not None:
            prompts.append(asked)
        form = {"login": login, "acr": acr}
        response = session.post(urljoin(url, action.group(1)), data=form, allow_redirects=False)
        if not response.is_redirect:
            raise RuntimeError(f"the OP refused the login {response.status_code}:\n{response.text}")
        url = urljoin(url, response.headers["location"])
    raise RuntimeError(f"more than 20 redirects, last at {url}")


def confirm_logout(session, url) -> str:
    """Open the OP's end_session URL, confirm its logout page, return where the OP sends the
    browser (the RP's post_logout_redirect_uri with state, or the OP's own success page)."""
    response = session.get(url, allow_redirects=False, timeout=10)
    if response.is_redirect:
        return urljoin(url, response.headers["location"])
    action = FORM_ACTION.search(response.text)
    if response.status_code != 200 or not action:
        raise RuntimeError(f"no logout page at {url} ({response.status_code}):\n{response.text}")
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.text))
    form["logout"] = "yes"
    response = session.post(urljoin(url, action.group(1)), data=form, allow_redirects=False)
    if not response.is_redirect:
        raise RuntimeError(f"the OP did not log out ({response.status_code}):\n{response.text}")
    return urljoin(url, response.headers["location"])
