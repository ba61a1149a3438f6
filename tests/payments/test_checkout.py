"""Pay, then deliver (issue 20), against a real Plone server (the acceptance layer) and the
Datatrans stand-in, which calls our notification page as Datatrans would.

A form whose service charges CHF 20.00 per copy: ``@submit`` answers 202 with the payment page,
nothing is in the inbox until the payment is confirmed, the paying browser comes back to the
receipt; a cancelled payment leaves nothing and may be paid again; forged, altered and replayed
notifications change nothing; the provider down at the start charges nothing; a payment whose
notification never comes is settled by the worker's poll; without a merchant account the
request is delivered at once (the office invoices)."""

import json
import re
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
import transaction
from plone import api

from digitalgemeinde.payments import accounts
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import checkout
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.datatrans_signature import header_value
from tests.datatrans.fixtures import HMAC_KEY
from tests.datatrans.fixtures import PASSWORD
from tests.datatrans.fixtures import allow_hosts
from tests.helpers import build_world
from tests.request_forms import make_request_form

COPIES = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="anzahl" type="zope.schema.Int"><title>Anzahl Exemplare</title>
      <min>1</min><max>5</max></field>
  </schema>
</model>"""
VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "anzahl": 2}
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


@pytest.fixture
def shop(acceptance, datatrans_standin):
    """Liestal's form with a fee of CHF 20.00 per copy, its merchant account at the stand-in."""
    portal = acceptance["portal"]
    world = build_world(portal)
    form = make_request_form(world)
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = COPIES
        service = world["liestal-service"]
        service.fee_kind, service.fee_field = "per_unit", "anzahl"
        service.fee_amount, service.fee_unit = Decimal("20.00"), "Exemplar"
        allow_hosts(datatrans_standin.port)
    account = {
        "provider": "datatrans",
        "merchant_id": datatrans_standin.merchant_id,
        "password": PASSWORD,
        "hmac_key": HMAC_KEY,
        "api_url": datatrans_standin.url,
        "pay_url": datatrans_standin.url,
        "active": True,
    }
    accounts.save(world["liestal"], account, "liestal-admin")
    transaction.commit()
    site = f"http://localhost:{acceptance['port']}/plone"
    return {
        "portal": portal,
        "world": world,
        "standin": datatrans_standin,
        "submit": f"{site}/liestal/{form.getId()}/@submit",
        "site": site,
        "account": account,
    }


def submissions() -> list:
    transaction.begin()
    return list(api.content.find(portal_type="Submission", unrestricted=True))


def submit(shop, session=None, **values):
    session = session or requests.Session()
    answer = session.post(shop["submit"], json={**VALUES, **values}, headers=JSON, timeout=30)
    return session, answer


def choose(session, redirect_url: str, action: str) -> str:
    """The citizen on the payment page presses a button: where the provider sends them back."""
    page = session.get(redirect_url, timeout=10)
    assert page.status_code == 200 and "Bezahlen" in page.text
    answer = session.post(redirect_url, data={"action": action}, allow_redirects=False, timeout=10)
    assert answer.status_code == 303, answer.text[:300]
    return answer.headers["Location"]


def test_the_request_waits_for_its_payment_and_is_delivered_once(shop):
    session, answer = submit(shop)
    assert answer.status_code == 202, answer.text[:500]
    payment = answer.json()["payment"]
    assert payment["amount"] == 4000 and payment["currency"] == "CHF"
    assert payment["redirect_url"].startswith(shop["standin"].url)
    assert submissions() == []  # nothing in any inbox before the payment
    back = choose(session, payment["redirect_url"], "pay")
    assert back.startswith(f"{shop['site']}/@@payment-return?refno={payment['refno']}")
    receipt = session.get(back, timeout=30)
    assert receipt.status_code == 200 and "receipt=1" in receipt.url
    [webhook] = shop["standin"].wait_sent(1)
    assert webhook["http_status"] == 200  # settled, or told again: no effect
    [brain] = submissions()
    request = brain._unrestrictedGetObject()
    assert request.reference in receipt.text
    assert request.payment["amount"] == 4000 and request.payment["refno"] == payment["refno"]
    assert request.payment["transaction_id"] == webhook["transactionId"]
    assert request.values["anzahl"] == 2
    again = session.get(back, timeout=30)  # back again later: the receipt, no second request
    assert "receipt=1" in again.url and len(submissions()) == 1


