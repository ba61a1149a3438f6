"""``@@inbox-export``: the filtered inbox as CSV or Excel file, with the values of the requests.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and what a
citizen typed must never run in the office's spreadsheet: every cell that starts with one of
these (or with a tab or carriage return) gets a leading ``'`` (see ``neutralise``).
"""

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from Products.Five.browser import BrowserView
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.submissions.delivery import TIMEZONE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import STATE_LABELS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value) -> str:
    """The text of a cell, with a ``'`` in front if a spreadsheet would take it as formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def table(context, brains, request) -> list[list[str]]:
    """Header and one row per request: the fixed columns, then the values by their labels
    (the union of the labels of all exported requests, in the order they first appear)."""

    def tr(message) -> str:
        return translate(message, context=request)

    fixed = [
        tr(_("Reference number")),
        tr(_("State")),
        tr(_("Service")),
        tr(_("Submitted")),
        tr(_("Email of the submitter")),
    ]
    if not IOffice.providedBy(context):
        fixed.append(tr(_("Office")))
    records, labels = [], {}
    for brain in brains:
        submission = brain.getObject()
        values = {}
        for row in labelled_values(submission):
            label = row["label"]
            labels.setdefault(label, None)
            values.setdefault(label, row["text"])
        records.append(
            (
                [
                    submission.reference,
                    tr(STATE_LABELS.get(brain.review_state, brain.review_state)),
                    submission.service_title,
                    local_time(submission.submitted),
                    submission.submitter_email,
                ]
                + ([] if IOffice.providedBy(context) else [submission.__parent__.Title()]),
                values,
            )
        )
    header = fixed + list(labels)
    rows = [header]
    for first, values in records:
        rows.append(first + [values.get(label, "") for label in labels])
    return [[neutralise(cell) for cell in row] for row in rows]


def as_csv(rows) -> bytes:
    # Semicolons and a byte order mark: what Excel in Switzerland opens without asking.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, whatever it looks like: openpyxl takes "=…" as formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class InboxExport(BrowserView):
    """``@@inbox-export?format=csv|xlsx`` with the filters of ``@@inbox``."""

    def __call__(self):
        response = self.request.response
        format = self.request.form.get("format", "csv")
        if not isinstance(format, str) or format not in FORMATS:
            response.setStatus(400)
            response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return translate(_("Choose the format csv or xlsx."), context=self.request)
        services = {service["uid"] for service in service_options(self.context)}
        filters = InboxFilters.from_request(self.request, services)
        brains, _error = search_inbox(self.context, filters)
        rows = table(self.context, brains, self.request)
        if format == "csv":
            body = as_csv(rows)
        else:
            body = as_xlsx(rows, translate(_("Inbox"), context=self.request))
        today = datetime.now(TIMEZONE).date().isoformat()
        filename = f"posteingang-{self.context.getId()}-{today}.{format}"
        response.setHeader("Content-Type", FORMATS[format])
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("Content-Length", str(len(body)))
        response.setHeader("Cache-Control", "private, no-store")
        response.setHeader("X-Content-Type-Options", "nosniff")
        return body
