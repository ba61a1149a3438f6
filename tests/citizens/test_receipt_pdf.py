"""The PDF receipt: whose it is (municipality, office, addresses), the reference, the status link
and its QR code; tagged and accessible, in the request's language."""

import io
from decimal import Decimal

import pytest
import segno
import transaction
from plone import api
from pypdf import PdfReader

from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import browser_for

VALUES = {"name": "Hélène Müller", "email": "helene@example.ch", "dog": "Bello à Liestal"}


def status_url(token):
    return f"{api.portal.get().absolute_url()}/@@anliegen/{token}"


@pytest.fixture
def receipt(form, functional):
    """Download the receipt of a new request sent in ``language``: (PdfReader, delivery)."""

    def download(language="de", **submission_attributes):
        with api.env.adopt_roles(["Manager"]):
            tenant = form.aq_parent
            tenant.address = "Rathausstrasse 36\n4410 Liestal"
            tenant["einwohnerdienste"].address = "Einwohnerdienste, Rheinstrasse 2\n4410 Liestal"
        delivery = deliver(form, dict(VALUES), functional["request"])
        delivery.submission.language = language
        for name, value in submission_attributes.items():
            setattr(delivery.submission, name, value)
        transaction.commit()
        browser = browser_for(functional["app"])
        browser.open(status_url(delivery.token) + "/receipt.pdf")
        assert browser.headers["Content-Type"] == "application/pdf"
        contents = browser.contents
        data = contents if isinstance(contents, bytes) else contents.encode("latin-1")
        return PdfReader(io.BytesIO(data)), delivery

    return download


def text_of(reader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def struct_elements(reader) -> list:
    """Every structure element of the document, depth first."""
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop(0).get_object()
        kids = node.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                found.append(kid)
                todo.append(kid)
    return found


def qr_matrix(image, size: int) -> list[list[bool]]:
    """The dark modules of a QR code image with a quiet zone of four modules."""
    gray = image.convert("L")
    module = gray.width / (size + 8)
    return [
        [
            gray.getpixel((int((4 + x + 0.5) * module), int((4 + y + 0.5) * module))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_receipt_names_who_what_and_where_to_look(receipt):
    reader, delivery = receipt("de")
    text = text_of(reader)
    link = status_url(delivery.token)
    assert "Liestal" in text and "Rathausstrasse 36 4410 Liestal" in text
    assert "Einwohnerdienste, Rheinstrasse 2 4410 Liestal" in text
    assert delivery.submission.reference in text
    assert link in text
    assert "Eingangsbestätigung" in text and "Referenznummer" in text
    assert "Der Stand Ihres Anliegens" in text
    # the Unicode font prints what the citizen typed
    assert "Hélène Müller" in text and "Bello à Liestal" in text
    assert "Receipt" not in text and "Reference number" not in text


def test_qr_code_leads_to_the_status_page(receipt):
    reader, delivery = receipt("de")
    (image,) = reader.pages[0].images
    expected = segno.make(status_url(delivery.token), error="m", micro=False)
    rows = [[bool(bit) for bit in row] for row in expected.matrix]
    assert qr_matrix(image.image, len(rows)) == rows
    figures = [e for e in struct_elements(reader) if e["/S"] == "/Figure"]
    assert [figure["/Alt"] for figure in figures] == ["QR-Code: Link zum Status"]


@pytest.mark.parametrize(
    "language,lang,words,alt",
    [
        ("de", "de-CH", ["Eingangsbestätigung", "Referenznummer"], "QR-Code: Link zum Status"),
        ("fr", "fr-CH", ["Accusé de réception", "Numéro de référence"], "Code QR : lien vers"),
        ("it", "it-CH", ["Ricevuta", "Numero di riferimento"], "Codice QR: link allo stato"),
    ],
)
def test_receipt_is_tagged_in_the_requests_language(receipt, language, lang, words, alt):
    reader, delivery = receipt(language)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == f"{words[0]} {delivery.submission.reference}"
    assert reader.metadata.author == "Liestal"
    text = text_of(reader)
    assert all(word in text for word in words), text
    kinds = [element["/S"] for element in struct_elements(reader)]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") == 2 and "/P" in kinds
    (figure,) = [e for e in struct_elements(reader) if e["/S"] == "/Figure"]
    assert figure["/Alt"].startswith(alt)
    assert reader.outline[0].title.startswith(words[0]) and len(reader.outline[1]) == 2


def test_receipt_shows_the_paid_amount_once_payments_exist(receipt):
    reader, _ = receipt("de")
    assert "Bezahlter Betrag" not in text_of(reader)
    reader, _ = receipt("fr", paid_amount=Decimal("2500"))
    assert "Montant payé CHF 2'500.00" in text_of(reader)


def test_receipt_of_a_wrong_token_is_not_found(receipt, functional):
    receipt("de")
    browser = browser_for(functional["app"])
    browser.raiseHttpErrors = False
    browser.open(status_url("z" * 32) + "/receipt.pdf")
    assert browser.headers["status"].startswith("404")
    contents = browser.contents
    assert b"%PDF" not in (contents if isinstance(contents, bytes) else contents.encode())
