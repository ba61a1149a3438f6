"""A form filled in from what a citizen's login brought (the account of ``accounts``).

A form's setting ``prefill_claims`` maps its fields to the person's data, one line
``field name|data name``. A field whose data the provider vouches for (the account's
``verified``) is filled in and cannot be changed: whatever a browser or a program sends for it,
the request keeps the verified value (``enforce``). Other data is filled in and may be changed.
The AHV number is filled in only when the form says why it needs it (``ahv_purpose``).

Data the provider must bring (its ``required``) and did not: the citizen is told
(``missing_data``) and fills it in; the request then counts as not verified (``all_verified``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plone import api
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.identity.accounts import PLUGIN_ID
from digitalgemeinde.identity.providers import provider as provider_by_id

AHV = "ahv_number"
ADDRESS_PARTS = {"street": "street_address", "postal_code": "postal_code", "city": "locality"}
DATA_NAMES = ("given_name", "family_name", "email", "birthdate", *ADDRESS_PARTS, AHV)
TITLES = {
    "given_name": _("data_given_name", default="Given name"),
    "family_name": _("data_family_name", default="Family name"),
    "email": _("data_email", default="E-mail address"),
    "birthdate": _("data_birthdate", default="Date of birth"),
    "address": _("data_address", default="Address"),
    "street": _("data_street", default="Street"),
    "postal_code": _("data_postal_code", default="Postal code"),
    "city": _("data_city", default="Place"),
    AHV: _("data_ahv_number", default="AHV number"),
}


@dataclass(frozen=True)
class Prefilled:
    """The value of one field from the login, and whether the provider vouches for it."""

    field: str
    data: str  # the data name (DATA_NAMES)
    value: object  # typed for the field (a date for a Date field)
    verified: bool


def account(userid: str | None):
    """The account record of ``userid`` (None for anonymous users and password accounts)."""
    if not userid:
        return None
    plugin = api.portal.get().acl_users._getOb(PLUGIN_ID, None)
    return plugin.account(userid) if plugin is not None else None


def mapping(form) -> dict[str, str]:
    """The form's ``prefill_claims`` as field name -> data name: unknown data names are left
    out, and the AHV number unless the form says why it needs it."""
    settings = IRequestForm(form, None)
    lines = getattr(settings, "prefill_claims", None) or []
    purpose = ahv_purpose(form)
    found = {}
    for line in lines:
        field, _sep, data = (part.strip() for part in str(line).partition("|"))
        if field and data in DATA_NAMES and (data != AHV or purpose):
            found[field] = data
    return found


def ahv_purpose(form) -> str:
    settings = IRequestForm(form, None)
    return str(getattr(settings, "ahv_purpose", "") or "").strip()


def raw_value(record, data: str):
    """The account's value of ``data`` (None when the login did not bring it)."""
    values = record.get("data", {}) if record is not None else {}
    if data in ADDRESS_PARTS:
        address = values.get("address")
        value = address.get(ADDRESS_PARTS[data]) if isinstance(address, dict) else None
    else:
        value = values.get(data)
    return value if value not in (None, "", {}) else None


def is_verified(record, data: str) -> bool:
    verified = set(record.get("verified", ())) if record is not None else set()
    return ("address" if data in ADDRESS_PARTS else data) in verified


def typed(field, data: str, value):
    """``value`` as the field takes it, or None when the field cannot take it."""
    try:
        if data == "birthdate":
            born = date.fromisoformat(str(value)[:10])
            if IDate.providedBy(field) and not IDatetime.providedBy(field):
                value = born
            else:
                value = born.strftime("%d.%m.%Y")
        else:
            value = str(value).strip()
        field.validate(value)
    except (ValueError, TypeError, ValidationError):
        return None
    return value


def prefilled(form, userid: str | None, schema) -> dict[str, Prefilled]:
    """The fields of ``schema`` (the form's) that the login fills in, by field name."""
    record = account(userid)
    if record is None:
        return {}
    fields = dict(getFieldsInOrder(schema))
    found = {}
    for name, data in mapping(form).items():
        field = fields.get(name)
        raw = raw_value(record, data)
        if field is None or raw is None:
            continue
        value = typed(field.bind(form), data, raw)
        if value is not None:
            found[name] = Prefilled(name, data, value, is_verified(record, data))
    return found


def verified_values(form, userid: str | None, schema) -> dict:
    """Field name -> the verified value, for every field the citizen cannot change."""
    return {
        name: each.value for name, each in prefilled(form, userid, schema).items() if each.verified
    }


def enforce(form, userid: str | None, schema, data: dict) -> dict:
    """``data`` (a submission's values) with each verified field's value put back: what was
    sent for it does not count."""
    data.update(verified_values(form, userid, schema))
    return data


def missing_data(userid: str | None) -> list:
    """The titles (messages) of the data the account's provider requires and the last login
    did not bring; [] for other users."""
    record = account(userid)
    if record is None:
        return []
    provider = provider_by_id(record.get("provider", ""))
    if provider is None:
        return []
    present = {name for name, value in record.get("data", {}).items() if value}
    return [TITLES.get(name, name) for name in provider.required if name not in present]


def provider_title(userid: str | None) -> str:
    record = account(userid)
    provider = provider_by_id(record.get("provider", "")) if record is not None else None
    return provider.title if provider is not None else ""


def all_verified(form, userid: str | None) -> bool:
    """Whether a request by ``userid`` with ``form`` rests on verified data only: a login at a
    provider that brought all it requires, and every field the form maps present and vouched
    for. False for anonymous users and password accounts."""
    record = account(userid)
    if record is None or missing_data(userid):
        return False
    return all(
        raw_value(record, data) is not None and is_verified(record, data)
        for data in mapping(form).values()
    )
