"""``@@payment-settings`` on a tenant: its merchant account at the payment provider, for the
tenant's admins (and Managers), as ``@@tenant-members`` is.

``payments.accounts`` checks and stores what is entered. A secret is a password input that is
never filled in, neither after saving nor after an error: its description says whether one is
set; left empty, the stored secret stays; its checkbox removes it. Changing the account is a
sensitive step (a recent login, as for an office's routing).
"""

from plone import api
from plone.z3cform.layout import wrap_form
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zope import schema
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.browser.field_errors import show_at_fields
from digitalgemeinde.identity.session_limits import require_recent_login
from digitalgemeinde.payments import accounts


def provider_vocabulary() -> SimpleVocabulary:
    return SimpleVocabulary(
        [
            SimpleTerm(name, name, accounts.spec_of(name).title or name)
            for name in accounts.provider_names()
        ]
    )


def _url_field(name: str, title, example: str):
    return schema.TextLine(
        __name__=name,
        title=title,
        description=_(
            "payment_url_help",
            default="Leave empty for the provider's production address. For tests: ${example}",
            mapping={"example": example},
        ),
        required=False,
        default="",
    )


def _secret_fields(secret: accounts.Secret, is_set: bool) -> list:
    status = (
        _("payment_secret_set", default="Set. Leave empty to keep it.")
        if is_set
        else _("payment_secret_not_set", default="Not set.")
    )
    found = [
        schema.Password(
            __name__=secret.name, title=secret.title, description=status, required=False
        )
    ]
    if is_set:
        found.append(
            schema.Bool(
                __name__=f"clear_{secret.name}",
                title=_(
                    "payment_secret_clear",
                    default="Remove the stored ${secret}",
                    mapping={"secret": secret.title},
                ),
                required=False,
                default=False,
            )
        )
    return found


class PaymentSettingsForm(form.Form):
    label = ""  # the page's heading names the tenant (templates/payment_settings.pt)
    enableCSRFProtection = True
    ignoreContext = False

    def update(self):
        require_recent_login(self.request, came_from=self.page_url())
        self.request.set("disable_border", True)
        self.request.response.setHeader("Cache-Control", "no-store")
        self.settings = accounts.settings_of(self.context)
        super().update()

    def changed_by(self) -> str:
        """Who last changed the account: their full name, else their user id."""
        user_id = self.settings.changed_by
        user = api.user.get(userid=user_id) if user_id else None
        return (user.getProperty("fullname") if user is not None else "") or user_id

    def page_url(self) -> str:
        return f"{self.context.absolute_url()}/@@payment-settings"

    @property
    def fields(self):
        settings = accounts.settings_of(self.context)
        found = [
            schema.Choice(
                __name__="provider",
                title=_("payment_provider", default="Payment provider"),
                vocabulary=provider_vocabulary(),
            ),
            schema.TextLine(
                __name__="merchant_id",
                title=_("payment_merchant_id", default="Merchant id"),
                description=_(
                    "payment_merchant_id_help",
                    default="Datatrans: the 10 digits of your merchant id, e.g. 1100012345.",
                ),
            ),
        ]
        for secret in accounts.all_secrets():
            found += _secret_fields(secret, secret.name in settings.secrets_set)
        found += [
            _url_field(
                "api_url",
                _("payment_api_url", default="Address of the API"),
                "https://api.sandbox.datatrans.com",
            ),
            _url_field(
                "pay_url",
                _("payment_pay_url", default="Address of the payment page"),
                "https://pay.sandbox.datatrans.com",
            ),
            schema.Bool(
                __name__="active",
                title=_("payment_active", default="Take payments with this account"),
                description=_(
                    "payment_active_help",
                    default="Only when this is on are citizens asked to pay the fees online.",
                ),
                required=False,
                default=False,
            ),
        ]
        return field.Fields(*found)

    def getContent(self):
        settings = accounts.settings_of(self.context)
        return {
            "provider": settings.provider,
            "merchant_id": settings.merchant_id,
            "api_url": settings.api_url,
            "pay_url": settings.pay_url,
            "active": settings.active,
            **{secret.name: "" for secret in accounts.all_secrets()},
            **{f"clear_{name}": False for name in settings.secrets_set},
        }

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        for secret in accounts.all_secrets():
            widget = self.widgets.get(secret.name)
            if widget is None:
                continue
            widget.value = ""  # never sent back to the browser, also not after an error
            widget.attributes["autocomplete"] = "new-password"  # z3c.form keeps this dict

    def show_errors(self, errors: dict) -> None:
        """Each message at its field (and in the form's error list)."""
        show_at_fields(self, errors, fallback="merchant_id")
        self.status = self.errors_message()

    def errors_message(self):
        """The form's error message; if secrets were typed, that they must be typed again."""
        typed = any(self.request.form.get(f"form.widgets.{s.name}") for s in accounts.all_secrets())
        if not typed:
            return self.formErrorsMessage
        return _(
            "payment_errors_secrets_again",
            default="Please correct the marked fields, and enter the secrets again: what is "
            "typed in them is never sent back to the page.",
        )

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.errors_message()
            return
        try:
            accounts.save(self.context, data, api.user.get_current().getId())
        except accounts.AccountRefused as refusal:
            self.show_errors(refusal.errors)
            return
        api.portal.show_message(
            _("payment_settings_saved", default="The payment settings were saved."), self.request
        )
        self.request.response.redirect(self.page_url(), status=303)

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(f"{self.context.absolute_url()}/@@tenant-dashboard")


PaymentSettingsView = wrap_form(
    PaymentSettingsForm, index=ViewPageTemplateFile("templates/payment_settings.pt")
)
