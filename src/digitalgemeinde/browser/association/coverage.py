"""The coverage dashboard (municipalities × released standard services) and its CSV."""

import csv
import io

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.amounts import format_chf
from digitalgemeinde.association.coverage_table import coverage_rows
from digitalgemeinde.association.figures import coverage
from digitalgemeinde.browser.export import neutralise


class CoverageView(BrowserView):
    index = ViewPageTemplateFile("../templates/coverage.pt")

    def __call__(self):
        self.matrix = coverage(self.context)
        return self.index()

    def chf(self, amount) -> str:
        return format_chf(amount) if amount is not None else "–"

    def number(self, value) -> str:
        return f"{value:,}".replace(",", "'")


class CoverageCSV(BrowserView):
    def __call__(self):
        rows = coverage_rows(coverage(self.context), self.request.get("LANGUAGE", "de"))
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";")
        for row in rows:
            writer.writerow([neutralise(cell) for cell in row])
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", 'attachment; filename="abdeckung.csv"')
        return "\ufeff" + output.getvalue()
