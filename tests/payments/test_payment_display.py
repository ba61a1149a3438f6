"""Issue 20, the payment as citizens and clerks see it (payments.display, payments.fee_notice).

A request paid online shows the amount and the provider's transaction on the receipt page, in
the receipt's PDF and mail, in the REST status, on the office's request page, as "bezahlt" in
the inbox and in the export's columns "Bezahlt (CHF)" and "Transaktion". Before paying, the
form shows the service's fee rule near the send button (paid online when the municipality has a
merchant account, else invoiced), and the summary of a form in steps the exact amount. A
request without a payment shows none of it.
"""

import csv
import email
import html
import io
import re
from datetime import UTC
from datetime import datetime
from decimal import Decimal

import pytest
import transaction
from plone import api

from digitalgemeinde.payments import accounts
from digitalgemeinde.payments.display import payment_of
from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.delivery import deliver
from digitalgemeinde.upgrades.v20261212001_payment_display import COLUMN
from digitalgemeinde.upgrades.v20261212001_payment_display import add_payment_column
from tests.citizens.test_receipt_pdf import text_of
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.request_forms import VALUES
from tests.submissions.helpers import inbox_url
from tests.submissions.test_steps import STEPS_MODEL
from tests.submissions.test_steps import citizen
from tests.submissions.test_steps import fill
from tests.submissions.test_steps import press

PAYMENT = {
    "amount": 4000,
    "currency": "CHF",
    "provider": "datatrans",
    "transaction_id": "1234567890",
    "refno": "dg-3f9a2c",
    "paid_at": datetime(2026, 12, 7, 13, 3, tzinfo=UTC),  # 14:03 in Switzerland
}
GERMAN_LINE = "CHF 40.00 (Datatrans, Transaktion 1234567890), am 07.12.2026 14:03"
FRENCH_LINE = "CHF 40.00 (Datatrans, transaction 1234567890), le 07.12.2026 14:03"
ACCOUNT = {
    "provider": "datatrans",
    "merchant_id": "1100012345",
    "password": "Pw-3xq9!tT7r",
    "hmac_key": "9f" * 32,
    "api_url": "",
    "pay_url": "",
    "active": True,
}


def plain(browser) -> str:
    """The page's text without markup, its white space collapsed."""
    contents = browser.contents
    if isinstance(contents, bytes):
        contents = contents.decode("utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", contents)).split())
    return text.replace(" .", ".").replace(" :", ":")


def with_payment(submission, **changes):
    """``submission`` paid online (as payments.checkout fills it in), indexed, committed."""
    submission.fill_in(payment={**PAYMENT, **changes})
    submission.reindexObject()
    transaction.commit()
    return submission


@pytest.fixture
def german(functional):
    configure_languages("de")
    transaction.commit()


@pytest.fixture
def paid(form, functional, german):
    """Anna's request, paid online: the delivery (request and token)."""
    delivery = deliver(form, dict(VALUES), functional["request"])
    delivery.submission.language = "de"
    with_payment(delivery.submission)
    return delivery


@pytest.fixture
def unpaid(form, functional, german):
    """Otto's request, delivered without a payment (a service without a fee, or invoiced)."""
    values = {**VALUES, "name": "Otto Alt", "email": "otto@example.ch"}
    delivery = deliver(form, values, functional["request"])
    delivery.submission.language = "de"
    transaction.commit()
    return delivery


def status_page(app, token, language="de", receipt=True):
    browser = browser_for(app)
    browser.addHeader("Accept-Language", language)
    query = "?receipt=1" if receipt else ""
    browser.open(f"{api.portal.get().absolute_url()}/@@anliegen/{token}{query}")
    return browser


def as_clerk(app, url, user="liestal-clerk", language="de"):
    browser = browser_for(app, user)
    browser.addHeader("Accept-Language", language)
    browser.open(url)
    return browser


# --- the citizen: receipt page, PDF, mail, REST ---------------------------------------------


