"""The page a logged-in person sees when a page is refused to them: whose content it is and who
maintains it (``security.refused_page``), and the way back to their own workplaces, in place of
Plone's generic "Insufficient privileges". Anonymous people keep the login form."""

from urllib.parse import quote

from plone import api
from Products.CMFPlone.browser.login.login import RequireLoginView
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde.security.refused_page import owner_of_page
from digitalgemeinde.tenancy.landing import landing_url


class RefusedRedirect(RequireLoginView):
    """``require_login``: as Plone's, but the refused address goes along to the page that
    explains the refusal."""

    def __call__(self):
        if api.user.is_anonymous():
            return super().__call__()
        url = f"{api.portal.get().absolute_url()}/insufficient-privileges"
        came_from = self.request.get("came_from")
        if came_from:
            url += f"?came_from={quote(came_from)}"
        self.request.response.redirect(url)
        return ""


class RefusedView(BrowserView):
    """``insufficient-privileges``: whose page it is, and the person's own way on."""

    index = ViewPageTemplateFile("templates/refused.pt")

    def __call__(self):
        self.request.response.setStatus(403, lock=True)
        self.request.response.setHeader("Cache-Control", "no-store")
        self.owner = owner_of_page(self.request.get("came_from", ""))
        return self.index()

    def own_place(self) -> str | None:
        if api.user.is_anonymous():
            return None
        return landing_url(api.user.get_current())
