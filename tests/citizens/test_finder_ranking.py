"""Finding a service in everyday words: the association's synonyms, word beginnings and typos,
titles first, the citizen's own municipality first with who else offers the same service; the
finder page, @service-finder and the site search alike. Nothing unpublished or of a hidden
tenant appears, also not in "also offered by"."""

import re
import time
from urllib.parse import urlencode

import pytest
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import logout
from zope.i18n import translate
from zope.schema import ValidationError

from digitalgemeinde import _
from digitalgemeinde.content_types.association import IAssociationSchema
from digitalgemeinde.finder.home import COOKIE_NAME
from digitalgemeinde.finder.query import scopes_for
from digitalgemeinde.finder.ranking import find_services
from digitalgemeinde.finder.synonyms import synonyms_of
from tests.citizens import build_site
from tests.citizens import create
from tests.citizens import create_service
from tests.citizens import text
from tests.helpers import RestClient

SYNONYMS = ["zügeln, umziehen = Umzug", "", "# Hunde", "Hundesteuer = Hund"]


def build_ranked_site(portal, *, commit=False) -> dict:
    """tests.citizens.build_site with moving and dog services and the association's synonyms.

    "Öffentlichen Grund benützen" names "Umzug" more often than "Umzug melden" does, so that
    the catalog's relevance alone would list it first."""
    content = build_site(portal)
    liestal, allschwil, reinach = content["liestal"], content["allschwil"], content["reinach"]
    create_service(
        liestal,
        "oeffentlichen-grund-benuetzen",
        "Öffentlichen Grund benützen",
        description="Umzug: Umzugswagen oder Mulde für einen Umzug auf die Strasse stellen.",
    )
    create_service(
        liestal,
        "umzug-melden",
        "Umzug melden",
        description="Zuzug und Wegzug an die Einwohnerdienste melden.",
    )
    create_service(liestal, "umzug-entwurf", "Umzug Entwurf", publish=False)
    for tenant in (liestal, allschwil, reinach):
        create_service(
            tenant,
            "hund-anmelden",
            "Hund anmelden",
            description=f"Hundemarke in {tenant.title} beziehen.",
        )
    create(portal, "Association", "verband", title="Digitale Gemeinden BL", canton="BL")
    portal["verband"].synonyms = list(SYNONYMS)
    if commit:
        transaction.commit()
    return content


def titles(brains) -> list[str]:
    return [brain.Title for brain in brains]


def holders(brains) -> list[str]:
    return [brain.getPath().split("/")[2] for brain in brains]


@pytest.fixture
def ranked(portal):
    """The site, searched by an anonymous citizen."""
    content = build_ranked_site(portal)
    logout()
    return content


@pytest.fixture
def ranked_world(functional_portal):
    return build_ranked_site(functional_portal, commit=True)


class TestSynonymList:
    def test_lines_are_read_into_groups(self, ranked):
        assert synonyms_of("zügeln") == ("Umzug",)
        assert synonyms_of("UMZIEHEN") == ("Umzug",)
        assert synonyms_of("Hundesteuer") == ("Hund",)
        assert synonyms_of("Umzug") == ()

    @pytest.mark.parametrize(
        "lines,number,line",
        [
            (["zügeln, umziehen = Umzug", "zügeln Umzug"], 2, "zügeln Umzug"),
            (["= Umzug"], 1, "= Umzug"),
            (["zügeln ="], 1, "zügeln ="),
            (["zügeln = Umzug = Wegzug"], 1, "zügeln = Umzug = Wegzug"),
            (["zügeln,, umziehen = Umzug"], 1, "zügeln,, umziehen = Umzug"),
            (["Hund anmelden = Hund"], 1, "Hund anmelden = Hund"),
            (["<b>zügeln</b> = Umzug"], 1, "<b>zügeln</b> = Umzug"),
        ],
    )
    def test_malformed_line_is_refused_naming_it(self, ranked, lines, number, line):
        field = IAssociationSchema["synonyms"].bind(api.portal.get()["verband"])
        with pytest.raises(ValidationError) as refused:
            field.validate(lines)
        message = translate(refused.value.doc(), target_language="de")
        assert message.startswith(f"Zeile {number} («{line}») ist keine Synonymgruppe.")
        assert "«zügeln, umziehen = Umzug»" in message

    def test_wellformed_lines_are_accepted(self, ranked):
        field = IAssociationSchema["synonyms"].bind(api.portal.get()["verband"])
        field.validate([*SYNONYMS, "Marktstand = Grund benützen", "Führerschein = Führerausweis"])


