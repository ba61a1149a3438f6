"""The service finder: a municipality's and its canton's services, searched and filtered."""

import re
from urllib.parse import urlencode

import pytest
import transaction
from plone import api
from plone.app.testing import logout

from digitalgemeinde import _
from digitalgemeinde.finder.query import PAGE_SIZE
from digitalgemeinde.finder.query import batch_start
from digitalgemeinde.finder.query import requested_values
from digitalgemeinde.finder.query import scopes_for
from digitalgemeinde.finder.query import search_text
from digitalgemeinde.finder.query import services_query
from tests.citizens import create_service
from tests.citizens import text


class TestQuery:
    def test_without_text_services_are_sorted_by_title(self):
        assert services_query(["/plone/liestal", "/plone/bl"]) == {
            "portal_type": "Service",
            "path": ["/plone/liestal", "/plone/bl"],
            "sort_on": "sortable_title",
        }

    def test_with_text_services_are_sorted_by_relevance(self):
        query = services_query(["/plone/liestal"], "Hunde steuer")
        assert query["SearchableText"] == "Hunde* AND steuer*"
        assert "sort_on" not in query

    def test_filters_are_added(self):
        query = services_query(["/plone"], topics=["family"], audiences=["companies"])
        assert query["topics"] == ["family"]
        assert query["audience"] == ["companies"]

    @pytest.mark.parametrize("typed", ["", "   ", "-", "*"])
    def test_empty_text_searches_nothing(self, typed):
        assert search_text(typed) == ""

    @pytest.mark.parametrize("typed", ['"unbalanced', "and", "(x", "not or"])
    def test_text_index_operators_are_quoted(self, typed):
        # Must not raise in ZCTextIndex: checked against the catalog below.
        assert search_text(typed)

    @pytest.mark.parametrize(
        "form,values",
        [
            ({}, []),
            ({"topic": ""}, []),
            ({"topic": "family"}, ["family"]),
            ({"topic": ["family", " taxes ", ""]}, ["family", "taxes"]),
            ({"topic": {"a": 1}}, []),
        ],
    )
    def test_requested_values(self, form, values):
        assert requested_values(form, "topic") == values

    @pytest.mark.parametrize("value,start", [("20", 20), ("-5", 0), ("x", 0), (None, 0)])
    def test_batch_start(self, value, start):
        assert batch_start(value) == start


class TestScopes:
    def test_municipality_searches_itself_and_its_canton(self, site):
        scopes = scopes_for(site["liestal"])
        assert [scope.path for scope in scopes] == ["/plone/liestal", "/plone/bl"]
        assert [text(scope.label) for scope in scopes] == [
            text(_("Municipality ${name}", mapping={"name": "Liestal"})),
            text(_("Canton ${name}", mapping={"name": "Basel-Landschaft"})),
        ]

    def test_canton_hidden_from_the_user_is_left_out(self, site):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=site["bl"], transition="retract")
        logout()
        assert [scope.path for scope in scopes_for(site["liestal"])] == ["/plone/liestal"]

    def test_canton_searches_itself(self, site):
        assert [scope.path for scope in scopes_for(site["bl"])] == ["/plone/bl"]

    def test_site_searches_every_tenant(self, portal, site):
        paths = {scope.path for scope in scopes_for(portal)}
        assert paths == {"/plone/bl", "/plone/liestal", "/plone/allschwil", "/plone/reinach"}

    @pytest.mark.parametrize("typed", ['"unbalanced', "and", "(x", "not or", "Bau)"])
    def test_odd_text_does_not_break_the_catalog(self, site, typed):
        api.content.find(**services_query(["/plone/liestal"], typed))


def finder(browser, context, **params) -> str:
    query = f"?{urlencode(params, doseq=True)}" if params else ""
    browser.open(f"{context.absolute_url()}/@@services{query}")
    return browser.contents


def result_titles(html: str) -> list[str]:
    """The titles of the listed services, in order."""
    return re.findall(r'<h2 class="h5 mb-1"><a href="[^"]*">([^<]*)</a></h2>', html)


def municipality(name: str) -> str:
    return text(_("Municipality ${name}", mapping={"name": name}))


def canton(name: str) -> str:
    return text(_("Canton ${name}", mapping={"name": name}))


