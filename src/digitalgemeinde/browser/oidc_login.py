"""The pages of a login through a provider (identity.web does the work).

``@@oidc-login?provider=…&level=…&came_from=…`` sends the browser to the provider;
``@@oidc-callback`` is where the provider sends it back; Plone's ``logout`` also ends the
session at the provider when the login came from one; ``@@oidc-logged-out`` is where the
provider sends the browser after that. A refused login gets a page saying why, in the user's
language, with a way to try again (and the password login, where citizens have one).
"""

from plone import api
from Products.CMFPlone.browser.login.logout import LogoutView
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.identity import web
from digitalgemeinde.identity.errors import LoginRefused
from digitalgemeinde.identity.providers import login_settings

STATUS = {"unreachable": 503, "unknown_provider": 404, "no_flow": 400, "cancelled": 200}


class RefusalPage(BrowserView):
    index = ViewPageTemplateFile("templates/oidc_refused.pt")
    refusal: LoginRefused
    again = ""

    def refused(self, refusal: LoginRefused, again: str = ""):
        self.refusal = refusal
        self.again = again
        response = self.request.response
        response.setStatus(STATUS.get(refusal.reason, 403))
        response.setHeader("Cache-Control", "no-store")
        self.request.set("disable_border", True)
        return self.index()

    def message(self) -> str:
        return translate(self.refusal.message(), context=self.request)

    def again_url(self) -> str:
        return self.again

    def password_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/login" if login_settings().local_login else ""


class LoginStart(RefusalPage):
    def __call__(self):
        form = self.request.form
        provider_id = str(form.get("provider") or "")
        level = str(form.get("level") or "")
        came_from = str(form.get("came_from") or "")
        purpose = "relogin" if form.get("relogin") else "login"
        try:
            url = web.begin(self.request, provider_id, level, came_from, purpose)
        except LoginRefused as refusal:
            web.log_refusal(refusal, None, provider_id)
            again = ""
            if refusal.reason == "unreachable":
                again = web.login_url(provider_id, level, web.safe_came_from(came_from))
            return self.refused(refusal, again)
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.request.response.redirect(url, lock=True)


class LoginCallback(RefusalPage):
    def __call__(self):
        try:
            url = web.complete(self.request)
        except LoginRefused as refusal:
            return self.refused(refusal, web.again_after_refusal(self.request))
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.request.response.redirect(url, lock=True)


class Logout(LogoutView):
    """Plone's logout; then the provider's, when the session came from a provider."""

    def __call__(self):
        target = web.logout_target(self.request)
        super().__call__()
        if target:
            self.request.response.redirect(target, lock=True)


class LoggedOut(BrowserView):
    def __call__(self):
        IStatusMessage(self.request).addStatusMessage(
            _("You are now logged out, here and at the login service."), "info"
        )
        return self.request.response.redirect(api.portal.get().absolute_url())
