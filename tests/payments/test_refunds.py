"""Issue 20, refunds: the clerk who rejects a paid request is offered the refund of its fee
(the full amount proposed, less allowed), confirms it, the stand-in credits it, the case log
records it and the citizen is told by mail in the request's language; later, a rejected or
completed request's fee can still be refunded from its page. Bad amounts are refused in German
with nothing changed; a provider that cannot be reached changes nothing but the rejection
stands; only the office's staff may refund."""

import pytest
import transaction
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.submissions.tokens import mint_token
from digitalgemeinde.submissions.tokens import status_url
from tests.helpers import browser_for
from tests.payments.refund_helpers import mails
from tests.payments.refund_helpers import paid  # noqa: F401
from tests.payments.refund_helpers import take
from tests.submissions.helpers import denied


def step(browser, transition: str, comment: str = ""):
    form = browser.getForm(id=f"transition-{transition}")
    form.getControl(name="comment").value = comment
    form.submit()
    if f'id="confirm-{transition}"' in browser.contents:
        browser.getForm(id=f"confirm-{transition}").submit()


def refund(browser, amount: str, note: str = ""):
    form = browser.getForm(id="refund-form")
    form.getControl(name="amount").value = amount
    form.getControl(name="note").value = note
    form.submit()


def state(submission) -> str:
    transaction.begin()
    return api.content.get_state(submission)


def log_actions(submission) -> list[str]:
    transaction.begin()
    return [entry["action"] for entry in submission.log]


@pytest.fixture
def german(paid):  # noqa: F811
    sitesetup.configure_languages("de")
    transaction.commit()
    return paid


@pytest.fixture
def clerk(app, german):
    browser = browser_for(app, "liestal-clerk")
    browser.open(german.submission.absolute_url())
    return browser


def test_rejecting_offers_the_full_refund_and_a_part_is_refunded(clerk, german, functional):
    step(clerk, "reject", "Kein Hund gemeldet.")
    assert state(german.submission) == "rejected"  # the rejection does not wait for the refund
    assert clerk.url.endswith("/@@case-refund")
    assert "Das Anliegen wurde online bezahlt (CHF 40.00)" in clerk.contents
    assert clerk.getControl(name="amount").value == "40.00"
    refund(clerk, "15.00", "Teilweise: Bearbeitung begonnen")
    assert clerk.url == f"{german.submission.absolute_url()}#refund"
    assert "CHF 15.00 wurde zurückerstattet." in clerk.contents
    attempt = german.fresh()
    assert [item[1] for item in attempt.refunds] == [1500]
    assert attempt.refunds[0][3] == "liestal-clerk"
    assert german.credited() == 1500  # the stand-in has credited it
    assert log_actions(german.submission)[-1] == "refund"
    assert german.submission.log[-1]["amount"] == 1500
    assert "Gebühr zurückerstattet" in clerk.contents  # the case log's label
    [mail] = [m for m in mails(functional["portal"]) if "zurückerstattet" in m]
    assert "To: anna@example.ch" in mail
    assert "Wir haben Ihnen CHF 15.00 zurückerstattet" in mail
    # the rest, later, from the request page
    clerk.getLink(id="refund-link").click()
    assert clerk.getControl(name="amount").value == "25.00"
    refund(clerk, "25")
    assert german.fresh().refundable == 0 and german.credited() == 4000
    assert 'id="refund-link"' not in clerk.contents  # nothing left to refund
    # the citizen's status page says it, beside what was paid
    with api.env.adopt_roles(["Manager"]):
        token = mint_token(german.submission)
    transaction.commit()
    citizen = browser_for(functional["app"])
    citizen.open(status_url(token))
    assert "Zurückerstattet" in citizen.contents and "CHF 40.00" in citizen.contents


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "«abc» ist kein Betrag in Franken"),
        ("0", "Der zurückzuerstattende Betrag muss grösser als CHF 0.00 sein."),
        ("-5", "Der zurückzuerstattende Betrag muss grösser als CHF 0.00 sein."),
        ("40.01", "Es können höchstens CHF 40.00 zurückerstattet werden."),
        ("", "Geben Sie den zurückzuerstattenden Betrag ein."),
    ],
)
def test_a_bad_amount_is_refused_in_german_and_nothing_changes(
    clerk, german, functional, amount, message
):
    take(german.submission, "reject")
    clerk.open(f"{german.submission.absolute_url()}/@@case-refund")
    refund(clerk, amount)
    assert message in clerk.contents
    assert german.fresh().refunds == () and german.credited() == 0
    assert "refund" not in log_actions(german.submission)
    assert not [m for m in mails(functional["portal"]) if "zurückerstattet" in m]
    refund(clerk, "40.00")  # the legitimate path next to it
    assert german.credited() == 4000


