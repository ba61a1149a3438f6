"""Re-login for sensitive steps and the end of a session, as the browser sees them.

``@@confirm-login?came_from=…``: a person logged in with a password confirms it before a
sensitive step (the inbox export, changing where an office's requests go); the password is
checked through PAS, so the login throttle counts wrong ones. A person logged in through a
provider is sent there instead (``prompt=login``). The logic is ``identity.session_limits``.

``LoginAgainView`` is the exception view of ``ReloginRequired`` and ``SessionEnded``: a page
goes to the re-login or the login page (where "Your session has expired" is said); a REST client
gets 401 with the JSON error body of our endpoints.
"""

import json

from plone import api
from plone.protect import CheckAuthenticator
from plone.rest.interfaces import IAPIRequest
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.identity import session_limits

WRONG_PASSWORD = _(
    "confirm_login_wrong",
    default="This password is not right. Nothing was confirmed.",
)


class ConfirmLogin(BrowserView):
    index = ViewPageTemplateFile("templates/confirm_login.pt")
    error = ""

    def __call__(self):
        response = self.request.response
        response.setHeader("Cache-Control", "no-store")
        portal_url = api.portal.get().absolute_url()
        if api.user.is_anonymous():
            return response.redirect(f"{portal_url}/login")
        if session_limits.current_password_session(self.request) is None:
            # a login through a provider, or no cookie session: nothing to confirm here
            ticket = session_limits.cookie_session(self.request)
            if ticket is not None:
                return response.redirect(session_limits.relogin_url(ticket, self.came_from()))
            return response.redirect(self.came_from() or portal_url)
        if self.request.method == "POST" and "form.buttons.confirm" in self.request.form:
            CheckAuthenticator(self.request)
            password = self.request.form.get("password", "")
            if session_limits.confirm_password(
                self.request, password if isinstance(password, str) else ""
            ):
                return response.redirect(self.came_from() or portal_url)
            self.error = translate(WRONG_PASSWORD, context=self.request)
            response.setStatus(403)
        self.request.set("disable_border", True)
        return self.index()

    def came_from(self) -> str:
        came_from = self.request.form.get("came_from", "")
        if not isinstance(came_from, str) or not came_from:
            return ""
        url_tool = api.portal.get_tool("portal_url")
        return came_from if url_tool.isURLInPortal(came_from) else ""

    def fullname(self) -> str:
        user = api.user.get_current()
        return user.getProperty("fullname") or user.getUserName()

    def action(self) -> str:
        return f"{api.portal.get().absolute_url()}/{session_limits.CONFIRM_VIEW}"


class LoginAgainView:
    """The exception view: to ``url`` for a page, 401 in JSON for REST."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self) -> str:
        response = self.request.response
        message = translate(self.context.message, context=self.request)
        response.setHeader("Cache-Control", "no-store")
        if IAPIRequest.providedBy(self.request) or wants_json(self.request):
            response.setHeader("Content-Type", "application/json")
            # locked: ZPublisher and plone.transformchain set the status from the exception's
            # class name afterwards, which they do not know
            response.setStatus(401, lock=True)
            body = {"type": "Unauthorized", "message": message}
            return json.dumps(body, indent=2, sort_keys=True)
        response.redirect(self.context.url, lock=True)
        return ""


def wants_json(request) -> bool:
    accept = request.getHeader("Accept") or ""
    return "application/json" in accept and "text/html" not in accept
