"""Site Setup > Login services (``@@login-providers``, Managers only): the configured OpenID
Connect providers with edit and delete, the way to add one, and the login settings
(``@@login-settings``: local login, session lifetime, idle timeout, re-login for sensitive
steps). The forms are in ``login_provider_form.py``; what they store is checked in
``identity.provider_config``."""

from urllib.parse import urlencode

from plone import api
from plone.protect import CheckAuthenticator
from plone.z3cform.layout import wrap_form
from Products.Five.browser import BrowserView
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zExceptions import NotFound
from zope import schema
from zope.interface import Interface

from digitalgemeinde import _
from digitalgemeinde.browser.login_provider_form import AUDIENCE_TERMS
from digitalgemeinde.browser.login_provider_form import AddProviderForm
from digitalgemeinde.browser.login_provider_form import EditProviderForm
from digitalgemeinde.identity import discovery
from digitalgemeinde.identity.local_login import save_settings
from digitalgemeinde.identity.providers import LoginSettings
from digitalgemeinde.identity.providers import delete_provider
from digitalgemeinde.identity.providers import login_settings
from digitalgemeinde.identity.providers import provider as stored_provider
from digitalgemeinde.identity.providers import providers


def overview_url() -> str:
    return f"{api.portal.get().absolute_url()}/@@login-providers"


class ProvidersView(BrowserView):
    """The list of providers and the login settings in short."""

    def __call__(self):
        self.request.set("disable_border", True)
        self.request.response.setHeader("Cache-Control", "no-store")
        return self.index()

    def rows(self) -> list[dict]:
        portal_url = api.portal.get().absolute_url()
        return [
            {
                "id": each.id,
                "title": each.title,
                "audience": AUDIENCE_TERMS.getTerm(each.audience).title,
                "issuer": each.issuer,
                "client_id": each.client_id,
                "secret_set": bool(each.client_secret),
                "enabled": each.enabled,
                "edit_url": f"{portal_url}/@@login-provider-edit?{urlencode({'id': each.id})}",
                "delete_url": f"{portal_url}/@@login-provider-delete?{urlencode({'id': each.id})}",
            }
            for each in providers()
        ]

    def settings(self) -> LoginSettings:
        return login_settings()


class DeleteProviderView(BrowserView):
    """Asks before a provider is deleted; the POST (with the CSRF token) deletes it."""

    def __call__(self):
        self.provider = stored_provider(str(self.request.form.get("id") or ""))
        if self.provider is None:
            raise NotFound("no such provider")
        self.request.set("disable_border", True)
        self.request.response.setHeader("Cache-Control", "no-store")
        if self.request.method == "POST" and "form.buttons.delete" in self.request.form:
            CheckAuthenticator(self.request)
            delete_provider(self.provider.id)
            discovery.forget()
            api.portal.show_message(
                _(
                    "provider_deleted",
                    default="Login service «${title}» deleted.",
                    mapping={"title": self.provider.title},
                ),
                self.request,
            )
            self.request.response.redirect(overview_url(), status=303)
            return ""
        return self.index()

    def overview_url(self) -> str:
        return overview_url()


class ILoginSettingsForm(Interface):
    local_login = schema.Bool(
        title=_("Local login"),
        description=_(
            "Citizens may register here and log in with a password. When off, the login page "
            "offers the login services only; existing accounts (e.g. local administrators) can "
            "still log in with their password."
        ),
        required=False,
    )
    session_hours = schema.Int(
        title=_("Session lifetime (hours)"),
        description=_("A session ends this long after the login, active or not."),
        min=1,
        max=24 * 14,
    )
    idle_minutes = schema.Int(
        title=_("Idle timeout (minutes)"),
        description=_("A session ends after this long without a request."),
        min=1,
        max=24 * 60,
    )
    relogin_minutes = schema.Int(
        title=_("Re-login for sensitive steps (minutes)"),
        description=_(
            "Exports and changes to an office's specialist application need a login this recent."
        ),
        min=1,
        max=24 * 60,
    )


class LoginSettingsForm(form.Form):
    fields = field.Fields(ILoginSettingsForm)
    label = _("Login settings")
    ignoreContext = False
    enableCSRFProtection = True

    def getContent(self):
        settings = login_settings()
        return {name: getattr(settings, name) for name in ILoginSettingsForm.names()}

    def update(self):
        self.request.set("disable_border", True)
        self.request.response.setHeader("Cache-Control", "no-store")
        super().update()

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        save_settings(
            LoginSettings(
                local_login=bool(data.get("local_login")),
                session_hours=data["session_hours"],
                idle_minutes=data["idle_minutes"],
                relogin_minutes=data["relogin_minutes"],
            )
        )
        api.portal.show_message(_("Login settings saved."), self.request)
        self.request.response.redirect(overview_url(), status=303)

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(overview_url(), status=303)


AddProviderView = wrap_form(AddProviderForm)
EditProviderView = wrap_form(EditProviderForm)
LoginSettingsView = wrap_form(LoginSettingsForm)