def test_a_cancelled_payment_leaves_nothing_and_may_be_paid_again(shop):
    session, answer = submit(shop)
    payment = answer.json()["payment"]
    back = choose(session, payment["redirect_url"], "cancel")
    page = session.get(back, timeout=30)
    assert page.status_code == 200 and 'id="payment-again"' in page.text
    assert "4.00" not in page.text and "CHF 40.00" in page.text
    assert submissions() == []
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    retry = session.post(back, data={"_authenticator": token}, allow_redirects=False, timeout=30)
    assert retry.status_code == 303 and retry.headers["Location"].startswith(shop["standin"].url)
    assert retry.headers["Location"] != payment["redirect_url"]  # a new transaction
    receipt = session.get(choose(session, retry.headers["Location"], "pay"), timeout=30)
    assert "receipt=1" in receipt.url
    assert len(submissions()) == 1


def test_only_the_paying_browser_sees_the_outcome(shop):
    session, answer = submit(shop)
    payment = answer.json()["payment"]
    back = choose(session, payment["redirect_url"], "pay")
    stranger = requests.get(back, timeout=30)
    assert stranger.status_code == 404
    assert payment["refno"] not in stranger.text or "receipt" not in stranger.url
    refno = payment["refno"]
    other = refno[:-1] + ("X" if refno[-1] != "X" else "Y")  # another attempt's, or none
    guessed = session.get(back.replace(refno, other), timeout=30)
    assert guessed.status_code == 404
    assert "receipt=1" in session.get(back, timeout=30).url  # the paying browser still does


def notify(shop, refno: str, body: bytes, key: str = HMAC_KEY):
    headers = {
        "Content-Type": "application/json",
        "Datatrans-Signature": header_value(key, body, int(time.time() * 1000)),
    }
    url = f"{shop['site']}/@@payment-notification?refno={refno}"
    return requests.post(url, data=body, headers=headers, timeout=30)


def test_forged_altered_and_replayed_notifications_change_nothing(shop):
    standin = shop["standin"]
    standin.webhook_mode = "hold"  # the genuine notification waits; we send our own first
    session, answer = submit(shop)
    payment = answer.json()["payment"]
    choose(session, payment["redirect_url"], "pay")
    tid = standin.private and next(iter(standin.transactions))
    paid = standin.transaction(tid)
    body = json.dumps(paid).encode()
    assert notify(shop, payment["refno"], body, key="00" * 32).status_code == 400  # forged
    cheaper = {**paid, "detail": {**paid["detail"], "settle": {"amount": 100}}}
    altered = json.dumps(cheaper).encode()
    assert notify(shop, payment["refno"], altered).status_code == 400  # another amount
    assert notify(shop, "2829-20261207-XXXXXX", body).status_code == 400  # unknown reference
    assert submissions() == []
    assert notify(shop, payment["refno"], body).status_code == 200  # the genuine one
    assert notify(shop, payment["refno"], body).status_code == 200  # replayed: no effect
    standin.release()
    assert standin.wait_sent(1)[0]["http_status"] == 200
    assert len(submissions()) == 1


def test_the_provider_down_at_the_start_charges_nothing_and_keeps_nothing(shop):
    shop["standin"].fail("init", 500)
    session, answer = submit(shop)
    assert answer.status_code == 503
    assert "Nothing was charged" in answer.json()["message"]
    assert submissions() == []
    shop["standin"].heal()
    _session, answer = submit(shop, session)
    assert answer.status_code == 202


