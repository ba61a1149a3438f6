"""``@@payment-overview`` on a tenant, for its admins (and Managers): the month's payments and
refunds with the totals per service and their export (``@@payment-month-export``), the
payments that delivered nothing (paid too late or twice) with "refund" and "done", and the
tenant's choice for payments confirmed too late.

The logic is the payments package's: ``reconciliation`` (the month), ``late_payments`` (the
flagged payments and the choice). Every change is a POST with plone.protect's token.
"""

from datetime import datetime

import transaction
from plone import api
from plone.protect import CheckAuthenticator
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.payments import late_payments
from digitalgemeinde.payments import reconciliation
from digitalgemeinde.payments.refunds import chf
from digitalgemeinde.payments.settlement import RefundRefused
from digitalgemeinde.submissions.export import FORMATS
from digitalgemeinde.submissions.export import translator
from digitalgemeinde.submissions.values import TIMEZONE

SHEET = _("reconciliation_sheet", default="Payments")
FILE = _("reconciliation_file", default="payments")


def chosen_month(request) -> tuple[int, int]:
    """The month asked for (``?month=YYYY-MM``), by default the last one (Swiss time)."""
    return reconciliation.month_of(request.form.get("month"), datetime.now(TIMEZONE).date())


def totals(item: reconciliation.Totals) -> dict:
    return {
        "payments": chf(item.payments),
        "refunds": chf(item.refunds),
        "net": chf(item.net),
        "count": item.count,
    }


class PaymentOverview(BrowserView):
    """The tenant's payments: the month, the flagged payments, the choice for late ones."""

    index = ViewPageTemplateFile("templates/payment_overview.pt")

    def __call__(self):
        self.errors = []
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            redirect = self.handle(self.request.form)
            if redirect:
                self.request.response.redirect(redirect, status=303)
                return ""
            transaction.doom()  # refused: nothing of it is kept
        self.year, self.month = chosen_month(self.request)
        portal = api.portal.get()
        self.report = reconciliation.month_report(portal, self.tenant_uid, self.year, self.month)
        return self.index()

    @property
    def tenant_uid(self) -> str:
        return IUUID(self.context)

    @property
    def url(self) -> str:
        return f"{self.context.absolute_url()}/@@payment-overview"

    def month_value(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def services(self) -> list[dict]:
        return [
            {"service": service, **totals(item)} for service, item in self.report.services.items()
        ]

    def total(self) -> dict:
        return totals(self.report.total)

    def rows(self) -> list[dict]:
        return [
            {
                **row,
                "when": row["date"].strftime("%d.%m.%Y %H:%M"),
                "amount_text": chf(row["amount"]),
                "state_label": reconciliation.STATE_LABELS.get(row["state"], row["state"]),
            }
            for row in self.report.rows
        ]

    def export_url(self, format: str) -> str:
        base = f"{self.context.absolute_url()}/@@payment-month-export"
        return f"{base}?month={self.month_value()}&format={format}"

    def flagged(self) -> list[dict]:
        return late_payments.flagged_rows(api.portal.get(), self.tenant_uid)

    def choices(self) -> list[dict]:
        chosen = late_payments.choice_of(self.context)
        return [
            {
                "id": choice,
                "label": late_payments.CHOICE_LABELS[choice],
                "checked": choice == chosen,
            }
            for choice in late_payments.CHOICES
        ]

    def settings_url(self) -> str:
        return f"{self.context.absolute_url()}/@@payment-settings"

    # What the page changes

    def handle(self, form) -> str | None:
        action = form.get("action")
        refno = form.get("refno") if isinstance(form.get("refno"), str) else ""
        portal, actor = api.portal.get(), api.user.get_current().getId()
        try:
            if action == "refund":
                record = late_payments.refund_flagged(portal, self.tenant_uid, refno, actor)
                done = _(
                    "flagged_refunded",
                    default="Payment ${refno}: ${amount} was refunded.",
                    mapping={"refno": refno, "amount": chf(record[1])},
                )
            elif action == "dismiss":
                late_payments.dismiss(portal, self.tenant_uid, refno)
                done = _(
                    "flagged_dismissed",
                    default="Payment ${refno} was marked as dealt with.",
                    mapping={"refno": refno},
                )
            elif action == "late" and form.get("choice") in late_payments.CHOICES:
                late_payments.set_choice(self.context, form["choice"], actor)
                done = _("late_choice_saved", default="The setting was saved.")
            else:
                self.errors.append(_("Unknown action: nothing was changed."))
                return None
        except RefundRefused as refused:
            self.errors.append(refused.message)
            return None
        api.portal.show_message(done, request=self.request, type="info")
        return f"{self.url}#{'late-choice' if action == 'late' else 'flagged'}"


class PaymentMonthExport(BrowserView):
    """``@@payment-month-export?month=YYYY-MM&format=csv|xlsx``: the month's payments."""

    def __call__(self):
        year, month = chosen_month(self.request)
        format = self.request.form.get("format")
        format = format if format in FORMATS else "csv"
        report = reconciliation.month_report(api.portal.get(), IUUID(self.context), year, month)
        tr = translator(self.request)
        name = f"{self.context.getId()}-{year:04d}-{month:02d}"
        title = tr(SHEET) + f" {year:04d}-{month:02d}"
        if format == "csv":
            body = reconciliation.csv_bytes(report, tr)
        else:
            body = reconciliation.xlsx_bytes(report, tr, title)
        response = self.request.response
        response.setHeader("Content-Type", FORMATS[format])
        filename = tr(FILE) + f"-{name}.{format}"
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("Cache-Control", "private, no-store")
        return body
