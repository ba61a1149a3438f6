"""Figures 8a and 8b (issue 19): a citizen walks a form in 4 steps with a repeating group of 4
persons, against the same fields sent in one POST of the one-page form.

One request of 8a is the whole walk (bench/load.py's ``load`` times it as one): each step's
POST ("Weiter", 303) and the GET of the step it leads to, the summary, "Absenden" (303) and the
page it leads to. Each walk is a new citizen: its own draft cookie. 8b times only the last
part of the same walk: "Absenden" and the page after it, what the citizen waits for on
sending. The baseline of both: the same values in one POST of the one-page form (a 303) and
the page it leads to. A step answered otherwise than with a 303 to the next step (a refusal, a
step not reached) fails the measurement, as an unexpected status does elsewhere.
"""

from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from bench.load import Client
from bench.load import authenticator
from bench.load import multipart
from bench.load import varied

WRONG_STEP = 598  # a 303 to another step than the next: the walk went wrong


class WalkClient(Client):
    """A keep-alive connection that walks a form's steps with its own cookies per walk."""

    def send(self, method: str, path: str, body, cookies: dict) -> tuple[int, str, float]:
        """(status, the Location's path and query, seconds)."""
        content, content_type = body if body else (None, None)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        response, elapsed = self.exchange(method, path, content, headers)
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            cookies[name.strip()] = value.strip()
        location = urlsplit(response.getheader("Location", ""))
        target = location.path + (f"?{location.query}" if location.query else "")
        return response.status, target, elapsed

    def request(self, call: "Walk", n: int) -> tuple[int, float]:
        cookies: dict = {}
        values = varied(call.values, n)
        if not call.steps:  # the one-page form: every value in one POST
            return self.finish(f"{self.prefix}{call.path}", call.step_body(values, "submit"))
        path, walked = f"{self.prefix}{call.path}?step=1", 0.0
        for number, names in enumerate(call.steps, start=1):
            own = {k: v for k, v in values.items() if k.split(".")[0].split("-")[0] in names}
            status, path, took = self.send("POST", path, call.step_body(own, "next"), cookies)
            walked += took
            following = "summary" if number == len(call.steps) else str(number + 1)
            if status != 303:
                return status, walked
            if not path.endswith(f"?step={following}"):
                return WRONG_STEP, walked
            status, _, took = self.send("GET", path, None, cookies)
            walked += took
            if status != 200:
                return status, walked
        status, sent = self.finish(path, call.step_body({}, "submit"), cookies)
        return status, (sent if call.send_only else walked + sent)

    def finish(self, path: str, body, cookies=None) -> tuple[int, float]:
        """ "Absenden" (a 303) and the page it leads to."""
        cookies = {} if cookies is None else cookies
        status, path, sent = self.send("POST", path, body, cookies)
        if status != 303:
            return status, sent
        status, _, took = self.send("GET", path, None, cookies)
        return status, sent + took


@dataclass
class Walk:
    """A walk through a form's steps, for bench/load.py's ``load`` (it makes a WalkClient)."""

    name: str
    path: str  # the form
    steps: list  # the field names of each step
    values: dict  # the browser's values of every step (without "form.widgets.")
    token: str = ""
    send_only: bool = False
    expect: tuple = (200,)
    client: type = WalkClient
    headers: dict = field(default_factory=dict)

    def step_body(self, own: dict, button: str):
        fields = {f"form.widgets.{k}": v for k, v in own.items()}
        fields[f"form.buttons.{button}"] = "Weiter"
        if self.token:
            fields["_authenticator"] = self.token
        return multipart(fields)


WALK_TITLE = "8a. Form in 4 steps with a group of 4 entries, the whole walk vs one page"
SEND_TITLE = "8b. Form in 4 steps with a group of 4 entries, sending vs one page"


def steps_pairs(big: dict, base: str) -> list[tuple]:
    """Measurements 8a and 8b (none for data generated before them)."""
    if "steps_form" not in big:
        return []
    values = big["steps_form_values"]
    one_page_token = authenticator(base, big["one_page_form"])
    one_page = Walk("One-page form", big["one_page_form"], [], values, one_page_token)
    token = authenticator(base, big["steps_form"])

    def walk(name: str, send_only: bool) -> Walk:
        return Walk(name, big["steps_form"], big["steps_form_steps"], values, token, send_only)

    return [
        (WALK_TITLE, walk("4 steps + summary + send", False), one_page, 1.5),
        (SEND_TITLE, walk("Send from the summary", True), one_page, 1.5),
    ]
