"""Paying a fee online, the whole loop in a real browser (issue 20, "How it is checked").

Against the demo site `make start` builds and the Datatrans stand-in in this test's process
(the server reaches it on 127.0.0.1, allowed by the site's manager over REST):

1. Liestal's admin sets the merchant account at the stand-in on «Online-Zahlung».
2. A citizen orders a Wohnsitzbestätigung, 2 copies at CHF 20.00: the service page and the form
   show the fee, sending leads to the stand-in's payment page (CHF 40.00), «Bezahlen» leads back
   to the receipt with the reference, the amount and the provider's transaction.
3. A second citizen cancels on the payment page: the portal says nothing was charged and offers
   «Jetzt bezahlen»; no request reached the office.
4. The clerk sees the paid request «bezahlt» in the inbox, rejects it and refunds the full
   amount: the stand-in's transaction has the credit, the request page shows the refund.

Our pages (service page, form, receipt, return page, inbox, request page, refund page) have no
axe-core violation of WCAG 2.1 A/AA on the whole document. Screenshots:
docs/screenshots/payment-receipt.png, payment-cancelled.png, payment-inbox-paid.png and
payment-refunded.png.
"""

import pytest

from tests.datatrans.fixtures import HMAC_KEY
from tests.datatrans.fixtures import MERCHANT_ID
from tests.datatrans.fixtures import PASSWORD
from tests.datatrans.standin import StandIn
from tests.e2e.conftest import REPO
from tests.e2e.test_delivery_resend import as_admin
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import choose
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.e2e.test_request_loop import log_out
from tests.e2e.test_request_loop import set_value

SCREENSHOTS = REPO / "docs" / "screenshots"
OFFICE = "/liestal/einwohnerdienste"
SERVICE = "/liestal/wohnsitzbestaetigung"


@pytest.fixture(scope="module")
def standin():
    with StandIn(MERCHANT_ID, PASSWORD, HMAC_KEY) as running:
        yield running


def keep(driver, name: str, element_id: str | None = None) -> None:
    """Save the page to docs/screenshots/<name>.png (``element_id`` in the middle)."""
    import time

    if element_id:
        driver.execute_script(  # the theme scrolls smoothly: jump, then take the picture
            "document.documentElement.style.scrollBehavior = 'auto';"
            "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
            element_id,
        )
        time.sleep(0.3)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def wait_until(driver, condition, what: str, seconds: int = 30):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, seconds).until(lambda d: condition(d))
    except TimeoutException:
        raise AssertionError(f"{what}: still at {driver.current_url}") from None


def webhook_of(standin: StandIn, tid: str) -> dict | None:
    """The stand-in's notification of ``tid`` to the portal, once sent."""
    return next((sent for sent in standin.sent if sent["transactionId"] == tid), None)


def requests_in_the_office(server) -> int:
    """How many requests the Einwohnerdienste Liestal have (as the site's manager, over REST)."""
    found = as_admin(server, "GET", f"{OFFICE}/@search?portal_type=Submission&b_size=1")
    return found["items_total"]


def admin_sets_the_account(server, driver, standin: StandIn) -> None:
    """The manager allows the stand-in's address; Liestal's admin enters the merchant account."""
    as_admin(
        server,
        "PATCH",
        "/@registry",
        {"digitalgemeinde.outgoing_allowed_hosts": [f"127.0.0.1:{standin.port}"]},
    )
    base = server.url("/Plone")
    log_in(driver, base, "liestal-admin", "Demo-liestal-admin")
    driver.get(f"{base}/liestal/@@tenant-dashboard")
    click(driver, "#dg-payment-settings-link")
    assert by_css(driver, "h1").text == "Online-Zahlung: Liestal"
    set_value(driver, "merchant_id", MERCHANT_ID)
    set_value(driver, "password", PASSWORD)
    set_value(driver, "hmac_key", HMAC_KEY)
    set_value(driver, "api_url", standin.url)
    set_value(driver, "pay_url", standin.url)
    active = by_css(driver, "#form-widgets-active-0")
    if not active.is_selected():
        active.click()
    click(driver, '[name="form.buttons.save"]')
    assert "Die Zahlungseinstellungen wurden gespeichert." in driver.page_source
    assert by_css(driver, "#dg-payment-status").text.startswith("Aktiv")
    assert PASSWORD not in driver.page_source and HMAC_KEY not in driver.page_source
    assert_accessible(driver, "payment settings with the stand-in's account")
    log_out(driver, base)


