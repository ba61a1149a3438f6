"""'Meine Gemeinde': citizens find their municipality by name or postal code."""

import pytest
import transaction
from plone.app.testing import logout

from digitalgemeinde import _
from digitalgemeinde.browser.chooser import COOKIE_NAME
from digitalgemeinde.browser.chooser import find_municipalities
from digitalgemeinde.browser.chooser import fold
from digitalgemeinde.browser.chooser import match_names
from digitalgemeinde.browser.chooser import remembered_municipality
from tests.citizens import create
from tests.citizens import text

NAMES = [("Liestal", "liestal"), ("Allschwil", "allschwil"), ("Reinach (BL)", "reinach")]


class TestMatchingNames:
    @pytest.mark.parametrize(
        "typed,folded",
        [
            ("Zürich", "zuerich"),
            ("  MÜNCHENSTEIN ", "muenchenstein"),
            ("Bâle-Campagne", "bale campagne"),
            ("St.Gallen", "st gallen"),
        ],
    )
    def test_fold_ignores_case_accents_and_punctuation(self, typed, folded):
        assert fold(typed) == folded

    def test_fold_can_drop_umlauts(self):
        assert fold("Zürich", expand_umlauts=False) == "zurich"

    @pytest.mark.parametrize(
        "typed,found",
        [
            ("Liestal", ["liestal"]),
            ("reinach", ["reinach"]),
            ("REINACH (BL)", ["reinach"]),
            ("Allschwill", ["allschwil"]),
            ("Alschwil", ["allschwil"]),
            ("Liestl", ["liestal"]),
            ("lies", ["liestal"]),
            ("Zürich", []),
            ("", []),
            ("--", []),
        ],
    )
    def test_names_match_with_typos(self, typed, found):
        assert match_names(typed, NAMES) == found

    @pytest.mark.parametrize("typed", ["Munchenstein", "Muenchenstein", "münchenstein"])
    def test_umlauts_may_be_spelled_out_or_dropped(self, typed):
        assert match_names(typed, [("Münchenstein", "m")]) == ["m"]

    def test_names_alike_are_all_offered(self):
        entries = [("Reinach (BL)", "bl"), ("Reinach (AG)", "ag"), ("Liestal", "liestal")]
        assert match_names("Reinach", entries) == ["bl", "ag"]


class TestFindingMunicipalities:
    def test_postal_code_finds_municipality(self, site):
        assert [brain.getObject() for brain in find_municipalities("4410")] == [site["liestal"]]

    def test_postal_code_with_name_finds_municipality(self, site):
        assert [brain.getId for brain in find_municipalities("4123 Allschwil")] == ["allschwil"]

    def test_unknown_postal_code_finds_nothing(self, site):
        assert find_municipalities("8001") == []

    @pytest.mark.parametrize(
        "typed,found", [("Allschwill", "allschwil"), ("reinach", "reinach"), ("LIESTAL", "liestal")]
    )
    def test_name_finds_municipality(self, site, typed, found):
        assert [brain.getId for brain in find_municipalities(typed)] == [found]

    def test_zurich_is_not_found(self, site):
        assert find_municipalities("Zürich") == []

    def test_private_municipality_is_not_found(self, portal, site):
        private = create(
            portal,
            "Municipality",
            "muttenz",
            publish=False,
            title="Muttenz",
            bfs_number=2770,
            postal_codes=["4132"],
            canton="BL",
        )
        logout()
        assert find_municipalities("Muttenz") == []
        assert find_municipalities("4132") == []
        assert private.getId() == "muttenz"


class TestRememberedMunicipality:
    def test_cookie_gives_municipality(self, site, http_request):
        http_request.cookies[COOKIE_NAME] = site["reinach"].UID()
        assert remembered_municipality(http_request) == site["reinach"]

    @pytest.mark.parametrize("value", ["", "nonsense", "0" * 32, "<script>", None])
    def test_invalid_or_unknown_cookie_is_ignored(self, site, http_request, value):
        if value is not None:
            http_request.cookies[COOKIE_NAME] = value
        assert remembered_municipality(http_request) is None

    def test_cookie_of_a_non_municipality_is_ignored(self, site, http_request):
        http_request.cookies[COOKIE_NAME] = site["bl"].UID()
        assert remembered_municipality(http_request) is None


def choose(browser, portal, typed: str):
    browser.open(portal.absolute_url() + "/@@meine-gemeinde")
    browser.getControl(name="q").value = typed
    browser.getForm(action="@@meine-gemeinde").submit()


