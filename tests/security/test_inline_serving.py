"""Security model (8) and issue 13, section 5: active content is never served inline.

A tenant editor uploads Files and Images over REST, named and typed as they like. Over HTTP
against a real server, a visitor then opens them the ways the site offers: ``@@display-file``
(meant to show a file in the browser), ``@@download``, ``@@images`` (an image and its scales),
the download URLs of the REST answer and the default views. A file is shown inline only when it
claims an allowed type (PNG, JPEG, GIF, WebP, PDF) and its content is of that type; HTML claiming
to be text or PNG, SVG and HTML come as an attachment, never sniffed, in a sandbox.
"""

import base64
import io

import pytest
import requests
import transaction
from PIL import Image

from tests.helpers import PASSWORD
from tests.helpers import build_world

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML = b"<!DOCTYPE html><html><body><h1>Hallo</h1>" + SCRIPT + b"</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def picture(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, kind)
    return out.getvalue()


# id -> (portal type, claimed type, content): what the editor uploads
HARMFUL = {
    "text.txt": ("File", "text/plain", HTML),
    "bild.png": ("File", "image/png", HTML),
    "zeichnung.svg": ("File", "image/svg+xml", SVG),
    "seite.html": ("File", "text/html", HTML),
    "foto.png": ("Image", "image/png", HTML),
    "logo.svg": ("Image", "image/svg+xml", SVG),
}
HARMLESS = {
    "plan.pdf": ("File", "application/pdf", PDF),
    "karte.png": ("File", "image/png", picture("PNG")),
    "strasse.jpg": ("Image", "image/jpeg", picture("JPEG")),
    "turm.gif": ("Image", "image/gif", picture("GIF")),
    "brunnen.webp": ("Image", "image/webp", picture("WEBP")),
}
FIELD = {"File": "file", "Image": "image"}


def upload(http: requests.Session, folder: str, name: str, portal_type, claimed, data) -> str:
    """The editor's upload over REST (Basic auth), as a program or a browser would send it."""
    payload = {
        "@type": portal_type,
        "id": name,
        "title": name,
        FIELD[portal_type]: {
            "data": base64.b64encode(data).decode(),
            "encoding": "base64",
            "filename": name,
            "content-type": claimed,
        },
    }
    answer = http.post(folder, json=payload, headers={"Accept": "application/json"})
    assert answer.status_code == 201, answer.text[:500]
    return answer.json()["@id"]


def inline(response: requests.Response) -> bool:
    disposition = response.headers.get("Content-Disposition", "")
    return response.status_code == 200 and not disposition.startswith("attachment")


def attachment(response: requests.Response, data: bytes) -> bool:
    """Served as a download: the bytes unchanged, never run on our origin."""
    return (
        response.status_code == 200
        and response.headers.get("Content-Disposition", "").startswith("attachment")
        and response.headers.get("X-Content-Type-Options") == "nosniff"
        and response.headers.get("Content-Security-Policy") == "sandbox"
        and response.content == data
    )


@pytest.fixture
def uploaded(acceptance):
    """Every file above, uploaded by Liestal's editor; {id: URL}."""
    build_world(acceptance["portal"])
    transaction.commit()
    base = f"http://localhost:{acceptance['port']}/plone"
    editor = requests.Session()
    editor.auth = ("liestal-editor", PASSWORD)
    urls = {
        name: upload(editor, f"{base}/liestal", name, *spec)
        for name, spec in {**HARMFUL, **HARMLESS}.items()
    }
    editor.close()
    visitor = requests.Session()
    yield urls, visitor
    visitor.close()


class TestActiveContentIsNeverInline:
    """One class: the server is started once."""

    def test_display_file_shows_checked_images_and_pdf_inline_only(self, uploaded):
        urls, visitor = uploaded
        for name, (portal_type, claimed, data) in HARMLESS.items():
            shown = visitor.get(f"{urls[name]}/@@display-file/{FIELD[portal_type]}")
            assert inline(shown), name
            assert shown.content == data
            assert shown.headers["Content-Type"].startswith(claimed)
        for name, (portal_type, claimed, data) in HARMFUL.items():
            shown = visitor.get(f"{urls[name]}/@@display-file/{FIELD[portal_type]}")
            assert attachment(shown, data), (name, shown.headers)
            if claimed == "text/html":  # sent as plain bytes, not as a page
                assert shown.headers["Content-Type"] == "application/octet-stream"

    def test_download_is_always_an_attachment(self, uploaded):
        urls, visitor = uploaded
        for name, (portal_type, _claimed, data) in {**HARMFUL, **HARMLESS}.items():
            download = visitor.get(f"{urls[name]}/@@download/{FIELD[portal_type]}")
            assert download.status_code == 200
            assert download.headers["Content-Disposition"].startswith("attachment"), name
            assert download.content == data
        harmful = visitor.get(f"{urls['bild.png']}/@@download/file")
        assert attachment(harmful, HTML)

    def test_images_and_their_scales(self, uploaded):
        urls, visitor = uploaded
        for name in ("strasse.jpg", "turm.gif", "brunnen.webp"):
            original = visitor.get(f"{urls[name]}/@@images/image")
            assert inline(original), name
            assert original.content == HARMLESS[name][2]
            thumb = visitor.get(f"{urls[name]}/@@images/image/thumb")
            assert inline(thumb), name
            assert thumb.headers["Content-Type"].startswith("image/")
        for name in ("foto.png", "logo.svg"):
            original = visitor.get(f"{urls[name]}/@@images/image")
            assert attachment(original, HARMFUL[name][2]), (name, original.headers)

    def test_download_urls_of_the_rest_answer(self, uploaded):
        urls, visitor = uploaded
        json = {"Accept": "application/json"}
        for name, harmful in (("bild.png", True), ("zeichnung.svg", True), ("plan.pdf", False)):
            link = visitor.get(urls[name], headers=json).json()["file"]["download"]
            download = visitor.get(link)
            assert download.status_code == 200
            assert download.headers["Content-Disposition"].startswith("attachment")
            assert download.content == (HARMFUL if harmful else HARMLESS)[name][2]
        image = visitor.get(urls["foto.png"], headers=json).json()["image"]
        assert attachment(visitor.get(image["download"]), HTML)
        image = visitor.get(urls["strasse.jpg"], headers=json).json()["image"]
        assert inline(visitor.get(image["download"]))
        preview = visitor.get(image["scales"]["preview"]["download"])
        assert inline(preview)
        assert preview.headers["Content-Type"] == "image/jpeg"

    def test_the_address_of_a_file_or_image_and_its_view_page(self, uploaded):
        """A File's or Image's own address serves the file (as ``@@display-file``), its
        ``/view`` is the site's page about it."""
        urls, visitor = uploaded
        for name, (_portal_type, _claimed, data) in HARMFUL.items():
            assert attachment(visitor.get(urls[name]), data), name
            page = visitor.get(f"{urls[name]}/view")
            assert page.status_code == 200
            assert page.headers["Content-Type"].startswith("text/html")
            assert SCRIPT.decode() not in page.text
            assert "@@download/" in page.text  # the way to the file is offered
        for name in ("plan.pdf", "karte.png", "strasse.jpg"):
            shown = visitor.get(urls[name])
            assert inline(shown), name
            assert shown.content == HARMLESS[name][2]
