"""The coverage dashboard: the 30-day column counts what the 365-day column counts (every
online request of the municipality, not only those through standards), the totals stand above
the table, and a legend explains the cells."""

from plone import api

from digitalgemeinde.association.figures import coverage
from tests.association.test_coverage import requests_  # noqa: F401 (fixture)
from tests.association.test_coverage import row_of


def test_requests_of_30_days_count_every_form_like_the_year(requests_):  # noqa: F811
    matrix = coverage(requests_["association"])
    liestal = row_of(matrix, "liestal")
    # 3 wohnsitz + 1 heimatschein + 2 through the own dog form; not the 40 and 400 days old.
    # Before the fix the column showed the cells' sum (4): 0 next to the year's count in the
    # demo, whose requests all go through the municipalities' own forms.
    assert liestal.requests_recent == 6
    assert liestal.requests_year == 7
    assert row_of(matrix, "allschwil").requests_recent == 0
    assert matrix.totals["requests_recent"] == 6


def test_dashboard_shows_totals_above_the_table_and_a_legend(requests_, integration):  # noqa: F811
    request = integration["request"]
    with api.env.adopt_roles(["Manager"]):
        html = api.content.get_view("coverage", requests_["association"], request)()
    summary, table = html.index('id="coverage-summary"'), html.index("<table")
    assert summary < table and html.index('id="coverage-legend"') < table
    total = html[html.index('id="total-requests-recent"') :][:80]
    assert ">6<" in total
    assert 'role="region"' in html and "coverage-scroll" in html