def test_the_receipt_page_shows_the_amount_and_the_transaction(app, paid, unpaid):
    page = status_page(app, paid.token)
    assert f"Bezahlt {GERMAN_LINE}" in plain(page)
    assert 'id="status-payment"' in page.contents
    french = status_page(app, paid.token, "fr", receipt=False)
    assert f"Payé {FRENCH_LINE}" in plain(french)
    # a request without a payment shows none of it
    other = plain(status_page(app, unpaid.token))
    assert "Bezahlt" not in other and "Transaktion" not in other
    assert "status-payment" not in status_page(app, unpaid.token).contents


def test_the_receipt_pdf_has_the_amount_and_the_transaction(app, paid, unpaid):
    from pypdf import PdfReader

    def pdf_text(token, language="de"):
        browser = status_page(app, token, language, receipt=False)
        browser.open(f"{api.portal.get().absolute_url()}/@@anliegen/{token}/receipt.pdf")
        contents = browser.contents
        data = contents if isinstance(contents, bytes) else contents.encode("latin-1")
        return text_of(PdfReader(io.BytesIO(data)))

    text = pdf_text(paid.token)
    assert "Bezahlter Betrag CHF 40.00" in text
    assert "Transaktion 1234567890 (Datatrans), 07.12.2026 14:03" in text
    transaction.begin()
    paid.submission.language = "fr"
    transaction.commit()
    assert "Transaction 1234567890 (Datatrans), 07.12.2026 14:03" in pdf_text(paid.token, "fr")
    unpaid_text = pdf_text(unpaid.token)
    assert "Bezahlter Betrag" not in unpaid_text and "Transaktion" not in unpaid_text


def receipt_mail(functional, delivery) -> str:
    """The receipt mail of ``delivery`` queued now, its decoded text."""
    mailhost = functional["portal"].MailHost
    before = len(mailhost.messages)
    assert mail.queue_receipt(delivery)
    (raw,) = mailhost.messages[before:]
    message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
    return message.get_payload(decode=True).decode()


def test_the_receipt_mail_names_the_amount_and_the_transaction(functional, paid, unpaid):
    transaction.begin()
    assert f"Bezahlt: {GERMAN_LINE}" in receipt_mail(functional, paid)
    paid.submission.language = "fr"
    assert f"Payé: {FRENCH_LINE}" in receipt_mail(functional, paid)
    text = receipt_mail(functional, unpaid)
    assert "Bezahlt" not in text and "Transaktion" not in text


def test_the_status_endpoint_shows_the_payment(app, paid, unpaid):
    client = RestClient(app)
    portal_url = api.portal.get().absolute_url()
    status, body = client.get(f"{portal_url}/@submission-status/{paid.token}")
    assert status == 200, body
    payment = body["payment"]
    assert payment.pop("paid_at").startswith("2026-12-07T13:03")
    assert payment == {
        "amount": 4000,
        "currency": "CHF",
        "provider": "datatrans",
        "provider_title": "Datatrans",
        "transaction_id": "1234567890",
    }
    assert "refno" not in body["payment"]  # our reference stays ours
    status, body = client.get(f"{portal_url}/@submission-status/{unpaid.token}")
    assert status == 200 and body["payment"] is None
    status, body = client.get(f"{portal_url}/@submission-status/not-a-token")
    assert status == 404 and "payment" not in body


# --- the office: request page, inbox, export ------------------------------------------------


def test_the_request_page_shows_the_payment_to_the_office(app, paid, unpaid, allschwil_clerk):
    page = as_clerk(app, paid.submission.absolute_url())
    assert f"Bezahlt {GERMAN_LINE}" in plain(page)
    french = as_clerk(app, paid.submission.absolute_url(), language="fr")
    assert f"Payé {FRENCH_LINE}" in plain(french)
    other = as_clerk(app, unpaid.submission.absolute_url())
    assert "submission-payment" not in other.contents
    # a clerk of another municipality sees neither the request nor its payment
    refused = as_clerk(app, paid.submission.absolute_url(), user="allschwil-clerk")
    assert "1234567890" not in refused.contents


