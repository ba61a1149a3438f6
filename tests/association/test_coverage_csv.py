"""The coverage dashboard as CSV (``@@coverage.csv``): one column group per released standard,
one row per municipality of the canton, a row of totals; in the reader's language, opened by
spreadsheets as UTF-8 (BOM) with semicolons."""

import csv
import io

from plone import api

from tests.association.test_coverage import requests_  # noqa: F401 (the fixture)


def download(association, request, language="de"):
    request.set("LANGUAGE", language)
    with api.env.adopt_roles(["Manager"]):
        view = api.content.get_view("coverage.csv", association, request)
        body = view()
    return body, list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def test_csv_has_a_column_group_per_standard_a_row_per_municipality_and_totals(
    requests_,  # noqa: F811
    integration,
):
    request = integration["request"]
    body, rows = download(requests_["association"], request)
    assert body.startswith("\ufeff")
    assert request.response.getHeader("Content-Type") == "text/csv; charset=utf-8"
    assert "abdeckung.csv" in request.response.getHeader("Content-Disposition")
    header, *municipalities, totals = rows
    assert len(header) == 1 + 4 * 2 + 8  # two released standards
    assert header[0] == "Gemeinde"
    by_name = {row[0]: row for row in municipalities}
    assert set(by_name) == {"Liestal", "Allschwil"}
    liestal = by_name["Liestal"]
    assert len(liestal) == len(header)
    # both standards adopted, published and online; 3 + 1 requests in the last 30 days
    assert sorted([liestal[1:5], liestal[5:9]]) == [["1", "1", "1", "1"], ["1", "1", "1", "3"]]
    # the municipality's 30 days: every online request, as the year's column (6, not 4)
    assert liestal[9:13] == ["2", "2", "2", "6"]
    assert liestal[13:15] == ["15000", "37500.00"]
    requests_year = int(liestal[15])
    assert liestal[16] == f"{37500 / requests_year:.2f}"
    allschwil = by_name["Allschwil"]
    assert allschwil[9:17] == ["2", "2", "1", "0", "21000", "52500.00", "0", ""]
    assert totals[0] == "Total"
    assert totals[9:15] == ["4", "4", "3", "6", "36000", "90000.00"]
    assert totals[-1] == ""


def test_csv_speaks_the_readers_language(requests_, integration):  # noqa: F811
    _body, rows = download(requests_["association"], integration["request"], language="fr")
    assert rows[0][0] == "Commune"
