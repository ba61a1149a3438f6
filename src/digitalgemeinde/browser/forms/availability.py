"""A request form that takes no requests now (``submissions.availability``): not yet open,
closed or fully booked. Its page says so, with no form fields.

GET answers 200: the page exists and says something true (when the form opens, that it is
closed); a link or bookmark to it is not broken. A POST (a form left open in a tab, a replay)
answers 409 Conflict with the same page: nothing was stored. Editors of the form still see it
(GET) to check it before it opens.
"""

from AccessControl import getSecurityManager
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.browser.forms.login_required import may_preview
from digitalgemeinde.caching import services_of_form
from digitalgemeinde.submissions import availability


class FormUnavailable(BrowserView):
    index = ViewPageTemplateFile("templates/form_unavailable.pt")
    state: availability.Availability

    def __call__(self):
        return self.index()

    def message(self) -> str:
        return translate(self.state.message(), context=self.request)

    def service(self) -> dict | None:
        """The way on: the page of the service whose online form this is (the citizen finds
        its opening hours and contacts there), when the visitor may see it."""
        check = getSecurityManager().checkPermission
        for service in services_of_form(self.context):
            if check("View", service):
                label = _("Back to «${title}»", mapping={"title": service.Title()})
                return {
                    "url": service.absolute_url(),
                    "label": translate(label, context=self.request),
                }
        return None


def enforce(view) -> str | None:
    """None when the form takes requests (or an editor previews it); else the page saying
    why not, instead of the form."""
    state = availability.state(view.context)
    if state.is_open or may_preview(view):
        return None
    response = view.request.response
    response.setHeader("Cache-Control", "no-store")
    if view.request.get("REQUEST_METHOD", "GET") != "GET":
        response.setStatus(409)
    page = FormUnavailable(view.context, view.request)
    page.state = state
    return page()


def note(form, request) -> str | None:
    """What the service's page says next to the form's link, e.g. "Online ab 1. März 2027,
    08:00"; None when the form takes requests."""
    text = availability.state(form).note()
    return translate(text, context=request) if text is not None else None