class TestChooserPage:
    def test_postal_code_leads_to_municipality_and_sets_cookie(
        self, citizens_world, browser, functional_portal
    ):
        choose(browser, functional_portal, "4410")
        assert browser.url == citizens_world["liestal"].absolute_url()
        assert browser.cookies[COOKIE_NAME] == citizens_world["liestal"].UID()

    def test_cookie_is_kept_a_year_for_the_whole_site(
        self, citizens_world, browser, functional_portal
    ):
        response = browser.testapp.get(
            functional_portal.absolute_url() + "/@@meine-gemeinde", {"q": "4410"}
        )
        assert response.status_int == 302
        assert response.headers["Location"].endswith("/plone/liestal")
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{COOKIE_NAME}={citizens_world['liestal'].UID()};")
        assert "Path=/;" in cookie
        assert "Max-Age=31536000" in cookie
        assert "SameSite=Lax" in cookie

    @pytest.mark.parametrize("typed,found", [("Allschwill", "allschwil"), ("reinach", "reinach")])
    def test_name_with_typo_or_small_letters_finds_municipality(
        self, citizens_world, browser, functional_portal, typed, found
    ):
        choose(browser, functional_portal, typed)
        assert browser.url == citizens_world[found].absolute_url()
        assert browser.cookies[COOKIE_NAME] == citizens_world[found].UID()

    def test_unknown_name_says_so_and_keeps_input(self, citizens_world, browser, functional_portal):
        choose(browser, functional_portal, "Zürich")
        assert browser.headers["Status"].startswith("200")
        message = text(
            _(
                'No municipality found for "${query}". Check the spelling or enter your '
                "postal code.",
                mapping={"query": "Zürich"},
            )
        )
        assert message.replace('"', "&quot;") in browser.contents or message in browser.contents
        assert 'role="alert"' in browser.contents
        assert 'aria-describedby="municipality-query-help municipality-query-error"' in (
            browser.contents
        )
        assert browser.getControl(name="q").value == "Zürich"
        assert COOKIE_NAME not in browser.cookies

    def test_several_matches_are_offered_and_one_can_be_chosen(
        self, citizens_world, browser, functional_portal
    ):
        create(
            functional_portal,
            "Municipality",
            "reinach-ag",
            title="Reinach (AG)",
            bfs_number=4141,
            postal_codes=["5734"],
            canton="AG",
        )
        transaction.commit()
        choose(browser, functional_portal, "Reinach")
        assert browser.url.split("?")[0].endswith("/@@meine-gemeinde")
        assert COOKIE_NAME not in browser.cookies
        browser.getLink("Reinach (AG)").click()
        assert browser.url == functional_portal["reinach-ag"].absolute_url()
        assert browser.cookies[COOKIE_NAME] == functional_portal["reinach-ag"].UID()

    def test_chosen_municipality_is_shown_on_the_chooser(
        self, citizens_world, browser, functional_portal
    ):
        choose(browser, functional_portal, "4153")
        browser.open(functional_portal.absolute_url() + "/@@meine-gemeinde")
        assert "remembered-municipality" in browser.contents
        link = browser.getLink("Reinach")
        assert link.url == citizens_world["reinach"].absolute_url()

    def test_invalid_cookie_is_ignored(self, citizens_world, browser, functional_portal):
        browser.open(functional_portal.absolute_url() + "/@@meine-gemeinde")
        browser.cookies[COOKIE_NAME] = "not-a-uid"
        browser.open(functional_portal.absolute_url() + "/@@meine-gemeinde")
        assert browser.headers["Status"].startswith("200")
        assert "remembered-municipality" not in browser.contents

    def test_unknown_choice_sets_nothing(self, citizens_world, browser, functional_portal):
        browser.open(functional_portal.absolute_url() + "/@@meine-gemeinde?uid=" + "0" * 32)
        assert browser.headers["Status"].startswith("200")
        assert (
            text(_("This municipality cannot be chosen. Please search for it again."))
            in browser.contents
        )
        assert COOKIE_NAME not in browser.cookies

    def test_private_municipality_cannot_be_chosen_by_anonymous(
        self, citizens_world, browser, functional_portal
    ):
        private = create(
            functional_portal,
            "Municipality",
            "muttenz",
            publish=False,
            title="Muttenz",
            bfs_number=2770,
            postal_codes=["4132"],
            canton="BL",
        )
        transaction.commit()
        choose(browser, functional_portal, "4132")
        assert browser.url.split("?")[0].endswith("/@@meine-gemeinde")
        browser.open(functional_portal.absolute_url() + "/@@meine-gemeinde?uid=" + private.UID())
        assert COOKIE_NAME not in browser.cookies
