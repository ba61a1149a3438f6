"""Security model (1): anonymous users get no request data anywhere, over HTTP against a real
server; the citizen reaches their own request by its token.

Also proven in-process elsewhere: the inbox, its search and the request's pages
(tests/submissions/test_inbox.py, test_submission_page.py), the export (test_export.py), REST
``@inbox`` (tests/services/test_inbox_api.py), the token's 404s (tests/citizens/
test_status_page.py, tests/services/test_status_api.py)."""

import gzip
import json

import pytest
import transaction
from plone import api
from plone.base.interfaces.syndication import IFeedSettings

from tests.security.helpers import PDF
from tests.security.helpers import PERSONAL
from tests.security.helpers import Client
from tests.security.helpers import denied
from tests.security.helpers import file_value
from tests.security.helpers import serve_world
from tests.security.helpers import submit

OFFICE = "liestal/einwohnerdienste"
FULL = "metadata_fields=_all"


@pytest.fixture
def served(acceptance):
    """A request with a file in Liestal's Einwohnerdienste; the office's feed and the site's
    sitemap switched on, so that they are there to be asked."""
    world = serve_world(acceptance)
    answer = submit(acceptance, document=file_value())
    transaction.begin()  # see what the server committed
    with api.env.adopt_roles(["Manager"]):
        IFeedSettings(world["liestal-office"]).enabled = True
        api.portal.set_registry_record("plone.enable_sitemap", True)
    transaction.commit()
    request = f"{OFFICE}/{answer['reference']}"
    return {"world": world, "reference": answer["reference"], "request": request, **answer}


def leaks(response, reference) -> list[str]:
    """The citizen's values and the reference number found in an answer (gzip opened)."""
    content = response.content
    if content.startswith(b"\x1f\x8b"):
        content = gzip.decompress(content)
    text = content.decode("utf-8", "replace")
    found = [value for value in (*PERSONAL, reference) if value in text]
    return found


