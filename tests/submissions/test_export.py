"""The export of the inbox as CSV and Excel file: filtered, with values, no formulas."""

import csv
import io
import re

import pytest
import transaction
from openpyxl import load_workbook
from plone import api

from digitalgemeinde.browser.export import neutralise
from tests.helpers import browser_for
from tests.submissions.helpers import XSS_SCRIPT
from tests.submissions.helpers import add_office
from tests.submissions.helpers import denied
from tests.submissions.helpers import make_submission
from tests.submissions.helpers import move_to

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=cmd|'/c calc'!A0"]


@pytest.fixture
def requests_(form, functional):
    request = functional["request"]
    made = {
        "anna": make_submission(form, request),
        "evil": make_submission(
            form, request, name='=HYPERLINK("http://evil.example","Klick")', dog="-2+3"
        ),
        "markup": make_submission(form, request, name=XSS_SCRIPT, dog="@SUM(A1)"),
    }
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(made["anna"], "accept")
    transaction.commit()
    return made


def export(app, obj, query="format=csv", user="liestal-clerk"):
    browser = browser_for(app, user)
    browser.open(f"{obj.absolute_url()}/@@inbox-export?{query}")
    return browser


def body_bytes(browser) -> bytes:
    body = browser.contents
    return body if isinstance(body, bytes) else body.encode("utf-8")


def csv_rows(browser) -> list[list[str]]:
    text = body_bytes(browser).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(browser) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(body_bytes(browser)))
    sheet = workbook.active
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()], sheet


# The function that keeps formulas from running


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise_prefixes_what_would_run(value):
    assert neutralise(value) == f"'{value}"


@pytest.mark.parametrize("value", ["Anna", "4410 Liestal", "a=b", "", "'=x", "2829-2026-000001"])
def test_neutralise_leaves_other_text(value):
    assert neutralise(value) == value


def test_neutralise_makes_text_of_anything():
    assert neutralise(None) == ""
    assert neutralise(-5) == "'-5"
    assert neutralise(12) == "12"


# CSV


def test_csv_has_the_columns_and_the_values(app, world, requests_):
    browser = export(app, world["liestal-office"])
    assert browser.headers["status"].startswith("200")
    assert browser.headers["Content-Type"].startswith("text/csv")
    disposition = browser.headers["Content-Disposition"]
    assert re.match(
        r'attachment; filename="posteingang-einwohnerdienste-\d{4}-\d{2}-\d{2}\.csv"', disposition
    )
    header, *rows = csv_rows(browser)
    assert header[:5] == [
        "Reference number",
        "State",
        "Service",
        "Submitted",
        "Email of the submitter",
    ]
    assert header[5:] == [
        "Name",
        "E-Mail",
        "Name des Hundes",
        "Identification",
        "Paid (CHF)",  # the fee paid online (issue 20), empty for these requests
        "Transaction",
    ]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    anna = by_reference[requests_["anna"].reference]
    assert anna["Name"] == "Anna Muster"
    assert anna["Name des Hundes"] == "Bello"
    assert anna["State"] == "In progress"
    assert anna["Service"] == "Hund anmelden"
    assert anna["Email of the submitter"] == "anna@example.ch"
    assert re.match(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$", anna["Submitted"])


def test_csv_neutralises_formulas(app, world, requests_):
    header, *rows = csv_rows(export(app, world["liestal-office"]))
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    evil = by_reference[requests_["evil"].reference]
    assert evil["Name"] == '\'=HYPERLINK("http://evil.example","Klick")'
    assert evil["Name des Hundes"] == "'-2+3"
    markup = by_reference[requests_["markup"].reference]
    assert markup["Name des Hundes"] == "'@SUM(A1)"
    assert markup["Name"] == XSS_SCRIPT  # text in a text file, never markup on a page
    for row in [header, *rows]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_follows_the_filters(app, world, requests_):
    header, *rows = csv_rows(export(app, world["liestal-office"], "format=csv&state=in_progress"))
    assert [row[0] for row in rows] == [requests_["anna"].reference]
    header, *rows = csv_rows(export(app, world["liestal-office"], "format=csv&q=Muster"))
    assert [row[0] for row in rows] == [requests_["anna"].reference]


def test_csv_of_an_empty_inbox_has_the_header(app, world, form):
    header, *rows = csv_rows(export(app, world["liestal-office"]))
    assert header[0] == "Reference number"
    assert rows == []


# Excel


def test_xlsx_opens_and_neutralises_formulas(app, world, requests_):
    browser = export(app, world["liestal-office"], "format=xlsx")
    assert browser.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert re.search(
        r'filename="posteingang-einwohnerdienste-\d{4}-\d{2}-\d{2}\.xlsx"',
        browser.headers["Content-Disposition"],
    )
    rows, sheet = xlsx_rows(browser)
    header = rows[0]
    assert header[:2] == ["Reference number", "State"]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    evil = by_reference[requests_["evil"].reference]
    assert evil["Name"] == '\'=HYPERLINK("http://evil.example","Klick")'
    assert evil["Name des Hundes"] == "'-2+3"
    assert by_reference[requests_["markup"].reference]["Name des Hundes"] == "'@SUM(A1)"
    assert by_reference[requests_["anna"].reference]["Name"] == "Anna Muster"
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f", cell.value


def test_xlsx_follows_the_filters(app, world, requests_):
    rows, _sheet = xlsx_rows(export(app, world["liestal-office"], "format=xlsx&state=submitted"))
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [requests_["evil"].reference, requests_["markup"].reference]
    )


def test_unknown_format_is_refused(app, world, requests_):
    browser = export(app, world["liestal-office"], "format=pdf")
    assert browser.headers["status"].startswith("400")
    assert "csv or xlsx" in str(browser.contents)


# Who may export


def test_tenant_admin_exports_all_offices(app, world, form, functional):
    bau = add_office(world["liestal"], "bauverwaltung", "Bauverwaltung", "liestal-bau-clerk")
    make_submission(form, functional["request"])
    move_to(make_submission(form, functional["request"], name="Bau Person"), bau)
    transaction.commit()
    browser = export(app, world["liestal"], user="liestal-admin")
    assert "posteingang-liestal-" in browser.headers["Content-Disposition"]
    header, *rows = csv_rows(browser)
    assert "Office" in header
    offices = sorted(dict(zip(header, row, strict=True))["Office"] for row in rows)
    assert offices == ["Bauverwaltung", "Einwohnerdienste"]
    # each office's clerk exports their own office only
    header, *rows = csv_rows(export(app, bau, user="liestal-bau-clerk"))
    assert [dict(zip(header, row, strict=True))["Name"] for row in rows] == ["Bau Person"]


@pytest.mark.parametrize("user", ["liestal-editor", "allschwil-editor", "liestal-reviewer", None])
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_others_are_refused_the_export(app, world, requests_, user, format):
    for obj in (world["liestal-office"], world["liestal"]):
        browser = export(app, obj, f"format={format}", user=user)
        assert denied(browser)
        assert b"Anna Muster" not in body_bytes(browser)


def test_clerk_is_refused_the_export_of_the_tenant(app, world, requests_):
    browser = export(app, world["liestal"])
    assert denied(browser)