class TestRanking:
    def test_synonym_finds_the_service(self, ranked, portal):
        found = titles(find_services(scopes_for(ranked["liestal"]), "zügeln"))
        assert found[0] == "Umzug melden"
        assert "Umzug Entwurf" not in found

    def test_typo_finds_the_service(self, ranked):
        found = titles(find_services(scopes_for(ranked["liestal"]), "Hundesteur"))
        assert sorted(found) == ["Hund anmelden", "Hundesteuer"]

    def test_word_beginning_finds_the_service(self, ranked):
        assert titles(find_services(scopes_for(ranked["liestal"]), "Umzu"))[0] == "Umzug melden"

    def test_title_match_comes_before_a_match_in_the_text(self, ranked):
        found = titles(find_services(scopes_for(ranked["liestal"]), "Umzug"))
        assert found == ["Umzug melden", "Öffentlichen Grund benützen"]

    def test_nonsense_still_finds_nothing(self, ranked):
        assert find_services(scopes_for(ranked["liestal"]), "Raumfahrtbehörde") == []

    def test_own_municipality_and_canton_come_first(self, ranked, portal):
        scopes = scopes_for(portal)
        home = ["/plone/reinach", "/plone/bl"]
        found = find_services(scopes, "Hund", home=home)
        assert holders(found)[:2] == ["reinach", "bl"]
        assert sorted(holders(found)[2:]) == ["allschwil", "liestal"]

    def test_quick_enough(self, ranked, portal):
        scopes = scopes_for(portal)
        find_services(scopes, "Hundesteur")  # the lexicon's words, grouped once
        started = time.perf_counter()
        for typed in ("zügeln", "Hundesteur", "Umzu", "Umzug Liestal"):
            find_services(scopes, typed)
        assert time.perf_counter() - started < 1.0


def finder(browser, context, **params) -> str:
    browser.open(f"{context.absolute_url()}/@@services?{urlencode(params)}")
    return browser.contents


def result_blocks(html: str) -> list[tuple[str, str]]:
    """(title, the result's whole markup) of each listed service, in order."""
    blocks = html.split('<li class="service-result')[1:]
    return [
        (re.search(r'<h2 class="h5 mb-1"><a href="[^"]*">([^<]*)</a></h2>', b)[1], b)
        for b in blocks
    ]


def also(names: str) -> str:
    return text(_("Also offered by: ${names}", mapping={"names": names}))


def municipality(name: str) -> str:
    return text(_("Municipality ${name}", mapping={"name": name}))


class TestFinderPage:
    def test_synonym_typo_and_title_first(self, ranked_world, browser):
        liestal = ranked_world["liestal"]
        assert result_blocks(finder(browser, liestal, q="zügeln"))[0][0] == "Umzug melden"
        found = {title for title, _block in result_blocks(finder(browser, liestal, q="Hundesteur"))}
        assert found == {"Hund anmelden", "Hundesteuer"}
        found = [title for title, _block in result_blocks(finder(browser, liestal, q="Umzug"))]
        assert found == ["Umzug melden", "Öffentlichen Grund benützen"]

    def test_without_a_choice_no_municipality_is_preferred(
        self, ranked_world, browser, functional_portal
    ):
        blocks = result_blocks(finder(browser, functional_portal, q="Hund"))
        assert [title for title, _block in blocks].count("Hund anmelden") == 3
        liestal = next(b for t, b in blocks if municipality("Liestal") in b)
        assert also("Allschwil, Reinach") in liestal

    def test_chosen_municipality_comes_first_and_others_say_who_else(
        self, ranked_world, browser, functional_portal
    ):
        browser.addHeader("Cookie", f"{COOKIE_NAME}={ranked_world['liestal'].UID()}")
        blocks = result_blocks(finder(browser, functional_portal, q="Hund"))
        assert blocks[0][0] == "Hund anmelden"
        assert municipality("Liestal") in blocks[0][1]
        assert blocks[1][0] == "Hundesteuer"  # the canton's, then the other municipalities'
        assert "service-also" not in blocks[0][1]
        allschwil = next(b for t, b in blocks if municipality("Allschwil") in b)
        assert also("Liestal, Reinach") in allschwil

    def test_the_cookie_of_another_choice_reorders(self, ranked_world, browser, functional_portal):
        browser.addHeader("Cookie", f"{COOKIE_NAME}={ranked_world['reinach'].UID()}")
        blocks = result_blocks(finder(browser, functional_portal, q="Hund"))
        assert municipality("Reinach") in blocks[0][1]

    def test_a_bad_cookie_is_ignored(self, ranked_world, browser, functional_portal):
        browser.addHeader("Cookie", f"{COOKIE_NAME}=nonsense")
        assert len(result_blocks(finder(browser, functional_portal, q="Hund"))) == 4

    def test_same_standard_counts_as_the_same_service(
        self, ranked_world, browser, functional_portal
    ):
        with api.env.adopt_roles(["Manager"]):
            for tenant, id_ in (("allschwil", "parkkarte"), ("reinach", "wasser")):
                service = ranked_world[tenant][id_]
                service.standard_uid = "0123456789abcdef0123456789abcdef"
                service.reindexObject()
        transaction.commit()
        blocks = dict(result_blocks(finder(browser, functional_portal)))
        assert also("Reinach") in blocks["Parkkarte Allschwil"]
        assert also("Allschwil") in blocks["Wasseranschluss"]

    def test_nothing_unpublished_or_of_a_hidden_tenant_appears(
        self, ranked_world, browser, functional_portal
    ):
        # The legitimate path: Reinach's service is listed and named while Reinach is public.
        html = finder(browser, functional_portal, q="Hund")
        assert municipality("Reinach") in html
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(ranked_world["reinach"], "retract")
        transaction.commit()
        for context in (functional_portal, ranked_world["liestal"]):
            for typed in ("Hund", "zügeln", "Umzug", "Entwurf"):
                html = finder(browser, context, q=typed)
                assert "Reinach" not in html
                assert "Umzug Entwurf" not in html
                assert "Geheimer Entwurf" not in html