class TestAnonymousSeesNoRequestData:
    def test_pages_downloads_inboxes_and_exports_are_refused(self, acceptance, served):
        request = served["request"]
        anonymous, clerk = Client(acceptance), Client(acceptance, "liestal-clerk")
        for path in (
            request,
            f"{request}/view",
            f"{request}/@@view",
            f"{request}/@@file/document",
            f"{request}/@@download/document",
            f"{request}/@@display-file/document",
            f"{request}/@@result",
            f"{request}/values",
            f"{OFFICE}/@@inbox",
            "liestal/@@inbox",
            f"{OFFICE}/@@inbox-export?format=csv",
            f"{OFFICE}/@@inbox-export?format=xlsx",
            "liestal/@@inbox-export?format=csv",
            f"{OFFICE}/folder_contents",
        ):
            response = anonymous.get(path)
            assert denied(response), (path, response.status_code)
            assert leaks(response, served["reference"]) == [], path
        # the office's clerk gets the same addresses
        assert clerk.get(f"{request}/@@file/document").content == PDF
        assert "Anna Geheimnis" in clerk.get(request).text
        assert served["reference"] in clerk.get(f"{OFFICE}/@@inbox").text
        export = clerk.get(f"{OFFICE}/@@inbox-export?format=csv")
        assert "Anna Geheimnis" in export.content.decode("utf-8-sig")

    def test_rest_holds_nothing_of_the_request(self, acceptance, served):
        request = served["request"]
        anonymous = Client(acceptance)
        for path in (
            request,
            f"{request}/@history",
            f"{request}/@workflow",
            f"{request}/@sharing",
            f"{request}/@breadcrumbs",
            f"{OFFICE}/@inbox",
            "liestal/@inbox",
        ):
            response = anonymous.rest("GET", path)
            assert response.status_code == 401, (path, response.status_code)
            assert leaks(response, served["reference"]) == [], path
        for path in (
            OFFICE,
            f"{OFFICE}?fullobjects=1&{FULL}",
            "@search?portal_type=Submission",
            f"@search?SearchableText=Geheimnis&{FULL}",
            f"@search?portal_type=Submission&fullobjects=1&{FULL}",
            f"{OFFICE}/@search?path.depth=1&{FULL}",
            "@search?SearchableText=Geheimnis&show_inactive=1",
            "@navigation?expand.navigation.depth=4",
            f"{OFFICE}/@contextnavigation",
            "@vocabularies/plone.app.vocabularies.Catalog?title=Geheimnis",
        ):
            response = anonymous.rest("GET", path)
            assert response.status_code == 200, (path, response.status_code)
            assert leaks(response, served["reference"]) == [], path
        query = {
            "query": [
                {
                    "i": "portal_type",
                    "o": "plone.app.querystring.operation.selection.any",
                    "v": ["Submission"],
                }
            ],
            "metadata_fields": "_all",
            "fullobjects": 1,
        }
        response = anonymous.rest("POST", "@querystring-search", query)
        assert response.status_code == 200
        assert response.json()["items_total"] == 0
        # the same questions from the clerk find the request, and anonymous finds services
        clerk = Client(acceptance, "liestal-clerk")
        found = clerk.rest("GET", f"@search?SearchableText=Geheimnis&{FULL}").json()
        assert [item["reference"] for item in found["items"]] == [served["reference"]]
        services = anonymous.rest("GET", "@search?portal_type=Service").json()
        assert services["items_total"] == 3

    def test_listings_feeds_and_sitemap_hold_nothing(self, acceptance, served):
        anonymous = Client(acceptance)
        for path in (
            "@@search?SearchableText=Geheimnis",
            "@@search?portal_type=Submission",
            "@@ajax-search?SearchableText=Geheimnis",
            "search_rss?SearchableText=Geheimnis",
            f"{OFFICE}/folder_listing",
            f"{OFFICE}/tabular_view",
            f"{OFFICE}/RSS",
            f"{OFFICE}/rss.xml",
            f"{OFFICE}/atom.xml",
            "@@sitemap",
            "sitemap.xml.gz?page=1",
            "@@getVocabulary?name=plone.app.vocabularies.Catalog&query="
            + json.dumps(
                {
                    "criteria": [
                        {
                            "i": "portal_type",
                            "o": "plone.app.querystring.operation.selection.any",
                            "v": ["Submission"],
                        }
                    ]
                }
            ),
        ):
            response = anonymous.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert leaks(response, served["reference"]) == [], path
        assert anonymous.get(f"{OFFICE}/RSS").text.lstrip().startswith("<?xml")
        # the office's feed is there and lists the request to the clerk only
        clerk_feed = Client(acceptance, "liestal-clerk").get(f"{OFFICE}/RSS")
        assert served["reference"] in clerk_feed.text
        sitemap = anonymous.get("sitemap.xml.gz?page=1").content
        assert b"/liestal/hund-anmelden</loc>" in gzip.decompress(sitemap)  # it lists services
        response = anonymous.request("PROPFIND", OFFICE, headers={"Depth": "1"})
        assert denied(response)
        assert leaks(response, served["reference"]) == []

    def test_citizen_reaches_their_own_request_by_its_token(self, acceptance, served):
        anonymous = Client(acceptance)
        page = anonymous.get(served["status_url"])
        assert page.status_code == 200
        assert served["reference"] in page.text
        assert "Bellowitz" in page.text  # the printable summary of what was sent
        assert anonymous.get(f"{served['status_url']}/receipt.pdf").content.startswith(b"%PDF")
        token = served["status_url"].rsplit("/", 1)[1]
        status = anonymous.rest("GET", f"@submission-status/{token}")
        assert status.json()["reference"] == served["reference"]
        wrong = anonymous.get(served["status_url"][:-4] + "aaaa")
        assert wrong.status_code == 404
        assert leaks(wrong, served["reference"]) == []
