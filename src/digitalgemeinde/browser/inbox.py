"""The inbox of an office (``@@inbox`` on an Office) or of all offices of a tenant (on a tenant).

The filters and the catalog query are digitalgemeinde.submissions.inbox's; this page shows
them, with the counts per state and a page of rows from catalog metadata.
"""

from urllib.parse import urlencode

from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.browser.inbox_columns import overdue_count_item
from digitalgemeinde.browser.inbox_columns import workbench_columns
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.payments.display import is_paid
from digitalgemeinde.submissions.assignment import inbox_staff
from digitalgemeinde.submissions.inbox import FILTER_NAMES
from digitalgemeinde.submissions.inbox import PAGE_SIZE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import inbox_offices
from digitalgemeinde.submissions.inbox import listed_services
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.inbox import state_totals
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import DEFAULT_BADGE
from digitalgemeinde.submissions.workflow import STATE_BADGES
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.submissions.workflow import STATES


class InboxView(BrowserView):
    """``@@inbox``: the requests of an office, or of all offices of a tenant."""

    index = ViewPageTemplateFile("templates/inbox.pt")

    def __call__(self):
        chosen = self.request.form.get("service", "")
        self.services = listed_services(self.context, chosen if isinstance(chosen, str) else "")
        self.staff = inbox_staff(inbox_offices(self.context))
        self.filters = InboxFilters.from_request(
            self.request,
            {service["uid"] for service in service_options(self.context)},
            staff_ids={member["id"] for member in self.staff},
        )
        results, error = search_inbox(
            self.context, self.filters, b_start=self.filters.b_start, b_size=PAGE_SIZE
        )
        if error is not None:
            self.filters.errors.append(error)
            self.filters.text = ""
        self.batch = Batch(results, PAGE_SIZE, start=self.filters.b_start, orphan=0)
        return self.index()

    @property
    def is_tenant(self) -> bool:
        return not IOffice.providedBy(self.context)

    @property
    def url(self) -> str:
        return f"{self.context.absolute_url()}/@@inbox"

    def translate(self, message) -> str:
        return translate(message, context=self.request)

    def errors(self) -> list[str]:
        return [self.translate(error) for error in self.filters.errors]

    def counts(self) -> list[dict]:
        totals = state_totals(inbox_offices(self.context))
        return [
            {
                "state": state,
                "label": STATE_LABELS[state],
                "count": totals[state],
                "url": f"{self.url}?{urlencode({'state': state})}",
                "active": state == self.filters.state,
            }
            for state in STATES
        ] + [overdue_count_item(self)]

    def states(self) -> list[dict]:
        return [{"id": state, "label": STATE_LABELS[state]} for state in STATES]

    def office_titles(self) -> dict[str, str]:
        return {
            "/".join(office.getPhysicalPath()): office.Title()
            for office in inbox_offices(self.context)
        }

    def rows(self) -> list[dict]:
        offices = self.office_titles() if self.is_tenant else {}
        rows = []
        for position, brain in enumerate(self.batch, start=self.filters.b_start):
            path = brain.getPath()
            rows.append(
                {
                    **workbench_columns(brain),
                    "uid": brain.UID,
                    "link": self.request_link(brain, position),
                    "url": brain.getURL(),
                    "reference": brain.reference or brain.getId,
                    "service": brain.service_title or "",
                    "email": brain.submitter_email or "",
                    "state": brain.review_state,
                    "state_label": STATE_LABELS.get(brain.review_state, brain.review_state),
                    "badge": STATE_BADGES.get(brain.review_state, DEFAULT_BADGE),
                    "created": local_time(brain.created),
                    "office": offices.get(path.rsplit("/", 1)[0], ""),
                    # the specialist application never got it: the clerk must step in
                    "undelivered": getattr(brain, "delivery_state", None) == "failed",
                    "paid": is_paid(brain),  # paid online before its delivery
                }
            )
        return rows

    def export_url(self, format: str) -> str:
        params = {"format": format, **self.filters.params()}
        return f"{self.context.absolute_url()}/@@inbox-export?{urlencode(params)}"

    def batch_navigation(self) -> str:
        """Plone's batch navigation; its links keep the filters (its template escapes them)."""
        navigation = self.context.restrictedTraverse("@@batchnavigation")
        return navigation(self.batch, batchformkeys=list(FILTER_NAMES))

    def request_link(self, brain, position: int) -> str:
        """The request's page, with the inbox's filters and its position for next/previous."""
        params = {**self.filters.params(), "pos": position}
        if self.is_tenant:
            params["inbox"] = "tenant"
        return f"{brain.getURL()}?{urlencode(params)}"

    def assigned_options(self) -> list[dict]:
        chosen = self.filters.assigned
        options = [
            {"id": "me", "label": _("Assigned to me")},
            {"id": "none", "label": _("Not assigned")},
        ] + [{"id": member["id"], "label": member["name"]} for member in self.staff]
        return [{**option, "selected": option["id"] == chosen} for option in options]

    def bulk_url(self) -> str:
        return f"{self.context.absolute_url()}/@@inbox-bulk"

    def came_from(self) -> str:
        return urlencode({**self.filters.params(), "b_start": self.filters.b_start})
