"""The inbox of an office (``@@inbox`` on an Office) or of all offices of a tenant (on a tenant).

The filters and the catalog query are digitalgemeinde.submissions.inbox's; this page shows
them, with the counts per state and a page of rows from catalog metadata.
"""

from urllib.parse import urlencode

from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.submissions.inbox import PAGE_SIZE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import inbox_offices
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
        self.services = service_options(self.context)
        self.filters = InboxFilters.from_request(
            self.request, {service["uid"] for service in self.services}
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
        ]

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
        for brain in self.batch:
            path = brain.getPath()
            rows.append(
                {
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
                }
            )
        return rows

    def export_url(self, format: str) -> str:
        params = {"format": format, **self.filters.params()}
        return f"{self.context.absolute_url()}/@@inbox-export?{urlencode(params)}"

    def batch_navigation(self) -> str:
        """Plone's batch navigation; its links keep the filters (its template escapes them)."""
        navigation = self.context.restrictedTraverse("@@batchnavigation")
        return navigation(self.batch, batchformkeys=["state", "service", "from", "to", "q"])