class TestFinderPage:
    def test_text_without_a_word_lists_all_with_a_message(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], q="(")
        assert result_titles(html) == [
            "Baugesuch",
            "Gewerbebewilligung",
            "Hundesteuer",
            "Niederlassung",
        ]
        assert "has no word to search for" in html

    def test_municipality_lists_its_own_and_the_cantons_services(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"])
        assert result_titles(html) == [
            "Baugesuch",
            "Gewerbebewilligung",
            "Hundesteuer",
            "Niederlassung",
        ]
        assert "Parkkarte Allschwil" not in html
        assert "Wasseranschluss" not in html

    def test_each_result_names_the_responsible_level(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"])
        blocks = html.split('<li class="service-result')[1:]
        levels = {result_titles(block)[0]: block for block in blocks}
        assert municipality("Liestal") in levels["Niederlassung"]
        assert canton("Basel-Landschaft") in levels["Hundesteuer"]
        assert municipality("Liestal") not in levels["Hundesteuer"]

    def test_results_show_link_description_and_topics(self, citizens_world, browser):
        finder(browser, citizens_world["liestal"])
        assert (
            browser.getLink("Niederlassung").url
            == citizens_world["liestal"]["niederlassung"].absolute_url()
        )
        assert "Anmeldung beim Zuzug nach Liestal." in browser.contents
        assert "Persönliches und Wohnen" in browser.contents

    def test_full_text_search_finds_by_description(self, citizens_world, browser):
        assert result_titles(finder(browser, citizens_world["liestal"], q="Zuzug")) == [
            "Niederlassung"
        ]

    def test_full_text_search_finds_by_word_beginning(self, citizens_world, browser):
        assert result_titles(finder(browser, citizens_world["liestal"], q="hunde")) == [
            "Hundesteuer"
        ]

    def test_topic_filter_narrows_results(self, citizens_world, browser):
        assert result_titles(finder(browser, citizens_world["liestal"], topic="taxes")) == [
            "Hundesteuer"
        ]
        selected = browser.getControl(name="topic").value
        assert selected == ["taxes"]

    def test_audience_filter_narrows_results(self, citizens_world, browser):
        assert result_titles(finder(browser, citizens_world["liestal"], audience="companies")) == [
            "Baugesuch",
            "Gewerbebewilligung",
        ]

    def test_filters_combine(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], audience="companies", topic="building")
        assert result_titles(html) == ["Baugesuch"]

    def test_private_service_is_never_listed_for_anonymous(
        self, citizens_world, browser, functional_portal
    ):
        for context in (citizens_world["liestal"], functional_portal):
            assert "Geheimer Entwurf" not in finder(browser, context)
            assert "Geheimer Entwurf" not in finder(browser, context, q="Geheimer")

    def test_unknown_topic_is_named_and_not_applied(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], topic="astrology")
        message = text(
            _(
                'There is no topic "${value}": services of all topics are shown.',
                mapping={"value": "astrology"},
            )
        )
        assert message in html
        assert 'role="alert"' in html
        assert 'aria-describedby="service-topic-error"' in html
        assert len(result_titles(html)) == 4

    def test_unknown_audience_is_named_and_not_applied(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], audience="aliens", topic="taxes")
        message = text(
            _(
                'There is no audience "${value}": services for everybody are shown.',
                mapping={"value": "aliens"},
            )
        )
        assert message in html
        assert result_titles(html) == ["Hundesteuer"]

    def test_markup_in_filter_value_is_escaped(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], topic="<b>x</b>")
        assert "<b>x</b>" not in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html

    def test_site_wide_search_marks_each_tenant(self, citizens_world, browser, functional_portal):
        html = finder(browser, functional_portal)
        assert result_titles(html) == [
            "Baugesuch",
            "Gewerbebewilligung",
            "Hundesteuer",
            "Niederlassung",
            "Parkkarte Allschwil",
            "Wasseranschluss",
        ]
        blocks = {result_titles(b)[0]: b for b in html.split('<li class="service-result')[1:]}
        assert municipality("Allschwil") in blocks["Parkkarte Allschwil"]
        assert municipality("Reinach") in blocks["Wasseranschluss"]
        assert canton("Basel-Landschaft") in blocks["Hundesteuer"]

    def test_canton_lists_only_its_services(self, citizens_world, browser):
        assert result_titles(finder(browser, citizens_world["bl"])) == ["Hundesteuer"]

    def test_nothing_found_says_so(self, citizens_world, browser):
        html = finder(browser, citizens_world["liestal"], q="Raumfahrt")
        assert result_titles(html) == []
        assert text(_("No service matches your search.")) in html

    def test_results_come_in_pages_of_twenty(self, citizens_world, browser, functional_portal):
        for number in range(1, 25):
            create_service(
                citizens_world["reinach"],
                f"dienst-{number:02d}",
                f"Dienst {number:02d}",
                topics=["social"],
            )
        transaction.commit()
        html = finder(browser, citizens_world["reinach"], topic="social")
        first_page = result_titles(html)
        assert len(first_page) == PAGE_SIZE
        assert first_page[0] == "Dienst 01"
        assert text(_("Services found: ${count}", mapping={"count": "24"})) in html
        browser.getLink(url="b_start:int=20").click()
        second_page = result_titles(browser.contents)
        assert second_page == ["Dienst 21", "Dienst 22", "Dienst 23", "Dienst 24"]
        # The filter is kept on the next page.
        assert "topic=social" in browser.url
