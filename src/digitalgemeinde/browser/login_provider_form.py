"""Adding and editing a login provider (``@@login-provider-add``, ``@@login-provider-edit?id=``),
for Managers (Site Setup > Login services). ``identity.provider_config`` reads and checks what
is entered; nothing is stored while a field is wrong or the issuer's discovery fails. The
client secret is a password field that is never filled in: left empty on edit, the stored
secret stays."""

from urllib.parse import urlencode

from plone import api
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zExceptions import NotFound
from zope import schema
from zope.interface import Interface
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.browser.field_errors import show_at_fields
from digitalgemeinde.identity import provider_config
from digitalgemeinde.identity.providers import CITIZENS
from digitalgemeinde.identity.providers import DEFAULT_CLAIMS
from digitalgemeinde.identity.providers import STAFF
from digitalgemeinde.identity.providers import provider as stored_provider

PERSON_DATA_TERMS = SimpleVocabulary(
    [
        SimpleTerm("given_name", "given_name", _("Given name")),
        SimpleTerm("family_name", "family_name", _("Family name")),
        SimpleTerm("email", "email", _("E-mail address")),
        SimpleTerm("birthdate", "birthdate", _("Date of birth")),
        SimpleTerm("address", "address", _("Address")),
        SimpleTerm("ahv_number", "ahv_number", _("AHV number")),
    ]
)
AUDIENCE_TERMS = SimpleVocabulary(
    [
        SimpleTerm(CITIZENS, CITIZENS, _("Citizens")),
        SimpleTerm(STAFF, STAFF, _("Staff")),
    ]
)


def _lines(title, description):
    return schema.Text(title=title, description=description, required=False, default="")


class IProviderForm(Interface):
    id = schema.TextLine(
        title=_("Id"),
        description=_("Lower case letters, digits and hyphens, e.g. agov. Cannot be changed."),
    )
    title = schema.TextLine(
        title=_("Title"), description=_("Shown on the login button, e.g. «Log in with AGOV».")
    )
    issuer = schema.TextLine(
        title=_("Issuer"),
        description=_("The provider's address as its discovery document names it."),
    )
    client_id = schema.TextLine(title=_("Client id"))
    client_secret = schema.Password(
        title=_("Client secret"),
        description=_("Never shown again. Leave empty to keep the stored secret."),
        required=False,
    )
    audience = schema.Choice(title=_("Who logs in here"), vocabulary=AUDIENCE_TERMS)
    scopes = schema.TextLine(
        title=_("Scopes"),
        description=_("Separated by spaces; openid is required."),
        default="openid profile email address",
    )
    levels = _lines(
        _("Levels"),
        _("One per line, lowest first: name|acr value|title, e.g. low|urn:…:loa:10|niedrig."),
    )
    claims = schema.Text(
        title=_("Claim mapping"),
        description=_(
            "One per line: our name|the provider's claim. Our names: given_name, family_name, "
            "email, birthdate, address, ahv_number."
        ),
        required=False,
        default="\n".join(f"{ours}|{claim}" for ours, claim in DEFAULT_CLAIMS.items()),
    )
    verified = schema.List(
        title=_("Verified data"),
        description=_("The data this provider vouches for."),
        value_type=schema.Choice(vocabulary=PERSON_DATA_TERMS),
        required=False,
        default=[],
    )
    required = schema.List(
        title=_("Required data"),
        description=_("Data a citizen's login must bring; what is missing is asked for."),
        value_type=schema.Choice(vocabulary=PERSON_DATA_TERMS),
        required=False,
        default=[],
    )
    group_claim = schema.TextLine(
        title=_("Group claim"),
        description=_("Staff: the claim that lists the person's groups there, e.g. groups."),
        required=False,
    )
    group_map = _lines(_("Group mapping"), _("Staff, one per line: their group|our group id."))
    enabled = schema.Bool(title=_("Enabled"), default=True, required=False)


class ProviderForm(form.Form):
    fields = field.Fields(IProviderForm)
    fields["verified"].widgetFactory = CheckBoxFieldWidget
    fields["required"].widgetFactory = CheckBoxFieldWidget
    enableCSRFProtection = True
    adding = True

    @property
    def provider_id(self) -> str:
        return str(self.request.form.get("id") or "") if not self.adding else ""

    @property
    def action(self):
        url = self.request.getURL()
        return f"{url}?{urlencode({'id': self.provider_id})}" if self.provider_id else url

    def overview_url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@login-providers"

    def update(self):
        self.request.set("disable_border", True)
        self.request.response.setHeader("Cache-Control", "no-store")
        super().update()

    def show_errors(self, errors: dict) -> None:
        """Each message at its field (and in the form's error list)."""
        show_at_fields(self, errors, fallback="title")
        self.status = self.formErrorsMessage

    def save(self, data: dict) -> None:
        provider_id = data.get("id") if self.adding else self.provider_id
        provider, errors = provider_config.validate(data, provider_id, self.adding)
        if provider is not None:
            problem = provider_config.check_issuer(provider)
            if problem is not None:
                errors = {"issuer": problem}
        if errors:
            self.show_errors(errors)
            return
        provider_config.store(provider)
        api.portal.show_message(
            _(
                "provider_saved",
                default="Login service «${title}» saved.",
                mapping={"title": provider.title},
            ),
            self.request,
        )
        self.request.response.redirect(self.overview_url(), status=303)

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        self.save(data)

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.overview_url(), status=303)


class AddProviderForm(ProviderForm):
    label = _("Add a login service")
    ignoreContext = True


class EditProviderForm(ProviderForm):
    label = _("Edit login service")
    adding = False
    ignoreContext = False
    fields = ProviderForm.fields.omit("id")

    def getContent(self):
        provider = stored_provider(self.provider_id)
        if provider is None:
            raise NotFound(self.provider_id)
        return provider_config.form_values(provider)