def test_the_provider_down_changes_nothing_and_the_rejection_stands(clerk, german, functional):
    german.standin.fail("credit", 500)
    step(clerk, "reject", "Kein Hund gemeldet.")
    refund(clerk, "40.00")
    assert "Der Zahlungsanbieter ist nicht erreichbar: Es wurde nichts zurückerstattet." in (
        clerk.contents
    )
    assert state(german.submission) == "rejected"
    assert german.fresh().refunds == ()
    assert "refund" not in log_actions(german.submission)
    assert not [m for m in mails(functional["portal"]) if "zurückerstattet" in m]
    german.standin.heal()
    refund(clerk, "40.00")  # tried again once it answers
    assert german.credited() == 4000 and len(german.fresh().refunds) == 1


def test_a_completed_request_can_be_refunded_later_and_an_open_one_not(clerk, german):
    assert 'id="refund-link"' not in clerk.contents  # still open: nothing to refund yet
    assert "Online bezahlte Gebühr" in clerk.contents
    clerk.open(f"{german.submission.absolute_url()}/@@case-refund")
    assert 'id="refund-form"' not in clerk.contents
    assert "sobald das Anliegen abgelehnt oder erledigt ist" in clerk.contents
    take(german.submission, "accept", "complete")
    clerk.open(german.submission.absolute_url())
    clerk.getLink(id="refund-link").click()
    refund(clerk, "40.00")
    assert german.credited() == 4000
    clerk.open(f"{german.submission.absolute_url()}/@@case-refund")
    assert "Die Gebühr ist ganz zurückerstattet: Es bleibt nichts übrig." in clerk.contents


def test_a_request_not_paid_online_has_no_refund(app, german, form, request_):
    from tests.submissions.helpers import make_submission

    unpaid = make_submission(form, request_, name="Otto Alt", email="otto@example.ch")
    transaction.commit()
    take(unpaid, "reject")
    browser = browser_for(app, "liestal-clerk")
    browser.open(unpaid.absolute_url())
    assert unpaid.payment is None, unpaid.payment
    assert 'id="refund"' not in browser.contents
    browser.open(f"{unpaid.absolute_url()}/@@case-refund")
    assert 'id="refund-form"' not in browser.contents


@pytest.mark.parametrize("user", [None, "allschwil-clerk", "liestal-bau-clerk", "liestal-editor"])
def test_others_may_not_refund(app, german, user, bau, allschwil_clerk):
    take(german.submission, "reject")
    browser = browser_for(app, user)
    browser.raiseHttpErrors = False
    url = f"{german.submission.absolute_url()}/@@case-refund"
    browser.open(url)
    assert denied(browser)
    browser.open(url, data="amount=40.00")
    assert denied(browser)
    assert german.credited() == 0 and german.fresh().refunds == ()


def test_the_mail_is_in_the_requests_language(clerk, german, functional):
    german.submission.fill_in(language="fr")
    transaction.commit()
    take(german.submission, "reject")
    clerk.open(f"{german.submission.absolute_url()}/@@case-refund")
    refund(clerk, "40.00")
    [mail] = [m for m in mails(functional["portal"]) if "CHF 40.00" in m]
    assert "Nous vous avons remboursé CHF 40.00" in mail


def refunded_at_the_provider_already(paid):  # noqa: F811
    """Someone credited the whole payment in the provider's back office: it refuses ours."""
    paid.provider.client.refund(
        paid.attempt.transaction_id, amount=4000, currency="CHF", refno="backoffice"
    )


def no_answer(paid):  # noqa: F811
    paid.standin.fail("credit", "drop")


def account_off(paid):  # noqa: F811
    from digitalgemeinde.payments import accounts
    from tests.datatrans.fixtures import HMAC_KEY
    from tests.datatrans.fixtures import PASSWORD

    transaction.begin()
    values = {"merchant_id": paid.standin.merchant_id, "active": False}
    values.update(password=PASSWORD, hmac_key=HMAC_KEY, api_url=paid.standin.url)
    accounts.save(api.portal.get()["liestal"], {**values, "pay_url": paid.standin.url}, "admin")
    transaction.commit()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (refunded_at_the_provider_already, "Der Zahlungsanbieter hat die Rückerstattung abgelehnt"),
        (no_answer, "Der Zahlungsanbieter ist nicht erreichbar"),
        (account_off, "Das Händlerkonto ist nicht aktiv: Es wurde nichts zurückerstattet."),
    ],
)
def test_a_refund_the_provider_does_not_make_is_not_recorded(clerk, german, fault, message):
    take(german.submission, "reject")
    fault(german)
    clerk.open(f"{german.submission.absolute_url()}/@@case-refund")
    refund(clerk, "40.00")
    assert message in clerk.contents
    assert german.fresh().refunds == ()
    assert "refund" not in log_actions(german.submission)
