"""Issue 20, the tenant's payments (``@@payment-overview``): the month's payments and refunds
with totals per service that add up, exported as CSV and XLSX without formulas; the payments
that delivered nothing (paid too late or twice) refunded or marked as dealt with; the tenant's
choice for late payments. Only the tenant's admins (and Managers) may see or change them."""

import csv
import io
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
import transaction
from openpyxl import load_workbook
from plone import api

from digitalgemeinde import sitesetup
from digitalgemeinde.payments import attempts
from digitalgemeinde.payments import reconciliation
from digitalgemeinde.payments import settlement
from digitalgemeinde.payments.late_payments import late_choice
from digitalgemeinde.payments.provider import PAID
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.payments.attempt_helpers import NOW
from tests.payments.attempt_helpers import start
from tests.payments.refund_helpers import paid  # noqa: F401
from tests.payments.refund_helpers import pay
from tests.submissions.helpers import denied
from tests.submissions.helpers import make_submission

EVIL = '=HYPERLINK("https://evil.example/x","Hund")'
MONTH = "2026-03"


@pytest.fixture
def month(paid, form, request_, world):  # noqa: F811
    """March 2026 of Liestal: CHF 40.00 for Hund anmelden (CHF 15.00 refunded) and CHF 20.00
    for a service with a formula as title; Allschwil's CHF 99.00 is not Liestal's."""
    portal = api.portal.get()
    other = make_submission(form, request_, name="Otto Alt", email="otto@example.ch")
    pay(portal, paid.provider, other, amount=2000, tenant=world["liestal"].UID(), service=EVIL)
    later = NOW + timedelta(hours=1)
    settlement.refund(paid.attempt, 1500, "liestal-clerk", "Teil", paid.provider, now=later)
    foreign = start(portal, paid.provider, amount=9900, tenant=world["allschwil"].UID())
    status = paid.provider.set_state(foreign.transaction_id, PAID)
    settlement.settle(foreign, status, lambda a: "x", paid.provider, portal=portal, now=NOW)
    create_user("allschwil-admin", ["allschwil-admins"])
    sitesetup.configure_languages("de")
    transaction.commit()
    return paid


def flag_late(paid, world, amount=3000):  # noqa: F811
    """A payment confirmed two hours after its attempt started (expired): flagged."""
    portal = api.portal.get()
    attempt = start(portal, paid.provider, amount=amount, tenant=world["liestal"].UID())
    status = paid.provider.set_state(attempt.transaction_id, PAID)
    outcome = settlement.settle(
        attempt,
        status,
        lambda a: "never",
        paid.provider,
        portal=portal,
        now=NOW + timedelta(hours=2),
        late=settlement.FLAG,
    )
    assert outcome.kind == settlement.FLAGGED
    transaction.commit()
    return attempt


def overview(world) -> str:
    return f"{world['liestal'].absolute_url()}/@@payment-overview"


def export(world, format) -> str:
    return f"{world['liestal'].absolute_url()}/@@payment-month-export?month={MONTH}&format={format}"


def test_the_admin_sees_the_months_totals_per_service(app, world, month):
    browser = browser_for(app, "liestal-admin")
    browser.open(f"{overview(world)}?month={MONTH}")
    page = browser.contents
    assert "Zahlungen von Liestal" in page
    assert page.count("<tr>") >= 6  # header rows, two services, three ledger rows
    assert "CHF 60.00" in page and "CHF -15.00" in page and "CHF 45.00" in page  # the totals
    assert EVIL in page  # shown as text
    assert "CHF 99.00" not in page  # Allschwil's payment
    assert "2829-2026-000001" in page  # the request the payment delivered
    browser.open(overview(world))  # by default the last month: none of March 2026's
    assert "Keine Zahlungen oder Rückerstattungen in diesem Monat." in browser.contents


def test_the_csv_adds_up_and_runs_no_formula(app, world, month):
    browser = browser_for(app, "liestal-admin")
    browser.open(export(world, "csv"))
    assert browser.headers["Content-Type"].startswith("text/csv")
    assert "zahlungen-liestal-2026-03.csv" in browser.headers["Content-Disposition"]
    text = browser.contents.lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == [
        "Datum",
        "Zahlungsreferenz",
        "Anliegen",
        "Leistung",
        "Betrag (CHF)",
        "Transaktions-ID",
        "Rückerstattungs-ID",
        "Status",
    ]
    amounts = [Decimal(row[4]) for row in rows]
    assert sorted(amounts) == [Decimal("-15.00"), Decimal("20.00"), Decimal("40.00")]
    transaction.begin()
    report = reconciliation.month_report(api.portal.get(), world["liestal"].UID(), 2026, 3)
    assert sum(amounts) * 100 == report.total.net == 4500
    assert report.total.payments == 6000 and report.total.refunds == -1500
    assert sum(t.net for t in report.services.values()) == report.total.net
    assert [row[3] for row in rows if row[3].startswith("'")] == [f"'{EVIL}"]
    assert {row[7] for row in rows} == {"bezahlt", "zurückerstattet"}
    refund = next(row for row in rows if row[7] == "zurückerstattet")
    assert refund[6] and refund[5] == month.attempt.transaction_id and refund[2]


