"""Forms fill in what a logged-in citizen's account already knows: name, address, email.

A z3c.form default-value adapter for the fields of EasyForm forms. Fields the form maps to the
login's data (``prefill_claims``, ``identity.prefill``) are filled in from it: read-only, with
the hint "bestätigt durch <provider>", when the provider vouches for it, editable otherwise;
the AHV number's field says why the form needs it. Other fields are chosen by name and filled
in from the member's properties (password accounts too); the citizen can change them.
Anonymous users get the form's own defaults.

On submit (``keep_verified``, a subscriber of z3c.form's data extracted event) a verified
field's value is put back, whatever the browser sent, and its widget shows it again read-only.
After a login that did not bring all a provider requires, the citizen is told what is missing
(``tell_missing_data``).
"""

from collective.easyform.fields import FieldExtenderDefault
from collective.easyform.interfaces import IEasyForm
from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form.interfaces import IDataConverter
from z3c.form.interfaces import IValue
from zope.component import queryMultiAdapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.identity import prefill

# field names (lower case, "-" and " " as "_") -> how to read the value from the member
FIELDS = {
    "email": lambda m: m.getProperty("email", ""),
    "e_mail": lambda m: m.getProperty("email", ""),
    "name": lambda m: m.getProperty("fullname", ""),
    "fullname": lambda m: m.getProperty("fullname", ""),
    "vorname": lambda m: first_name(m.getProperty("fullname", "")),
    "first_name": lambda m: first_name(m.getProperty("fullname", "")),
    "nachname": lambda m: last_name(m.getProperty("fullname", "")),
    "last_name": lambda m: last_name(m.getProperty("fullname", "")),
    "strasse": lambda m: m.getProperty("street", ""),
    "street": lambda m: m.getProperty("street", ""),
    "plz": lambda m: m.getProperty("postal_code", ""),
    "postal_code": lambda m: m.getProperty("postal_code", ""),
    "ort": lambda m: m.getProperty("city", ""),
    "city": lambda m: m.getProperty("city", ""),
    "telefon": lambda m: m.getProperty("phone", ""),
    "phone": lambda m: m.getProperty("phone", ""),
    "adresse": lambda m: full_address(m),
    "address": lambda m: full_address(m),
}


def first_name(fullname: str) -> str:
    return fullname.split(" ", 1)[0] if fullname else ""


def last_name(fullname: str) -> str:
    return fullname.split(" ", 1)[1] if " " in (fullname or "") else ""


def full_address(member) -> str:
    street = member.getProperty("street", "") or ""
    place = " ".join(
        part
        for part in (member.getProperty("postal_code", ""), member.getProperty("city", ""))
        if part
    )
    return "\n".join(part for part in (street, place) if part)


@implementer(IValue)
class MemberDefault:
    """The member's value for a field named like one of FIELDS; otherwise the form's own
    default (easyform's default adapter, which knows the field's TALES default)."""

    def __init__(self, context, request, form, field, widget):
        self.objects = (context, request, form, field, widget)
        self.field = field

    def get(self):
        context, request, form, _field, widget = self.objects
        found = login_prefill(form).get(self.field.__name__)
        if found is not None:
            mark(widget, found, context, request)
            return found.value
        reader = FIELDS.get(self.field.__name__.lower().replace("-", "_").replace(" ", "_"))
        if reader is not None and not api.user.is_anonymous():
            value = reader(api.user.get_current()) or ""
            if value and isinstance(value, str):
                return value
        fallback = FieldExtenderDefault(*self.objects)
        return fallback.get()


def login_prefill(form) -> dict:
    """What the login fills in on ``form`` (an easyform form or one of its groups), computed
    once per form."""
    root = getattr(form, "parentForm", None) or form
    cached = getattr(root, "_dg_login_prefill", None)
    if cached is None:
        userid = None if api.user.is_anonymous() else api.user.get_current().getId()
        cached = prefill.prefilled(root.context, userid, root.schema)
        root._dg_login_prefill = cached
    return cached


def mark(widget, found, form_context, request) -> None:
    """A field filled in from the login: read-only with its hint when verified; the AHV
    number's field says why the form needs it."""
    hints = [str(getattr(widget.field, "description", "") or "")]
    if found.verified:
        widget.readonly = "readonly"
        if isinstance(getattr(widget, "_attributes", None), dict):
            widget._attributes["readonly"] = "readonly"
        provider = prefill.provider_title(api.user.get_current().getId())
        # the field's own help ("for example 14.03.1985") is no use on a field one cannot change
        hints = [
            _(
                "Confirmed by ${provider}; it cannot be changed here.",
                mapping={"provider": provider},
            )
        ]
    if found.data == prefill.AHV:
        purpose = prefill.ahv_purpose(form_context)
        hints.append(
            _("The AHV number is needed because: ${purpose}", mapping={"purpose": purpose})
        )
    widget.description = " ".join(translate(hint, context=request) for hint in hints if hint)


def keep_verified(event) -> None:
    """On submit: each verified field's value as the login brought it, whatever was sent; its
    widget shows that value, read-only, if the form is shown again."""
    form = event.form
    if not IEasyForm.providedBy(getattr(form, "context", None)):
        return
    found = {name: each for name, each in login_prefill(form).items() if each.verified}
    if not found:
        return
    root = getattr(form, "parentForm", None) or form
    for name, each in found.items():
        if name in event.data or name in root.schema:
            event.data[name] = each.value
        for part in (root, *(getattr(root, "groups", None) or ())):
            widget = (getattr(part, "widgets", None) or {}).get(name)
            if widget is not None:
                converter = queryMultiAdapter((widget.field, widget), IDataConverter)
                if converter is not None:
                    widget.value = converter.toWidgetValue(each.value)
                mark(widget, each, root.context, form.request)


def tell_missing_data(event) -> None:
    """After a login: the data the provider should have brought and did not, as a message."""
    request = getRequest()
    user = getattr(event, "principal", None)
    userid = user.getId() if user is not None else None
    missing = prefill.missing_data(userid)
    if request is None or not missing:
        return
    message = _(
        "${provider} did not send the following data: ${data}. Please fill it in on the form; "
        "it then counts as not confirmed.",
        mapping={
            "provider": prefill.provider_title(userid),
            "data": ", ".join(translate(each, context=request) for each in missing),
        },
    )
    IStatusMessage(request).add(translate(message, context=request), type="warning")
