"""Helpers of the security tests: a tenant world served by a real WSGI server (the
``acceptance`` fixture), HTTP clients for its users, requests made as a citizen makes them.

Users and their password come from tests.helpers.build_world; tests.request_forms gives the
request form of Liestal (submissions land in its Einwohnerdienste)."""

import base64
import email
import email.policy
import re

import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from tests.helpers import PASSWORD
from tests.helpers import build_world
from tests.helpers import create_user
from tests.request_forms import make_request_form
from tests.submissions.helpers import add_office

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
PDF = b"%PDF-1.4\n% Impfausweis\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What a citizen typed: none of it may reach anyone but the office's staff and the tenant admins.
CITIZEN = {"name": "Anna Geheimnis", "email": "anna.geheimnis@example.ch", "dog": "Bellowitz"}
PERSONAL = tuple(CITIZEN.values())
REFERENCE = re.compile(r"\b\d{4}-\d{4}-\d{6}\b")


def site_url(acceptance) -> str:
    return f"http://{acceptance['host']}:{acceptance['port']}/plone"


class Client:
    """HTTP over loopback to the test server, anonymous or as a user (basic auth).

    Redirects are not followed: a refusal is often a redirect to the login page."""

    def __init__(self, acceptance, user: str | None = None, password: str = PASSWORD):
        self.base = site_url(acceptance)
        self.session = requests.Session()
        if user == "admin":
            self.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        elif user:
            self.session.auth = (user, password)
        self.user = user

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}/{path.lstrip('/')}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def rest(self, method: str, path: str, data=None, **kwargs) -> requests.Response:
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        if data is not None:
            kwargs["json"] = data
        return self.request(method, path, headers=headers, **kwargs)

    def form_token(self, path: str = "@@personal-information") -> str:
        """The user's CSRF token (``_authenticator``), from a page with a form."""
        page = self.get(path).text
        return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def denied(response: requests.Response) -> bool:
    """Refused: 401/403/404, or a redirect to the login or insufficient-privileges page."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302, 303) and any(
        page in location for page in ("require_login", "login", "insufficient-privileges")
    )


def shows_personal_data(response: requests.Response) -> list[str]:
    """The values of the citizen (``CITIZEN``) found in an answer."""
    text = response.content.decode("utf-8", "replace")
    return [value for value in PERSONAL if value in text]


def assert_reads_nothing(client: "Client", pages, rest_paths) -> None:
    """``client`` is refused each of ``pages`` and each REST GET of ``rest_paths`` (401/403),
    and none of the answers shows the citizen's data."""
    for path in pages:
        response = client.get(path)
        assert denied(response), (path, response.status_code)
        assert shows_personal_data(response) == [], path
    for path in rest_paths:
        response = client.rest("GET", path)
        assert response.status_code in (401, 403), (path, response.status_code)
        assert shows_personal_data(response) == [], path


def serve_world(acceptance, *, bau: bool = False, allschwil_clerk: bool = False) -> dict:
    """build_world with Liestal's request form, optionally the office ``bau`` of Liestal (clerk
    ``liestal-bau-clerk``) and Allschwil's clerk ``allschwil-clerk``; committed."""
    world = build_world(acceptance["portal"], commit=False)
    world["form"] = make_request_form(world)
    if bau:
        world["bau"] = add_office(
            world["liestal"], "bauverwaltung", "Bauverwaltung", "liestal-bau-clerk"
        )
    if allschwil_clerk:
        create_user("allschwil-clerk", ["allschwil-einwohnerdienste-staff"])
    transaction.commit()
    return world


def file_value(data: bytes = PDF, filename: str = "impfausweis.pdf") -> dict:
    return {
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
        "filename": filename,
        "content-type": "application/pdf",
    }


def submit(acceptance, form_path: str = "liestal/hund-anmelden-form", **values) -> dict:
    """A request sent anonymously over ``@submit`` as a program sends it; its answer."""
    body = {**CITIZEN, **values}
    response = Client(acceptance).rest("POST", f"{form_path}/@submit", body)
    assert response.status_code == 201, response.text
    return response.json()


def stored(office, reference: str):
    """The Submission ``reference`` in ``office``, as the server committed it."""
    transaction.begin()
    return office[reference]


def state_of(obj) -> str:
    transaction.begin()
    return api.content.get_state(obj)


def mails(acceptance) -> list[email.message.EmailMessage]:
    """The mails the site sent (the test layer's MockMailHost keeps them, committed)."""
    transaction.begin()
    return [
        email.message_from_bytes(
            raw if isinstance(raw, bytes) else raw.encode(), policy=email.policy.default
        )
        for raw in acceptance["portal"].MailHost.messages
    ]


def mail_text(message) -> str:
    return message.get_body(("plain",)).get_content()