class TestRest:
    def test_same_synonyms_ranking_and_others(self, ranked_world, app, functional_portal):
        client = RestClient(app)
        url = f"{ranked_world['liestal'].absolute_url()}/@service-finder"
        status, body = client.get(f"{url}?text=z%C3%BCgeln")
        assert status == 200, body
        assert body["items"][0]["title"] == "Umzug melden"
        status, body = client.get(f"{url}?text=Umzug")
        assert [item["title"] for item in body["items"]] == [
            "Umzug melden",
            "Öffentlichen Grund benützen",
        ]
        status, body = client.get(f"{url}?text=Hundesteur")
        assert {item["title"] for item in body["items"]} == {"Hund anmelden", "Hundesteuer"}

    def test_chosen_municipality_first_with_others(self, ranked_world, app, functional_portal):
        client = RestClient(app)
        client.headers["Cookie"] = f"{COOKIE_NAME}={ranked_world['liestal'].UID()}"
        status, body = client.get(f"{functional_portal.absolute_url()}/@service-finder?text=Hund")
        assert status == 200, body
        first = body["items"][0]
        assert (first["title"], first["tenant"]["title"]) == ("Hund anmelden", "Liestal")
        assert first["also_offered_by"] == []
        allschwil = next(item for item in body["items"] if item["tenant"]["title"] == "Allschwil")
        assert [other["title"] for other in allschwil["also_offered_by"]] == ["Liestal", "Reinach"]
        assert allschwil["also_offered_by"][0]["@id"].endswith("/plone/liestal")

    def test_hidden_tenant_is_not_named(self, ranked_world, app, functional_portal):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(ranked_world["reinach"], "retract")
        transaction.commit()
        status, body = RestClient(app).get(
            f"{functional_portal.absolute_url()}/@service-finder?text=Hund"
        )
        assert status == 200
        assert "Reinach" not in str(body)
        assert len(body["items"]) == 3


class TestSiteSearch:
    def test_synonym_finds_the_service(self, ranked_world, browser, functional_portal):
        browser.open(f"{functional_portal.absolute_url()}/@@search?SearchableText=z%C3%BCgeln")
        assert "Umzug melden" in browser.contents
        assert "Umzug Entwurf" not in browser.contents

    def test_without_the_synonym_it_finds_nothing(self, ranked_world, browser, functional_portal):
        # The legitimate path next to it: the synonym list makes the difference.
        with api.env.adopt_roles(["Manager"]):
            functional_portal["verband"].synonyms = []
        transaction.commit()
        browser.open(f"{functional_portal.absolute_url()}/@@search?SearchableText=z%C3%BCgeln")
        assert "Umzug melden" not in browser.contents

    def test_live_search_too(self, ranked_world, browser, functional_portal):
        browser.open(f"{functional_portal.absolute_url()}/@@ajax-search?SearchableText=z%C3%BCgeln")
        assert "Umzug melden" in browser.contents


class TestEditingTheList:
    def edit(self, browser, portal, value: str):
        browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
        browser.handleErrors = True
        browser.open(f"{portal['verband'].absolute_url()}/@@edit")
        browser.getControl(name="form.widgets.synonyms").value = value
        browser.getControl(name="form.buttons.save").click()
        return browser.contents

    def test_malformed_line_is_refused_with_its_message(
        self, ranked_world, browser, functional_portal
    ):
        html = self.edit(browser, functional_portal, "zügeln = Umzug\nHundesteuer Hund")
        message = 'Line 2 ("Hundesteuer Hund") is not a synonym group.'
        assert message in html.replace("&quot;", '"')
        transaction.begin()
        assert functional_portal["verband"].synonyms == SYNONYMS

    def test_a_good_list_is_saved_and_searched(self, ranked_world, browser, functional_portal):
        self.edit(browser, functional_portal, "Wauwau = Hund")
        transaction.begin()
        assert functional_portal["verband"].synonyms == ["Wauwau = Hund"]
        found = result_blocks(finder(browser, ranked_world["liestal"], q="Wauwau"))
        assert {title for title, _block in found} == {"Hund anmelden", "Hundesteuer"}
