"""The coverage matrix as a table for spreadsheets: a header row, one row per municipality and
a row of totals, the texts in the reader's language and the flags as 0/1 (the dashboard's
``@@coverage.csv`` writes it)."""

from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.association.figures import Coverage


def coverage_rows(matrix: Coverage, language: str) -> list[list]:
    """Header, one row per municipality, totals: the cells of the CSV, not yet neutralised."""

    def t(text):
        return translate(text, target_language=language)

    rows = [header(matrix, t)]
    rows += [municipality_row(row) for row in matrix.rows]
    rows.append(totals_row(matrix, t))
    return rows


def header(matrix: Coverage, t) -> list:
    cells = [t(_("Municipality"))]
    per_standard = [
        t(_("adopted")),
        t(_("published")),
        t(_("form online")),
        t(_("requests (30 days)")),
    ]  # outside the f-string below, where i18ndude finds them
    for standard in matrix.standards:
        cells += [f"{standard.title}: {column}" for column in per_standard]
    cells += [
        t(_("Adopted")),
        t(_("Published")),
        t(_("Online")),
        t(_("Requests (30 days)")),
        t(_("Inhabitants")),
        t(_("Contribution per year (CHF)")),
        t(_("Requests (365 days)")),
        t(_("CHF per online request")),
    ]
    return cells


def municipality_row(row) -> list:
    cells = [row.municipality.title]
    for cell in row.cells:
        cells += [int(cell.adopted), int(cell.published), int(cell.form_online)]
        cells.append(cell.submissions)
    cost = row.cost_per_request
    cells += [
        row.adopted,
        row.published,
        row.online,
        row.requests_recent,
        row.population,
        f"{row.contribution:.2f}",
        row.requests_year,
        f"{cost:.2f}" if cost is not None else "",
    ]
    return cells


def totals_row(matrix: Coverage, t) -> list:
    cells = [t(_("Total"))]
    for column in matrix.column_totals:
        cells += [column["adopted"], column["published"], column["online"]]
        cells.append(column["submissions"])
    all_ = matrix.totals
    cells += [
        all_["adopted"],
        all_["published"],
        all_["online"],
        all_["requests_recent"],
        sum(row.population for row in matrix.rows),
        f"{all_['contribution']:.2f}",
        all_["requests_year"],
        "",
    ]
    return cells