def test_the_xlsx_adds_up_and_runs_no_formula(app, world, month):
    browser = browser_for(app, "liestal-admin")
    browser.open(export(world, "xlsx"))
    sheet = load_workbook(io.BytesIO(browser.contents)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[4] == "Betrag (CHF)"
    assert sum(Decimal(str(row[4])) for row in rows) == Decimal("45.00")
    services = [row[3] for row in rows]
    assert f"'{EVIL}" in services and not any(str(s).startswith("=") for s in services)
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


@pytest.mark.parametrize("user", [None, "liestal-clerk", "liestal-editor", "allschwil-admin"])
def test_others_may_not_see_the_payments(app, world, month, user):
    browser = browser_for(app, user)
    browser.raiseHttpErrors = False
    for url in (overview(world), export(world, "csv"), export(world, "xlsx")):
        browser.open(url)
        assert denied(browser), url


def test_a_manager_may_see_them(app, world, month):
    browser = browser_for(app, "admin")
    browser.open(f"{overview(world)}?month={MONTH}")
    assert "CHF 45.00" in browser.contents


def test_a_flagged_payment_is_refunded_or_marked_as_dealt_with(app, world, month):
    late = flag_late(month, world)
    other = flag_late(month, world, amount=1000)
    browser = browser_for(app, "liestal-admin")
    browser.open(overview(world))
    assert "Bezahlt, nachdem die Zahlungsfrist abgelaufen war" in browser.contents
    assert late.refno in browser.contents and other.refno in browser.contents
    browser.getControl("CHF 30.00 erstatten").click()
    assert f"Zahlung {late.refno}: CHF 30.00 wurde zurückerstattet." in browser.contents
    assert month.provider.status(late.transaction_id).refunded == 3000  # the stand-in
    transaction.begin()
    assert [a.refno for a in attempts.flagged(api.portal.get())] == [other.refno]
    browser.getControl("Erledigt").click()
    assert f"Zahlung {other.refno} wurde als erledigt markiert." in browser.contents
    transaction.begin()
    assert attempts.flagged(api.portal.get()) == []
    assert month.provider.status(other.transaction_id).refunded == 0
    assert "Keine." in browser.contents


def test_a_flagged_refund_with_the_provider_down_changes_nothing(app, world, month):
    late = flag_late(month, world)
    browser = browser_for(app, "liestal-admin")
    browser.open(overview(world))
    month.standin.fail("credit", 500)
    browser.getControl("CHF 30.00 erstatten").click()
    assert "Der Zahlungsanbieter ist nicht erreichbar" in browser.contents
    transaction.begin()
    assert [a.refno for a in attempts.flagged(api.portal.get())] == [late.refno]
    assert attempts.by_refno(api.portal.get(), late.refno).refunds == ()


def test_flagged_payments_are_only_the_tenants_and_need_the_token(app, world, month):
    late = flag_late(month, world)
    allschwil = browser_for(app, "allschwil-admin")
    allschwil.open(f"{world['allschwil'].absolute_url()}/@@payment-overview")
    assert late.refno not in allschwil.contents
    # another tenant's admin posting Liestal's refno to their own page changes nothing
    token = allschwil.getControl(name="_authenticator", index=0).value
    allschwil.open(
        f"{world['allschwil'].absolute_url()}/@@payment-overview",
        data=f"action=refund&refno={late.refno}&_authenticator={token}",
    )
    assert "Diese Zahlung ist nicht mehr auf der Liste" in allschwil.contents
    browser = browser_for(app, "liestal-admin")
    browser.raiseHttpErrors = False
    browser.open(overview(world), data=f"action=dismiss&refno={late.refno}")  # no token
    assert int(browser.headers["status"].split()[0]) == 403
    transaction.begin()
    assert [a.refno for a in attempts.flagged(api.portal.get())] == [late.refno]
    assert month.provider.status(late.transaction_id).refunded == 0


def test_the_late_payments_choice_is_the_tenants(app, world, month):
    assert late_choice(world["liestal"].UID()) == settlement.REFUND  # the default
    browser = browser_for(app, "liestal-admin")
    browser.open(overview(world))
    browser.getControl(name="choice").value = [settlement.FLAG]
    browser.getControl("Speichern").click()
    assert "Die Einstellung wurde gespeichert." in browser.contents
    transaction.begin()
    assert late_choice(world["liestal"].UID()) == settlement.FLAG
    assert late_choice(world["allschwil"].UID()) == settlement.REFUND
    assert late_choice("no-such-uid") == settlement.REFUND


def test_the_month_is_the_last_one_unless_chosen():
    today = date(2026, 1, 15)
    assert reconciliation.month_of(None, today) == (2025, 12)
    assert reconciliation.month_of("2026-03", today) == (2026, 3)
    assert reconciliation.month_of("2026-13", today) == (2025, 12)
    assert reconciliation.month_of("<script>", today) == (2025, 12)
