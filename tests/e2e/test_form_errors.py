"""A form with an error, in a real browser against the demo site: the citizen uses only the
keyboard, gets the error summary with the focus, follows its link to the field, corrects it and
ends on the receipt. The page with errors has no WCAG 2.1 AA violation (axe-core, all rules of
the tags, on the whole document)."""

from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import replaced

# Hund anmelden (Liestal): what the citizen types, in the form's order; the chip number is wrong
TYPED = {
    "vorname": "Anna",
    "nachname": "Muster",
    "geburtsdatum": "1985-03-14",
    "email": "anna.muster@example.ch",
    "adresse": "Rathausstrasse 3",
    "hund_name": "Bello",
    "rasse": "Labrador",
    "geschlecht": "H",  # a letter chooses the option (Hündin)
    "hund_geburtsdatum": "2024-05-01",
    "chip_nummer": "1234",
    "versicherung": "Mobiliar, Police 123",
}
MAX_TABS = 150


def by_css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def active(driver):
    return driver.switch_to.active_element


def press(driver, *keys):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def select_all(driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()


def tab_to(driver, element_id: str, limit=MAX_TABS):
    """Press Tab until the element ``element_id`` has the focus."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if active(driver).get_attribute("id") == element_id:
            return active(driver)
        press(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached #{element_id}")


def type_date(driver, field, iso: str):
    """A date typed as a Swiss citizen does (dd.mm.yyyy) into the browser's date input."""
    year, month, day = iso.split("-")
    press(driver, day, month, year)
    if field.get_attribute("value") != iso:  # a locale with another order of the parts
        driver.execute_script("arguments[0].value = arguments[1]", field, iso)


def wait_for_new_page(driver, old_page):
    """Wait until ``old_page`` is replaced (Chrome's "does not belong to the document" counts)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda driver: replaced(old_page))


def test_keyboard_only_citizen_corrects_an_error_and_gets_the_receipt(server, driver, screenshot):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base = server.url("/Plone")
    driver.get(f"{base}/liestal/hund-anmelden")
    driver.get(by_css(driver, "#service-apply").get_attribute("href"))
    assert "formular-hund-anmelden" in driver.current_url
    assert not driver.title.startswith("Fehler")
    assert 'autocomplete="given-name"' in by_css(driver, "#form-widgets-vorname").get_property(
        "outerHTML"
    )

    # Tab to each field and type; the chip number is wrong
    for name, value in TYPED.items():
        field = tab_to(driver, f"form-widgets-{name}")
        if field.get_attribute("type") == "date":
            type_date(driver, field, value)
        else:
            press(driver, value)
    screenshot(driver, "01-form-typed")
    page = driver.find_element(By.TAG_NAME, "html")
    tab_to(driver, "form-buttons-submit")
    press(driver, Keys.ENTER)
    wait_for_new_page(driver, page)

    # the error: the title says so, the summary has the focus, the field says what is wrong
    assert driver.title.startswith("Fehler: Hund anmelden")
    summary = by_css(driver, "#error-summary")
    assert active(driver).get_attribute("id") == "error-summary"
    assert "Bitte korrigieren Sie folgende Angaben:" in summary.text
    assert "15 Ziffern" in summary.text
    chip = by_css(driver, "#form-widgets-chip_nummer")
    assert chip.get_attribute("aria-invalid") == "true"
    assert "form-widgets-chip_nummer-error" in chip.get_attribute("aria-describedby")
    assert by_css(driver, "#form-widgets-vorname").get_attribute("value") == "Anna"
    screenshot(driver, "02-form-with-error")
    violations = axe_violations(driver)
    assert violations == [], f"form with errors: {violations}"

    # the summary's link leads to the field; the citizen corrects it and sends with Space
    press(driver, Keys.TAB)
    assert active(driver).get_attribute("href").endswith("#form-widgets-chip_nummer")
    press(driver, Keys.ENTER)
    assert active(driver).get_attribute("id") == "form-widgets-chip_nummer"
    select_all(driver)
    press(driver, Keys.BACKSPACE, "756 0981 2345 6789")
    assert active(driver).get_attribute("value") == "756 0981 2345 6789"
    page = driver.find_element(By.TAG_NAME, "html")
    tab_to(driver, "form-buttons-submit")
    press(driver, Keys.SPACE)
    wait_for_new_page(driver, page)

    # the receipt
    screenshot(driver, "03-receipt")
    assert "/@@anliegen/" in driver.current_url, by_css(driver, "#content").text[:1500]
    assert "receipt=1" in driver.current_url
    assert not driver.title.startswith("Fehler")
