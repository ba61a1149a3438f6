"""The monthly reconciliation of a tenant's payments and refunds (issue 20).

A month's rows are the ledger's (``ledger.payments_of``: every payment and refund, refunds
negative), each with the reference of the request it delivered where there is one; the totals
per service and overall are sums of the same rows in integer centimes, so they add up and match
the provider's settlement of the month (Swiss time). The export (CSV and XLSX) has one line per
row: text that comes from outside (service titles, references, the provider's ids) is
neutralised as in the inbox's export (a leading ``'`` before ``=``, ``+``, ``-``, ``@``), the
amounts are ours (two decimals; in XLSX a number).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from plone import api

from digitalgemeinde import _
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import ledger
from digitalgemeinde.submissions.export import csv_line
from digitalgemeinde.submissions.export import neutralise

HEADER = (
    _("reconciliation_date", default="Date"),
    _("reconciliation_refno", default="Payment reference"),
    _("reconciliation_request", default="Request"),
    _("reconciliation_service", default="Service"),
    _("reconciliation_amount", default="Amount (CHF)"),
    _("reconciliation_transaction", default="Transaction id"),
    _("reconciliation_refund", default="Refund id"),
    _("reconciliation_state", default="State"),
)
STATE_LABELS = {
    "paid": _("reconciliation_paid", default="paid"),
    ledger.REFUNDED: _("reconciliation_refunded", default="refunded"),
}


def amount_text(centimes: int) -> str:
    """``-20.00``: two decimals, a point, no grouping (what spreadsheets read as a number)."""
    return f"{Decimal(centimes).scaleb(-2):.2f}"


def last_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def month_of(text, today: date) -> tuple[int, int]:
    """The month ``YYYY-MM`` of ``text``; the last month for anything else."""
    try:
        year, month = (int(part) for part in str(text or "").split("-"))
    except ValueError:
        return last_month(today)
    if 2000 <= year <= 9999 and 1 <= month <= 12:
        return year, month
    return last_month(today)


@dataclass
class Totals:
    payments: int = 0  # centimes
    refunds: int = 0  # centimes, negative
    count: int = 0

    @property
    def net(self) -> int:
        return self.payments + self.refunds

    def add(self, amount: int) -> None:
        if amount < 0:
            self.refunds += amount
        else:
            self.payments += amount
        self.count += 1


@dataclass
class Report:
    year: int
    month: int
    rows: list[dict] = field(default_factory=list)
    services: dict[str, Totals] = field(default_factory=dict)  # by service title, sorted
    total: Totals = field(default_factory=Totals)


def request_references(portal, refnos) -> dict[str, str]:
    """refno -> the reference of the request its attempt delivered (where there is one)."""
    catalog = api.portal.get_tool("portal_catalog")
    found = {}
    for refno in refnos:
        attempt = attempts.by_refno(portal, refno)
        uid = attempt.request_uid if attempt is not None else None
        brains = catalog.unrestrictedSearchResults(UID=uid) if uid else ()
        found[refno] = (brains[0].reference or "") if brains else ""
    return found


def month_report(portal, tenant_uid: str, year: int, month: int) -> Report:
    """Every payment and refund of the tenant in the month, with the totals per service."""
    report = Report(year, month)
    rows = list(ledger.payments_of(portal, tenant_uid, year, month))
    references = request_references(portal, {row["refno"] for row in rows})
    for row in rows:
        report.rows.append({**row, "reference": references.get(row["refno"], "")})
        report.services.setdefault(row["service"], Totals()).add(row["amount"])
        report.total.add(row["amount"])
    report.services = dict(sorted(report.services.items(), key=lambda item: item[0].lower()))
    return report


def cells(row: dict, tr: Callable) -> list:
    """A row of the export: text neutralised, the amount as ``Decimal`` (two decimals)."""
    return [
        row["date"].strftime("%d.%m.%Y %H:%M"),
        neutralise(row["refno"]),
        neutralise(row["reference"]),
        neutralise(row["service"]),
        Decimal(row["amount"]).scaleb(-2),
        neutralise(row["transaction_id"]),
        neutralise(row["refund_id"]),
        tr(STATE_LABELS.get(row["state"], row["state"])),
    ]


def csv_bytes(report: Report, tr: Callable) -> bytes:
    """The month as CSV (semicolons, a byte order mark for Excel), amounts like ``-20.00``."""
    lines = ["\ufeff".encode(), csv_line([tr(title) for title in HEADER])]
    for row in report.rows:
        line = cells(row, tr)
        line[4] = amount_text(row["amount"])
        lines.append(csv_line(line))
    return b"".join(lines)


def xlsx_bytes(report: Report, tr: Callable, title: str) -> bytes:
    """The month as an Excel workbook; the amount a number shown with two decimals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([tr(title) for title in HEADER])
    for row in report.rows:
        line = cells(row, tr)
        amount = WriteOnlyCell(sheet, value=line[4])
        amount.number_format = "0.00"
        line[4] = amount
        sheet.append(line)
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()