def citizen_orders(server, driver, standin: StandIn, first_name: str, screenshot=None) -> str:
    """From the service page to the stand-in's payment page: 2 copies, CHF 40.00. Returns the
    transaction's id."""
    base = server.url("/Plone")
    driver.delete_all_cookies()
    driver.get(f"{base}{SERVICE}")
    assert by_css(driver, "#service-fees .service-fee-amount").text == "CHF 20.00 pro Exemplar"
    assert_accessible(driver, "service page with the fee")
    click(driver, "#service-apply")
    notice = by_css(driver, "#fee-notice").text
    assert "CHF 20.00 pro Exemplar" in notice, notice
    assert "Sie bezahlen online nach dem Absenden." in notice, notice
    for name, value in {
        "vorname": first_name,
        "nachname": "Muster",
        "geburtsdatum": "1988-05-17",
        "email": f"{first_name.lower()}.muster@example.ch",
        "adresse": "Rathausstrasse 3",
        "anzahl": "2",
    }.items():
        set_value(driver, name, value)
    choose(driver, "verwendungszweck")
    assert_accessible(driver, "form with the fee, filled in")
    if screenshot:
        screenshot(driver, f"{first_name}-01-form")
    before = set(standin.transactions)
    click(driver, '[name="form.buttons.submit"]')
    wait_until(driver, lambda d: d.current_url.startswith(standin.url), "to the payment page")
    assert by_css(driver, "h1").text == "Zahlung"
    assert "CHF 40.00" in driver.page_source
    (tid,) = set(standin.transactions) - before
    assert driver.current_url == f"{standin.url}/v1/start/{tid}"
    assert standin.transaction(tid)["history"][0]["amount"] == 4000
    if screenshot:
        screenshot(driver, f"{first_name}-02-payment-page")
    return tid


def citizen_pays(server, driver, standin: StandIn, screenshot) -> dict:
    """Anna pays 2 copies and lands on the receipt: its reference, status URL and transaction."""
    count = requests_in_the_office(server)
    tid = citizen_orders(server, driver, standin, "Anna", screenshot)
    assert requests_in_the_office(server) == count  # nothing in the inbox before paying
    click(driver, "button[value=pay]")
    wait_until(driver, lambda d: "receipt=1" in d.current_url, "to the receipt")
    assert "/@@anliegen/" in driver.current_url
    reference = by_css(driver, "h1 .text-nowrap").text
    assert reference.startswith("2829-")
    assert by_css(driver, "#receipt-thanks").is_displayed()
    paid = by_css(driver, "#status-payment").text
    assert "CHF 40.00" in paid and f"Transaktion {tid}" in paid, paid
    assert "Datatrans" in paid, paid
    assert standin.transaction(tid)["status"] == "settled"
    sent = wait_until(driver, lambda d: webhook_of(standin, tid), "the signed notification")
    assert "/@@payment-notification" in sent["url"], sent
    assert sent["http_status"] == 200, sent  # our notification page took it (or had it)
    assert_accessible(driver, "receipt of a paid request")
    screenshot(driver, "Anna-03-receipt")
    keep(driver, "payment-receipt", "status-payment")
    assert requests_in_the_office(server) == count + 1
    return {"reference": reference, "tid": tid, "status_url": driver.current_url.split("?")[0]}


