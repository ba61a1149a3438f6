"""The page for a request refused before it reached the site (``RequestRefused``): too large a
form, a parameter that cannot be read, an address that is not UTF-8.

Such a request fails while Zope reads it, before the site, its theme and the user are known:
a small page of its own, in the language the browser asks for, never a traceback.
"""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.security.limits import request_language
from digitalgemeinde.security.limits import translated


class RequestRefusedPage(BrowserView):
    """``index.html`` of ``RequestRefused``: Zope's exception view."""

    index = ViewPageTemplateFile("templates/request_refused.pt")

    def __call__(self):
        refused = self.context
        response = self.request.response
        # locked: plone.transformchain sets the status again from the exception's class
        response.setStatus(refused.status, lock=True)
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        response.setHeader("Content-Language", self.language)
        response.setHeader("Cache-Control", "no-store")
        return self.index()

    @property
    def language(self) -> str:
        return request_language(self.request)

    def title(self) -> str:
        return translated(_("The request could not be processed"), self.request)

    def message(self) -> str:
        return translated(self.context.message, self.request)

    def advice(self) -> str:
        return translated(
            _("Please go back to the previous page. If the problem persists, contact the office."),
            self.request,
        )
