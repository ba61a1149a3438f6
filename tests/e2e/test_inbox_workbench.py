"""The clerk's workbench in a real browser against the demo site: the inbox as liestal-clerk
with the columns Fällig and Zugewiesen an and the new filters, two requests chosen and assigned
to the clerk with one button, then "Mir zugewiesen" lists them; no axe-core violation of WCAG
2.1 A/AA on the whole document of the inbox and of a request's page. Screenshot:
docs/screenshots/staff-inbox-workbench.png."""

import re

from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out

SCREENSHOTS = REPO / "docs" / "screenshots"
INBOX = "/liestal/einwohnerdienste/@@inbox"


def references(driver) -> list[str]:
    return re.findall(r">(\d+-\d{4}-\d{6})</a>", driver.page_source)


def assert_accessible(driver, page: str) -> None:
    violations = axe_violations(driver)
    assert violations == [], f"{page}: {violations}"


def test_clerk_assigns_two_requests_to_herself(server, driver):
    from selenium.webdriver.common.by import By

    base = server.url("/Plone")
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}{INBOX}")
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#inbox-requests th")]
    assert "Fällig" in headers and "Zugewiesen an" in headers
    assert by_css(driver, "#filter-assigned")
    assert "Fälligkeit" in by_css(driver, "#filter-sort").text
    assert "Nur überfällige" in by_css(driver, "label[for=filter-overdue]").text
    assert "Überfällig" in by_css(driver, "#count-overdue").text
    assert_accessible(driver, "inbox")
    listed = references(driver)
    assert len(listed) >= 2
    boxes = driver.find_elements(By.CSS_SELECTOR, "#inbox-requests input[name='uids:list']")
    for box in boxes[:2]:
        box.click()
    click(driver, "#inbox-bulk-actions button[value=assign_me]")
    assert "2 Anliegen Ihnen zugewiesen." in by_css(driver, "#global_statusmessage").text
    driver.get(f"{base}{INBOX}?assigned=me")
    assert references(driver) == listed[:2]
    assigned = [td.text for td in driver.find_elements(By.CSS_SELECTOR, ".inbox-assignee")]
    assert len(set(assigned)) == 1 and assigned[0]
    assert_accessible(driver, "inbox, mine")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1800, 1300)  # the whole table, with Fällig and Zugewiesen an
    driver.get(f"{base}{INBOX}")
    driver.save_screenshot(str(SCREENSHOTS / "staff-inbox-workbench.png"))
    driver.set_window_size(1280, 1400)
    # the request's page: its assignee and previous/next within the filter
    driver.get(f"{base}{INBOX}?assigned=me")
    click(driver, "#inbox-requests tbody tr:first-child a")
    assert "Anliegen 1 von 2 im Posteingang" in by_css(driver, "#case-neighbours").text
    assert by_css(driver, "#case-assignee").text == assigned[0]
    assert_accessible(driver, "request page")
    click(driver, "#case-next")
    assert listed[1] in by_css(driver, "h1").text
    log_out(driver, base)