def test_the_inbox_says_bezahlt_for_paid_requests_only(app, world, paid, unpaid):
    page = as_clerk(app, inbox_url(world["liestal-office"]))
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page.contents, re.S)
    paid_row = [row for row in rows if paid.submission.reference in row]
    unpaid_row = [row for row in rows if unpaid.submission.reference in row]
    assert len(paid_row) == 1 and len(unpaid_row) == 1
    assert re.search(r'class="badge [^"]*inbox-paid"[^>]*>\s*bezahlt\s*<', paid_row[0])
    assert "inbox-paid" not in unpaid_row[0]
    french = as_clerk(app, inbox_url(world["liestal-office"]), language="fr")
    assert re.search(r"inbox-paid\"[^>]*>\s*payé\s*<", french.contents)
    # the tenant's inbox (all offices) says so too
    admin = as_clerk(app, inbox_url(world["liestal"]), user="liestal-admin")
    assert admin.contents.count('inbox-paid"') == 1


def export_rows(app, world, language="de"):
    url = f"{world['liestal-office'].absolute_url()}/@@inbox-export?format=csv"
    browser = as_clerk(app, url, language=language)
    body = browser.contents if isinstance(browser.contents, bytes) else browser.contents.encode()
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    return header, {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_the_export_has_the_amount_paid_and_the_transaction(app, world, paid, unpaid):
    header, rows = export_rows(app, world)
    assert header[-2:] == ["Bezahlt (CHF)", "Transaktion"]
    assert rows[paid.submission.reference]["Bezahlt (CHF)"] == "40.00"
    assert rows[paid.submission.reference]["Transaktion"] == "1234567890"
    assert rows[unpaid.submission.reference]["Bezahlt (CHF)"] == ""
    assert rows[unpaid.submission.reference]["Transaktion"] == ""
    header, _rows = export_rows(app, world, "fr")
    assert header[-2:] == ["Payé (CHF)", "Transaction"]


def test_the_exports_payment_cells_are_formula_safe(app, world, paid):
    transaction.begin()
    with_payment(paid.submission, transaction_id="=HYPERLINK(1)", amount=250_000)
    _header, rows = export_rows(app, world)
    row = rows[paid.submission.reference]
    assert row["Transaktion"] == "'=HYPERLINK(1)"
    assert row["Bezahlt (CHF)"] == "2500.00"  # a number a spreadsheet reads, no separator


# --- the catalog's column on existing sites -------------------------------------------------


def test_the_upgrade_adds_the_inbox_column_and_old_requests_stay_unpaid(app, world, unpaid):
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delColumn(COLUMN)  # a site set up before this version
    transaction.commit()
    add_payment_column(None)
    add_payment_column(None)  # twice: no harm
    transaction.commit()
    assert COLUMN in catalog.schema()
    (brain,) = catalog.unrestrictedSearchResults(UID=unpaid.submission.UID())
    assert not brain.payment_amount  # Missing.Value or None: not paid
    page = as_clerk(app, inbox_url(world["liestal-office"]))
    assert page.headers["status"].startswith("200") and "inbox-paid" not in page.contents


# --- before paying: the form and the summary ------------------------------------------------


def per_copy(world):
    """The service asks CHF 20.00 per copy (the form's field ``anzahl``)."""
    service = world["liestal-service"]
    service.fee_kind, service.fee_amount = PER_UNIT, Decimal("20.00")
    service.fee_field, service.fee_unit = "anzahl", "Exemplar"


@pytest.fixture
def copies_form(form, world, german):
    """The form with a count of copies (a step form's fields, shown on one page)."""
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = STEPS_MODEL
    per_copy(world)
    transaction.commit()
    return form


def open_as_citizen(app, form, language="de"):
    browser = browser_for(app)
    browser.addHeader("Accept-Language", language)
    browser.open(form.absolute_url())
    return browser


def test_the_form_shows_the_fee_and_that_it_is_paid_online(app, world, copies_form):
    accounts.save(world["liestal"], ACCOUNT, "liestal-admin")
    transaction.commit()
    page = open_as_citizen(app, copies_form)
    assert "Gebühr: CHF 20.00 pro Exemplar. Sie bezahlen online nach dem Absenden." in plain(page)
    # near the send button: after the fields, before the button
    contents = page.contents
    assert contents.index('id="fee-notice"') < contents.index('name="form.buttons.submit"')
    french = open_as_citizen(app, copies_form, "fr")
    assert "Émolument: CHF 20.00 par Exemplar. Vous payez en ligne après l'envoi." in plain(french)


def test_without_a_merchant_account_the_fee_is_invoiced(app, world, copies_form):
    page = plain(open_as_citizen(app, copies_form))
    assert "Gebühr: CHF 20.00 pro Exemplar. Die Gebühr wird Ihnen in Rechnung gestellt." in page
    assert "online" not in page
    # an inactive account is no account
    accounts.save(world["liestal"], {**ACCOUNT, "active": False}, "liestal-admin")
    transaction.commit()
    assert "Die Gebühr wird Ihnen in Rechnung gestellt." in plain(open_as_citizen(app, copies_form))
    french = plain(open_as_citizen(app, copies_form, "fr"))
    assert "Émolument: CHF 20.00 par Exemplar. L'émolument vous sera facturé." in french


def test_a_form_without_a_fee_shows_none(app, form, german):
    page = open_as_citizen(app, form)
    assert 'id="fee-notice"' not in page.contents and "Gebühr" not in plain(page)


@pytest.fixture
def stepped_copies(copies_form, world):
    with api.env.adopt_roles(["Manager"]):
        copies_form.as_steps = True
    accounts.save(world["liestal"], ACCOUNT, "liestal-admin")
    transaction.commit()
    return copies_form


def to_summary(app, form, copies: str, language="de"):
    browser = citizen(app, form)
    if language != "de":
        browser.addHeader("Accept-Language", language)
    fill(browser, name="Anna Muster", email="anna@example.ch")
    press(browser, "next")
    assert 'id="fee-notice"' not in browser.contents  # a step sends nothing: no fee here
    fill(browser, dog="Bello", anzahl=copies)
    press(browser, "next")
    press(browser, "next")
    assert browser.url.endswith("?step=summary")
    return browser


def test_the_summary_shows_the_exact_amount_before_sending(app, stepped_copies):
    page = to_summary(app, stepped_copies, "2")
    text = plain(page)
    assert "Zu bezahlen: CHF 40.00. Sie bezahlen online nach dem Absenden." in text
    contents = page.contents
    assert contents.index('id="fee-notice"') < contents.index('name="form.buttons.submit"')
    french = plain(to_summary(app, stepped_copies, "3", "fr"))
    assert "Montant à payer: CHF 60.00. Vous payez en ligne après l'envoi." in french


def test_the_summary_says_why_no_amount_follows(app, stepped_copies):
    # "Anzahl" is optional in this form: without it no fee can be counted
    text = plain(to_summary(app, stepped_copies, ""))
    assert "Zu bezahlen: Geben Sie die Zahl an, nach der die Gebühr berechnet wird." in text
    assert "CHF" not in text.split("Zu bezahlen:")[1][:60]
    assert "Sie bezahlen online" not in text


def test_payment_of_reads_the_requests_payment(paid, unpaid):
    transaction.begin()
    facts = payment_of(paid.submission)
    assert (facts.amount_text, facts.provider_title, facts.paid_at_text) == (
        "CHF 40.00",
        "Datatrans",
        "07.12.2026 14:03",
    )
    assert payment_of(unpaid.submission) is None
