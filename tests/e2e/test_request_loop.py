"""The whole loop of a request, in a real browser against the demo site `make start` builds.

A citizen finds "Umzug melden" in Liestal, submits it with a file and reads the receipt; a
clerk of the Einwohnerdienste Liestal accepts it and asks back; the citizen answers on the
status page; the clerk completes it with a result document; the citizen downloads it. Each step
is saved as a screenshot under test-output/e2e/, and the citizen's pages are checked with
axe-core for WCAG 2.1 AA.
"""

import urllib.request

from tests.e2e.conftest import axe_violations

RESULT_PDF = b"%PDF-1.4\n% Wohnsitzbestaetigung\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEASE_PDF = b"%PDF-1.4\n% Mietvertrag\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def by_css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def click(driver, selector):
    """Click as a user does (the element scrolled into the middle of the window first), and
    wait until the page it leads to has replaced this one."""
    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element = by_css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    try:
        element.click()
    except ElementClickInterceptedException:  # a sticky bar of the theme lies over it
        driver.execute_script("arguments[0].click()", element)
    WebDriverWait(driver, 30).until(lambda driver: replaced(page))
    # and until the new page is whole: an element found while it still loads can belong to a
    # document that is replaced under it (Chrome: "Node ... does not belong to the document")
    WebDriverWait(driver, 30).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def replaced(element) -> bool:
    """Whether ``element``'s page is gone. Chrome may answer for a node of the page being
    replaced that it "does not belong to the document": gone too (the submit of a form that
    takes a while, e.g. the summary's that delivers the request, hits it)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.common.exceptions import WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def set_value(driver, name, value):
    """Type into a field; dates are set as the browser's date input expects."""
    field = by_css(driver, f'[name="form.widgets.{name}"]')
    if field.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def choose(driver, name, index=1):
    from selenium.webdriver.support.ui import Select

    Select(by_css(driver, f'[name="form.widgets.{name}:list"]')).select_by_index(index)


def log_in(driver, base, user, password):
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    by_css(driver, '[name="__ac_name"]').send_keys(user)
    by_css(driver, '[name="__ac_password"]').send_keys(password)
    click(driver, '[name="buttons.login"], [name="form.buttons.login"]')


def log_out(driver, base):
    driver.get(f"{base}/logout")
    driver.delete_all_cookies()


def assert_accessible(driver, page):
    violations = axe_violations(driver)
    assert violations == [], f"{page}: {violations}"


def next_step(driver):
    """«Weiter» on a step of a form shown as steps (on the last one: to the summary)."""
    click(driver, '[name="form.buttons.next"]')


def walk_to_the_addresses(driver, first_name="Anna"):
    """The first two steps of «Umzug melden» (the move, the person who reports it), up to its
    third step, the addresses (where the dog is asked for too)."""
    choose(driver, "art")
    set_value(driver, "umzugsdatum", "2026-11-30")
    next_step(driver)
    for name, value in {
        "vorname": first_name,
        "nachname": "Muster",
        "geburtsdatum": "1990-04-12",
        "email": "anna.muster@example.ch",
    }.items():
        set_value(driver, name, value)
    next_step(driver)


def citizen_submits_a_move(driver, base, screenshot, lease, first_name="Anna"):
    """Steps 1 and 2 of the loop: the citizen finds the service, walks the steps of its form
    (the addresses with a file), and sends it from the summary (another ``first_name`` for
    another citizen: the same values within ten minutes are taken for a request sent twice)."""
    # 1. The citizen finds "Umzug melden" in Liestal and opens its online form.
    driver.get(f"{base}/liestal/@@services?q=Umzug")
    screenshot(driver, "01-finder")
    click(driver, 'a[href$="/liestal/umzug-melden"]')
    screenshot(driver, "02-service")
    assert_accessible(driver, "service page")
    click(driver, "#service-apply")
    assert "formular-umzug-melden" in driver.current_url
    assert_accessible(driver, "form")

    # 2. ... walks its steps, the addresses with a file, and sends it from the summary.
    walk_to_the_addresses(driver, first_name)
    assert driver.current_url.endswith("?step=3")
    for name, value in {
        "bisherige_adresse": "Seestrasse 1, 8000 Zürich",
        "neue_adresse": "Rathausstrasse 3, 4410 Liestal",
    }.items():
        set_value(driver, name, value)
    by_css(driver, '[name="form.widgets.mietvertrag"]').send_keys(str(lease))
    screenshot(driver, "03-form-filled")
    next_step(driver)
    assert driver.current_url.endswith("?step=summary")
    click(driver, '[name="form.buttons.submit"]')


def test_citizen_and_clerk_walk_a_request_from_form_to_result(server, driver, screenshot, tmp_path):
    base = server.url("/Plone")
    lease = tmp_path / "mietvertrag.pdf"
    lease.write_bytes(LEASE_PDF)
    result = tmp_path / "wohnsitzbestaetigung.pdf"
    result.write_bytes(RESULT_PDF)

    citizen_submits_a_move(driver, base, screenshot, lease)

    # 3. The receipt: reference number, the link to keep, the summary.
    assert "/@@anliegen/" in driver.current_url
    status_url = driver.current_url.split("?")[0]
    reference = by_css(driver, "h1 .text-nowrap").text
    assert reference.startswith("2829-")
    assert by_css(driver, "#receipt-thanks").is_displayed()
    assert "mietvertrag.pdf" in by_css(driver, "#request-summary").text
    screenshot(driver, "04-receipt")
    assert_accessible(driver, "receipt")

    # 4. The clerk accepts it and asks back.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}/liestal/einwohnerdienste/@@inbox?q={reference}")
    screenshot(driver, "05-inbox")
    click(driver, f'a[href*="/{reference}"]')
    click(driver, "#transition-accept button[name=submit]")
    by_css(driver, "#comment-ask").send_keys("Bitte senden Sie uns noch die Ausweiskopie.")
    click(driver, "#transition-ask button[name=submit]")
    screenshot(driver, "06-clerk-asked")
    log_out(driver, base)

    # 5. The citizen answers on the status page.
    driver.get(status_url)
    assert "Ausweiskopie" in by_css(driver, "#request-history").text
    assert by_css(driver, "#request-state").get_attribute("data-state") == "waiting"
    assert_accessible(driver, "status page with question")
    by_css(driver, "#answer-text").send_keys("Die Ausweiskopie liegt bei.")
    by_css(driver, "#answer-files").send_keys(str(lease))
    screenshot(driver, "07-citizen-answers")
    click(driver, "#send-answer")
    assert by_css(driver, "#request-state").get_attribute("data-state") == "in_progress"
    screenshot(driver, "08-answered")

    # 6. The clerk completes it with a result document.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}/liestal/einwohnerdienste/{reference}")
    screenshot(driver, "09-clerk-sees-answer")
    assert "Die Ausweiskopie liegt bei." in driver.page_source
    by_css(driver, "#comment-complete").send_keys("Ihre Wohnsitzbestätigung liegt bereit.")
    by_css(driver, "#result-upload").send_keys(str(result))
    click(driver, "#transition-complete button[name=submit]")
    screenshot(driver, "10-clerk-completed")
    log_out(driver, base)

    # 7. The citizen downloads the result.
    driver.get(status_url)
    assert by_css(driver, "#request-state").get_attribute("data-state") == "completed"
    link = by_css(driver, "#download-result")
    screenshot(driver, "11-result")
    assert_accessible(driver, "status page with result")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=30) as response:  # noqa: S310
        assert response.read() == RESULT_PDF
    assert len(list(screenshot(driver, "12-end").parent.glob("*.png"))) == 12
