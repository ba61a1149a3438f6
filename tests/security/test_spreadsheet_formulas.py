"""Security model (6): no cell of the CSV or Excel export starts with ``= + - @``, a tab or a
carriage return, whoever wrote it: the citizen (values sent over ``@submit``, a file's name),
the editor (service and office titles, the form's field labels); over HTTP.

Also proven in-process: ``neutralise`` and the citizen's values in both formats
(tests/submissions/test_export.py)."""

import csv
import io

import pytest
import transaction
from openpyxl import load_workbook
from plone import api

from tests.request_forms import FIELDS_MODEL
from tests.security.helpers import Client
from tests.security.helpers import file_value
from tests.security.helpers import serve_world
from tests.security.helpers import submit

STARTS = ("=", "+", "-", "@", "\t", "\r")
SERVICE = '=HYPERLINK("http://evil.example","Dienst")'
OFFICE = "@Amt"
LABEL = "-Bemerkungen"
REMARKS = f"""<field name="remarks" type="zope.schema.Text"><title>{LABEL}</title>
      <required>False</required></field>
  </schema>"""
# A line of text loses its outer blanks on the way in; a text keeps a leading tab or CR.
SENT = [
    {"name": "=1+1", "dog": "+41 61 000 00 00", "remarks": "\r=cmd|'/c calc'!A0"},
    {"name": "@SUM(A1)", "dog": "-2+3", "remarks": "\t=2+2"},
]


@pytest.fixture
def served(acceptance):
    """Two requests with formulas in every value; formulas in the titles and a label."""
    world = serve_world(acceptance)
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].title = SERVICE
        world["liestal-office"].title = OFFICE
        world["form"].fields_model = FIELDS_MODEL.replace("  </schema>", REMARKS)
    transaction.commit()
    references = [
        submit(acceptance, **values, document=file_value(filename="=datei.pdf"))["reference"]
        for values in SENT
    ]
    return {"world": world, "references": references}


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def xlsx_rows(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


def exports(acceptance):
    """Every export: office and tenant, CSV and Excel, as the clerk and the tenant's admin."""
    clerk, admin = Client(acceptance, "liestal-clerk"), Client(acceptance, "liestal-admin")
    for client, path in ((clerk, "liestal/einwohnerdienste"), (admin, "liestal")):
        for format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
            response = client.get(f"{path}/@@inbox-export?format={format}")
            assert response.status_code == 200, (path, format, response.status_code)
            yield f"{path} {format}", read(response)


class TestSpreadsheetFormulas:
    def test_no_cell_starts_a_formula(self, acceptance, served):
        for export, rows in exports(acceptance):
            assert len(rows) == 3, export
            for row in rows:
                for cell in row:
                    assert not cell.startswith(STARTS), (export, cell)

    def test_every_value_is_kept_behind_a_quote(self, acceptance, served):
        for export, rows in exports(acceptance):
            header, *records = rows
            assert f"'{LABEL}" in header, export
            by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in records}
            for reference, values in zip(served["references"], SENT, strict=True):
                record = by_reference[reference]
                assert record["Service"] == f"'{SERVICE}", export
                assert record["Name"] == f"'{values['name']}", export
                assert record["Name des Hundes"] == f"'{values['dog']}", export
                assert record[f"'{LABEL}"] == f"'{values['remarks']}", export
                assert record["Impfausweis"].startswith("'=datei.pdf"), export
                if export.startswith("liestal "):  # the tenant's export names the office
                    assert record["Office"] == f"'{OFFICE}", export
