"""Issue 13, section 5: every response says ``X-Content-Type-Options: nosniff``.

Over HTTP against a real server: pages, REST answers, static resources, error pages (HTML and
JSON), redirects, refusals and downloads. Each answer is also the one the route should give (the
page, the JSON, the file): the header is added, nothing else changes.
"""

import re

import pytest
import requests
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from tests.helpers import PASSWORD
from tests.helpers import build_world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def nosniff(response: requests.Response) -> bool:
    return response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.fixture
def site(acceptance):
    portal = acceptance["portal"]
    world = build_world(portal, commit=False)
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            world["liestal"],
            "File",
            id="merkblatt.pdf",
            title="Merkblatt",
            file=NamedBlobFile(PDF, contentType="application/pdf", filename="merkblatt.pdf"),
        )
    transaction.commit()
    session = requests.Session()
    yield {"url": f"http://localhost:{acceptance['port']}/plone", "http": session}
    session.close()


class TestNosniffEverywhere:
    """One class: the server is started once."""

    def test_pages_and_resources(self, site):
        http, url = site["http"], site["url"]
        page = http.get(f"{url}/liestal")
        assert page.status_code == 200
        assert "Liestal" in page.text
        assert nosniff(page)
        stylesheet = re.search(r'href="([^"]+\.css[^"]*)"', page.text)
        resource = http.get(stylesheet.group(1))
        assert resource.status_code == 200
        assert "css" in resource.headers["Content-Type"]
        assert nosniff(resource)

    def test_rest_answers(self, site):
        http, url = site["http"], site["url"]
        answer = http.get(f"{url}/liestal", headers={"Accept": "application/json"})
        assert answer.status_code == 200
        assert answer.json()["title"] == "Liestal"
        assert nosniff(answer)
        login = http.post(
            f"{url}/@login",
            json={"login": "liestal-editor", "password": PASSWORD},
            headers={"Accept": "application/json"},
        )
        assert login.status_code == 200
        assert login.json()["token"]
        assert nosniff(login)

    def test_errors_and_refusals(self, site):
        http, url = site["http"], site["url"]
        missing = http.get(f"{url}/gibt-es-nicht")
        assert missing.status_code == 404
        assert nosniff(missing)
        missing_json = http.get(f"{url}/gibt-es-nicht", headers={"Accept": "application/json"})
        assert missing_json.status_code == 404
        assert missing_json.json()["type"] == "NotFound"
        assert nosniff(missing_json)
        refused = http.get(f"{url}/@controlpanels", headers={"Accept": "application/json"})
        assert refused.status_code == 401
        assert nosniff(refused)
        wrong = http.post(
            f"{url}/@login",
            json={"login": "liestal-editor", "password": "falsch"},
            headers={"Accept": "application/json"},
        )
        assert wrong.status_code == 401
        assert nosniff(wrong)

    def test_redirects(self, site):
        http, url = site["http"], site["url"]
        to_login = http.get(f"{url}/@@overview-controlpanel", allow_redirects=False)
        assert to_login.status_code == 302
        assert "login" in to_login.headers["Location"]
        assert nosniff(to_login)

    def test_downloads(self, site):
        http, url = site["http"], site["url"]
        download = http.get(f"{url}/liestal/merkblatt.pdf/@@download/file")
        assert download.status_code == 200
        assert download.content == PDF
        assert nosniff(download)
        shown = http.get(f"{url}/liestal/merkblatt.pdf/@@display-file/file")
        assert shown.status_code == 200
        assert shown.content == PDF
        assert nosniff(shown)