def citizen_cancels(server, driver, standin: StandIn, screenshot) -> None:
    """Berta cancels on the payment page: nothing charged, «Jetzt bezahlen»; she pays again on
    a new transaction and the payment is declined: nothing charged; nothing delivered."""
    count = requests_in_the_office(server)
    tid = citizen_orders(server, driver, standin, "Berta")
    click(driver, "button[value=cancel]")
    wait_until(driver, lambda d: "@@payment-return" in d.current_url, "back to the portal")
    assert by_css(driver, "#payment-title").text == "Die Zahlung wurde abgebrochen"
    state = by_css(driver, "#payment-state").text
    assert state.startswith("Es wurde nichts belastet"), state
    assert by_css(driver, "#payment-again").text == "Jetzt bezahlen"
    assert "CHF 40.00" in by_css(driver, ".payment-facts").text
    assert standin.transaction(tid)["status"] == "canceled"
    assert_accessible(driver, "return page after a cancelled payment")
    screenshot(driver, "Berta-03-cancelled")
    keep(driver, "payment-cancelled")

    click(driver, "#payment-again")
    wait_until(driver, lambda d: d.current_url.startswith(standin.url), "to a new payment page")
    again = driver.current_url.rsplit("/", 1)[-1]
    assert again != tid and "CHF 40.00" in driver.page_source
    click(driver, "button[value=decline]")
    wait_until(driver, lambda d: "@@payment-return" in d.current_url, "back after declining")
    assert by_css(driver, "#payment-title").text == "Die Zahlung wurde abgelehnt"
    assert by_css(driver, "#payment-state").text.startswith("Es wurde nichts belastet")
    assert by_css(driver, "#payment-again").text == "Jetzt bezahlen"
    assert standin.transaction(again)["status"] == "failed"
    assert_accessible(driver, "return page after a declined payment")
    screenshot(driver, "Berta-04-declined")
    assert requests_in_the_office(server) == count


def clerk_rejects_and_refunds(server, driver, standin: StandIn, paid: dict, screenshot) -> None:
    base = server.url("/Plone")
    reference, tid = paid["reference"], paid["tid"]
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}{OFFICE}/@@inbox?q={reference}")
    row = by_css(driver, f'tr:has(a[href*="/{reference}"])')
    assert row.find_element("css selector", ".inbox-paid").text == "bezahlt"
    assert_accessible(driver, "inbox with a paid request")
    screenshot(driver, "clerk-01-inbox")
    keep(driver, "payment-inbox-paid")
    click(driver, f'a[href*="/{reference}"]')
    assert "CHF 40.00" in by_css(driver, "#refund").text
    assert_accessible(driver, "request page of a paid request")

    by_css(driver, "#comment-reject").send_keys("Sie sind nicht in Liestal gemeldet.")
    click(driver, "#transition-reject button[name=submit]")
    click(driver, "#confirm-reject button[type=submit]")  # «Ja, ablehnen»
    assert driver.current_url.split("?")[0].endswith("/@@case-refund"), driver.current_url
    assert "Das Anliegen wurde online bezahlt (CHF 40.00)" in driver.page_source
    assert by_css(driver, "#refund-amount").get_attribute("value") == "40.00"
    assert_accessible(driver, "refund page")
    screenshot(driver, "clerk-02-refund")
    click(driver, "#refund-form button[type=submit]")

    page = driver.page_source
    assert "CHF 40.00 wurde zurückerstattet." in page
    assert "Anna Muster wurde per E-Mail informiert." in page
    assert by_css(driver, "#submission-state").text == "Abgelehnt"
    assert "CHF 40.00" in by_css(driver, "#refund .refund-entry").text
    assert not driver.find_elements("css selector", "#refund-link")  # nothing left to refund
    credits = [e for e in standin.transaction(tid)["history"] if e["action"] == "credit"]
    assert [c["amount"] for c in credits] == [4000]
    assert_accessible(driver, "request page after the refund")
    screenshot(driver, "clerk-03-refunded")
    keep(driver, "payment-refunded", "refund")
    log_out(driver, base)

    # Anna's page: rejected, with the reason (the refund itself is told her by mail)
    driver.get(paid["status_url"])
    assert by_css(driver, "#request-state").get_attribute("data-state") == "rejected"
    assert "Sie sind nicht in Liestal gemeldet." in by_css(driver, "#request-history").text


def test_a_citizen_pays_online_and_the_clerk_refunds_after_rejecting(
    server, driver, standin, screenshot
):
    admin_sets_the_account(server, driver, standin)
    paid = citizen_pays(server, driver, standin, screenshot)
    citizen_cancels(server, driver, standin, screenshot)
    clerk_rejects_and_refunds(server, driver, standin, paid, screenshot)
