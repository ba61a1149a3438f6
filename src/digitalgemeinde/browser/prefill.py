"""Forms fill in what a logged-in citizen's account already knows: name, address, email.

A z3c.form default-value adapter for the fields of EasyForm forms, chosen by field name. The
citizen can still change every value; anonymous users get the form's own defaults.
"""

from collective.easyform.fields import FieldExtenderDefault
from plone import api
from z3c.form.interfaces import IValue
from zope.interface import implementer

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
        reader = FIELDS.get(self.field.__name__.lower().replace("-", "_").replace(" ", "_"))
        if reader is not None and not api.user.is_anonymous():
            value = reader(api.user.get_current()) or ""
            if value and isinstance(value, str):
                return value
        fallback = FieldExtenderDefault(*self.objects)
        return fallback.get()
