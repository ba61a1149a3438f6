"""Plone's login page with the login services (issue 18), and the registration closed when
citizens log in through a login service only.

The page shows a button per enabled citizens' provider («Log in with AGOV») and a section for
staff providers. With the local login off (Site Setup > Login services), the password form is
replaced by the buttons and a link for administrators that shows it (``login?local=1``);
a submitted password form is always processed, so local Managers can log in in an emergency.
``@@register`` then answers a page saying that registering here is closed
(``identity.local_login``)."""

from urllib.parse import urlencode

from plone import api
from plone.app.users.browser.register import RegistrationForm
from Products.CMFPlone.browser.login.login import LoginForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized

from digitalgemeinde.identity import web
from digitalgemeinde.identity.local_login import login_choices
from digitalgemeinde.identity.local_login import registration_closed


class ProviderLoginForm(LoginForm):
    index = ViewPageTemplateFile("templates/login_page.pt")

    def update(self):
        super().update()
        self.choices = login_choices()

    def provider_buttons(self, audience: str) -> list[dict]:
        came_from = self.get_came_from() or ""
        return [
            {"title": each.title, "url": web.login_url(each.id, came_from=came_from)}
            for each in self.choices[audience]
        ]

    def password_form_shown(self) -> bool:
        form = self.request.form
        submitted = "__ac_name" in form or "buttons.login" in form
        return self.choices["password_form"] or bool(form.get("local")) or submitted

    def local_login_url(self) -> str:
        query = {"local": "1"}
        came_from = self.get_came_from()
        if came_from:
            query["came_from"] = came_from
        return f"{api.portal.get().absolute_url()}/login?{urlencode(query)}"

    def self_registration_enabled(self):
        return not registration_closed() and super().self_registration_enabled()


class RegistrationClosedForm(RegistrationForm):
    """Plone's registration, or (local login off, not a user manager) a page saying why not."""

    closed_page = ViewPageTemplateFile("templates/registration_closed.pt")

    def __call__(self):
        manages_users = api.user.has_permission("Manage users", obj=self.context)
        if registration_closed() and not manages_users:
            self.request.response.setStatus(403)
            self.request.response.setHeader("Cache-Control", "no-store")
            self.request.set("disable_border", True)
            return self.closed_page()
        if not api.user.has_permission("Add portal member", obj=self.context):
            raise Unauthorized("registration")
        return super().__call__()

    def login_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/login"
