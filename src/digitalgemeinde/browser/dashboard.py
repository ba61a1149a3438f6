"""``@@tenant-dashboard`` ("Gemeinde verwalten"): a tenant's services and forms, its offices
and their open requests, standard services to adopt and updates waiting. The page renders what
``tenancy.dashboard`` finds; it is refused to anyone but the tenant's staff and Managers."""

from html import escape

from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.tenancy.dashboard import dashboard
from digitalgemeinde.tenancy.dashboard import may_see


class TenantDashboardView(BrowserView):
    index = ViewPageTemplateFile("templates/tenant_dashboard.pt")

    def __call__(self):
        if not may_see(self.context):
            raise Unauthorized("tenant-dashboard")
        self.board = dashboard(self.context)
        return self.index()

    def state_labels(self) -> dict:
        return STATE_LABELS


class DashboardLinkViewlet(ViewletBase):
    """ "Gemeinde verwalten" on a tenant's page, for those who may open its dashboard."""

    def render(self) -> str:
        if not may_see(self.context) or self.view.__name__ == "tenant-dashboard":
            return ""
        label = escape(
            translate(
                _(
                    "workplace_dashboard",
                    default="Manage ${tenant}",
                    mapping={"tenant": self.context.title},
                ),
                context=self.request,
            )
        )
        url = escape(f"{self.context.absolute_url()}/@@tenant-dashboard", quote=True)
        return (
            f'<p id="dg-tenant-dashboard-link"><a class="btn btn-outline-primary" '
            f'href="{url}">{label}</a></p>'
        )