def test_a_payment_whose_notification_never_comes_is_settled_by_the_poll(shop):
    shop["standin"].webhook_mode = "drop"
    session, answer = submit(shop)
    payment = answer.json()["payment"]
    choose(session, payment["redirect_url"], "pay")  # and the browser is closed
    assert submissions() == []
    transaction.begin()
    portal = shop["portal"]
    later = datetime.now(UTC) + timedelta(minutes=6)
    report = settlement.poll(portal, checkout.provider_of, checkout.deliver_by_worker, now=later)
    transaction.commit()
    assert report.outcomes == {settlement.DELIVERED: 1}
    [brain] = submissions()
    assert brain._unrestrictedGetObject().payment["refno"] == payment["refno"]
    attempt = attempts.by_refno(portal, payment["refno"])
    assert attempt.request_uid == brain.UID
    receipt = session.get(f"{shop['site']}/{checkout.RETURN_VIEW}?refno={payment['refno']}")
    assert "receipt=1" in receipt.url


def test_without_a_merchant_account_the_request_is_delivered_at_once(shop):
    inactive = {**shop["account"], "active": False}
    accounts.save(shop["world"]["liestal"], inactive, "liestal-admin")
    transaction.commit()
    _session, answer = submit(shop)
    assert answer.status_code == 201, answer.text[:300]
    [brain] = submissions()
    assert brain._unrestrictedGetObject().payment is None


def test_a_count_without_fee_is_refused_before_anything_is_paid(shop):
    _session, answer = submit(shop, anzahl=0)
    assert answer.status_code == 400  # the form's own minimum
    assert submissions() == [] and not shop["standin"].transactions


def test_two_tabs_paying_the_same_request_make_one_request_and_refund_the_other(shop):
    standin = shop["standin"]
    first_tab, first = submit(shop)
    second_tab, second = submit(shop)  # the same values, while the first payment is open
    assert first.status_code == second.status_code == 202
    one, two = first.json()["payment"], second.json()["payment"]
    assert one["refno"] != two["refno"]
    first_tab.get(choose(first_tab, one["redirect_url"], "pay"), timeout=30)
    back = choose(second_tab, two["redirect_url"], "pay")
    page = second_tab.get(back, timeout=30)
    assert page.status_code == 200 and 'id="payment-title"' in page.text  # paid, not delivered
    standin.wait_sent(2)
    assert len(submissions()) == 1
    credits = {
        paid["refno"]: [entry["amount"] for entry in paid["history"] if entry["action"] == "credit"]
        for paid in standin.transactions.values()
        if paid["type"] == "payment"
    }
    assert credits == {one["refno"]: [], two["refno"]: [4000]}  # once, though asked twice
    attempt = attempts.by_refno(shop["portal"], two["refno"])
    assert attempt.refunded == 4000 and attempt.request_uid is None


def test_a_declined_card_charges_nothing_and_the_citizen_may_pay_again(shop):
    session, answer = submit(shop)
    back = choose(session, answer.json()["payment"]["redirect_url"], "decline")
    page = session.get(back, timeout=30)
    assert page.status_code == 200 and 'id="payment-again"' in page.text
    assert submissions() == []


@pytest.mark.parametrize(("choice", "refunded", "flagged"), [("refund", 4000, 0), ("flag", 0, 1)])
def test_a_payment_after_the_attempt_expired_is_refunded_or_flagged_by_the_tenants_choice(
    shop, choice, refunded, flagged
):
    from digitalgemeinde.payments import late_payments

    late_payments.set_choice(shop["world"]["liestal"], choice, "liestal-admin")
    transaction.commit()
    session, answer = submit(shop)
    payment = answer.json()["payment"]
    transaction.begin()
    attempt = attempts.by_refno(shop["portal"], payment["refno"])
    attempt.expires = datetime.now(UTC) - timedelta(minutes=1)  # the citizen took too long
    transaction.commit()
    choose(session, payment["redirect_url"], "pay")
    assert shop["standin"].wait_sent(1)[0]["http_status"] == 200
    transaction.begin()
    assert submissions() == []  # too late: nothing delivered
    assert attempt.refunded == refunded
    assert len(attempts.flagged(shop["portal"])) == flagged
