"""After logging in, each person lands where they work (``tenancy.landing``); a page they asked
for (``came_from``) comes first. ``@@workplaces`` lists someone's workplaces: a clerk of several
offices lands there."""

from plone import api
from plone.base.interfaces import IRedirectAfterLogin
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized
from zope.interface import implementer

from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.workflow import CLOSED_STATES
from digitalgemeinde.tenancy.landing import INBOX
from digitalgemeinde.tenancy.landing import redirect_after_login
from digitalgemeinde.tenancy.landing import workplaces


@implementer(IRedirectAfterLogin)
class RedirectAfterLogin:
    """Plone's login form asks this where to go; it validates the address it gets back."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        return redirect_after_login(api.user.get_current(), came_from)


class WorkplacesView(BrowserView):
    """``@@workplaces`` on the portal: the current user's inboxes and other workplaces."""

    index = ViewPageTemplateFile("templates/workplaces.pt")

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("workplaces")
        return self.index()

    def places(self) -> list[dict]:
        found = []
        for place in workplaces(api.user.get_current()):
            item = {"title": place.title, "url": place.url, "context": place.context}
            item["open"] = open_requests(place.uid) if place.kind == INBOX else None
            found.append(item)
        return found


def open_requests(office_uid: str) -> int | None:
    office = api.content.get(UID=office_uid)
    if office is None:
        return None
    counts = state_counts(office)
    return sum(count for state, count in counts.items() if state not in CLOSED_STATES)
