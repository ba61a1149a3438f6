"""The fee of a service in a real browser (issue 20), on the demo site: the Wohnsitzbestätigung
costs CHF 20.00 per copy, shown so on its page in German and French, next to the fee's text;
the page has no axe-core violation of WCAG 2.1 A/AA. Saved to docs/screenshots/service-fee.png.
Then Liestal's editor gives «Hund anmelden» a fee by the dog's sex from a table in the edit
form: a table that misses a choice is refused in German, a complete one shows as a table."""

from tests.e2e.conftest import REPO
from tests.e2e.test_citizen_languages import choose_language
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import choose
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import set_value

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_the_service_page_shows_the_fee_per_copy(server, driver, screenshot):
    url = server.url("/Plone/liestal/wohnsitzbestaetigung")
    driver.get(url)
    assert by_css(driver, "#service-fees-heading").text == "Gebühren"
    assert by_css(driver, "#service-fees .service-fee-amount").text == "CHF 20.00 pro Exemplar"
    assert by_css(driver, "#service-fees .service-fees-text").text == (
        "Bei Postversand zuzüglich Porto."
    )
    assert_accessible(driver, "service page with a fee per copy")
    by_css(driver, "#service-fees").location_once_scrolled_into_view  # noqa: B018
    screenshot(driver, "01-de")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "service-fee.png"))

    choose_language(driver, "fr")
    assert by_css(driver, "#service-fees .service-fee-amount").text == "CHF 20.00 par Exemplar"
    assert_accessible(driver, "service page in French")


def details_tab(driver):
    from selenium.webdriver.common.by import By

    return driver.find_element(
        By.XPATH, "//nav[contains(@class, 'autotoc-nav')]//a[normalize-space()='Details']"
    )


def edit_fee(driver, table: str) -> None:
    details_tab(driver).click()
    choose(driver, "fee_kind", 3)  # Betrag nach dem Wert eines Felds
    set_value(driver, "fee_field", "geschlecht")
    set_value(driver, "fee_table", table)
    click(driver, '[name="form.buttons.save"]')


def test_an_editor_gives_a_service_a_fee_table(server, driver, screenshot):
    base = server.url("/Plone")
    log_in(driver, base, "liestal-editor", "Demo-liestal-editor")
    driver.get(f"{base}/liestal/hund-anmelden/@@edit")
    edit_fee(driver, "Rüde = 150.00")
    message = (
        "Die Gebührentabelle braucht eine Zeile für jede Auswahl des Felds «Geschlecht»: "
        "Rüde, Hündin."
    )
    # the message heads the tab «Details», where the fee's fields are
    details_tab(driver).click()
    (error,) = driver.find_elements("css selector", ".invalid-feedback")
    assert error.text == message and error.is_displayed()
    screenshot(driver, "01-refused")
    edit_fee(driver, "Rüde = 150.00\nHündin = 120.00")
    driver.get(f"{base}/liestal/hund-anmelden")
    assert by_css(driver, "#service-fees .service-fee-amount").text == (
        "CHF 120.00 bis CHF 150.00 je nach Geschlecht"
    )
    rows = driver.find_elements("css selector", "#service-fees table tr")
    assert [row.text for row in rows] == [
        "Geschlecht Gebühr",
        "Rüde CHF 150.00",
        "Hündin CHF 120.00",
    ]
    assert_accessible(driver, "service page with a fee table")
    screenshot(driver, "02-table")
