"""The Datatrans stand-in's payment page in a real browser: WCAG 2.1 AA (axe-core on the whole
document), and the citizen's click on Bezahlen brings the browser back to the portal with
datatransTrxId while a signed webhook reports the payment. No Plone server: the stand-in and a
small receiver play the provider and the portal (the whole loop with the portal is the
payment flow's browser test)."""

import json

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from digitalgemeinde.payments import datatrans_signature
from tests.datatrans.fixtures import HMAC_KEY
from tests.datatrans.fixtures import MERCHANT_ID
from tests.datatrans.fixtures import PASSWORD
from tests.datatrans.fixtures import WebhookReceiver
from tests.datatrans.standin import StandIn
from tests.e2e.conftest import REPO
from tests.e2e.conftest import axe_violations

SCREENSHOT = REPO / "docs" / "screenshots" / "datatrans-standin-payment-page.png"


def test_paying_on_the_standin_page(driver):
    receiver = WebhookReceiver()
    try:
        with StandIn(MERCHANT_ID, PASSWORD, HMAC_KEY) as standin:
            body = {
                "currency": "CHF",
                "refno": "DG-2026-00017",
                "amount": 4000,
                "autoSettle": True,
                "redirect": {
                    "successUrl": f"{receiver.base}/ok",
                    "cancelUrl": f"{receiver.base}/abgebrochen",
                    "errorUrl": f"{receiver.base}/fehler",
                },
                "webhook": {"url": receiver.url},
            }
            opened = requests.post(
                f"{standin.url}/v1/transactions", json=body, auth=(MERCHANT_ID, PASSWORD), timeout=5
            )
            assert opened.status_code == 201
            tid = opened.json()["transactionId"]
            driver.get(opened.headers["Location"])
            assert driver.find_element(By.TAG_NAME, "h1").text == "Zahlung"
            assert "CHF 40.00" in driver.page_source
            assert axe_violations(driver) == []
            driver.set_window_size(900, 600)
            driver.save_screenshot(str(SCREENSHOT))
            driver.find_element(By.CSS_SELECTOR, "button[value=pay]").click()
            WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(receiver.base))
            assert driver.current_url == f"{receiver.base}/ok?datatransTrxId={tid}"
            headers, sent = receiver.wait(1)[0]
            datatrans_signature.check(HMAC_KEY, sent, headers)
            assert json.loads(sent)["status"] == "settled"
    finally:
        receiver.stop()
