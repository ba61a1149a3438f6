"""The citizen's side of the loop in German, French and Italian, in a real browser against the
demo site.

The citizen chooses the language with the switch in the header; every page they see (home,
chooser, finder, municipality, service, form empty and with errors, login, registration, the
receipt, the status page with the office's question and after their answer, Meine Anliegen) is
in that language and has no axe-core violation of WCAG 2.1 A/AA on the whole document, at
1280 and 390 px. German at 1280 px is walked, with the clerk's side, by test_request_loop.py.
"""

import pytest

from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import LEASE_PDF
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import citizen_submits_a_move
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.e2e.test_surface import ANONYMOUS_PAGES
from tests.e2e.test_surface import open_page

ERROR_TITLE = {"de": "Fehler", "fr": "Erreur", "it": "Errore"}
THANKS = {"de": "Vielen Dank", "fr": "Merci", "it": "Grazie"}


def choose_language(driver, language: str) -> None:
    """Click the language in the header's switch, as a citizen does."""
    click(driver, f'.dg-language-switch a[hreflang="{language}"]')
    assert page_language(driver) == language


def page_language(driver) -> str:
    return driver.execute_script("return document.documentElement.lang").split("-")[0]


def problems_of(driver, language: str) -> list[str]:
    found = [f"{v['id']} ({v['help']}): {v['nodes']}" for v in axe_violations(driver)]
    if page_language(driver) != language:
        found.append(f"the page is in {page_language(driver)!r}")
    return found


def anonymous_pages(driver, base, language: str) -> dict[str, list]:
    found = {}
    for name, path in ANONYMOUS_PAGES.items():
        open_page(driver, base, path)
        if name == "form with errors":
            assert driver.title.startswith(ERROR_TITLE[language]), driver.title
        if problems := problems_of(driver, language):
            found[name] = problems
    return found


def form_errors(driver) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, "#error-summary, .invalid-feedback")
    body = driver.find_element(By.TAG_NAME, "body").text[:1500]
    return f"{driver.title} | " + " | ".join(element.text for element in found) + f" | {body}"


def clerk_asks(driver, base, reference: str) -> None:
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}/liestal/einwohnerdienste/{reference}")
    click(driver, "#transition-accept button[name=submit]")
    by_css(driver, "#comment-ask").send_keys("Bitte senden Sie uns noch die Ausweiskopie.")
    click(driver, "#transition-ask button[name=submit]")
    log_out(driver, base)


@pytest.mark.parametrize(
    "language,width", [("de", 390), ("fr", 1280), ("fr", 390), ("it", 1280), ("it", 390)]
)
def test_a_citizen_walks_the_portal_and_a_request_in_their_language(
    server, driver, screenshot, tmp_path, language, width
):
    driver.set_window_size(width, 1000)
    base = server.url("/Plone")
    lease = tmp_path / "mietvertrag.pdf"
    lease.write_bytes(LEASE_PDF)
    driver.get(base)
    choose_language(driver, language)
    assert anonymous_pages(driver, base, language) == {}

    citizen_submits_a_move(driver, base, screenshot, lease, first_name=f"Anna-{language}-{width}")
    assert "/@@anliegen/" in driver.current_url, form_errors(driver)
    status_url = driver.current_url.split("?")[0]
    reference = by_css(driver, "h1 .text-nowrap").text
    assert THANKS[language] in by_css(driver, "#receipt-thanks").text
    assert problems_of(driver, language) == [], "receipt"

    clerk_asks(driver, base, reference)
    driver.get(status_url)
    choose_language(driver, language)  # logging the clerk out took the cookie
    assert by_css(driver, "#request-state").get_attribute("data-state") == "waiting"
    assert problems_of(driver, language) == [], "status page with the question"
    by_css(driver, "#answer-text").send_keys("La copie est jointe.")
    click(driver, "#send-answer")
    assert by_css(driver, "#request-state").get_attribute("data-state") == "in_progress"
    assert problems_of(driver, language) == [], "status page after the answer"

    log_in(driver, base, "buerger", "Demo-buerger")
    driver.get(f"{base}/@@meine-anliegen")
    choose_language(driver, language)
    assert problems_of(driver, language) == [], "Meine Anliegen"
