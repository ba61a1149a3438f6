"""A tenant's payments (issue 20) in a real browser against the demo site: Liestal's admin goes
from the payment settings to «Zahlungen von Liestal», chooses a month, sees the totals and the
export links, finds no flagged payment and chooses that late payments are listed for the
admins. No axe-core violation of WCAG 2.1 A/AA on the whole document; the page is saved to
docs/screenshots/payment-overview.png. (The refund page needs a request paid on the stand-in:
the payment flow's browser test rejects one and refunds it.)"""

from tests.e2e.conftest import REPO
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_a_tenant_admin_sees_the_payments_and_chooses_for_late_ones(server, driver, screenshot):
    base = server.url("/Plone")
    log_in(driver, base, "liestal-admin", "Demo-liestal-admin")
    driver.get(f"{base}/liestal/@@payment-settings")
    click(driver, "#dg-payment-overview-link a")
    assert by_css(driver, "h1").text == "Zahlungen von Liestal"
    assert "Keine Zahlungen oder Rückerstattungen in diesem Monat." in driver.page_source
    assert by_css(driver, "#month-downloads a").text == "Als CSV herunterladen"
    assert_accessible(driver, "payment overview")
    screenshot(driver, "01-overview")

    driver.execute_script("document.getElementById('month-input').value = '2026-03'")
    click(driver, "#month-form button")
    assert "month=2026-03" in driver.current_url
    assert by_css(driver, "#month-input").get_attribute("value") == "2026-03"

    by_css(driver, "#late-flag").click()
    click(driver, "#late-choice button")
    assert "Die Einstellung wurde gespeichert." in driver.page_source
    assert by_css(driver, "#late-flag").is_selected()
    assert_accessible(driver, "payment overview saved")
    screenshot(driver, "02-saved")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / "payment-overview.png"))
