"""What a request form knows about its fields beyond their type: checks and autofill.

*Named checks* (easyform's field validators): a form model chooses them by name, as data and
never as code, e.g. ``<field name="chip_nummer" easyform:validators="digitalgemeinde.chip_number">``
(an editor picks them in the field's settings, "Validators"). Each refusal is translated and
gives an example, as the field's hint does.

*Autofill*: the HTML ``autocomplete`` token of a field, so that a browser fills in the citizen's
name, address, phone and birth date. By the field's name (``vorname``, ``email``, …) or by the
field parameter ``dg:autocomplete="street-address"`` in the model (namespace ``AUTOFILL_NS``),
which also switches it off for a field with ``dg:autocomplete="off"``.
"""

import re
from datetime import date
from datetime import datetime

from collective.easyform.interfaces import IFieldValidator
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.utils import ns
from zope.component import queryUtility
from zope.interface import Invalid
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.submissions import swiss_checks

# --- named checks -----------------------------------------------------------------------------

CHIP_DIGITS = 15
CHIP_PATTERN = re.compile(r"\d{15}")


def past_date(value, **kwargs):
    """A birth date (or any date of the past): not after today."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and day > date.today():
        return _(
            "The date cannot lie in the future. Please enter a date up to today, e.g. 14.03.1985."
        )
    return None


def chip_number(value, **kwargs):
    """A dog's microchip number: exactly 15 digits; spaces between them are allowed."""
    if not value:
        return None
    digits = re.sub(r"\s+", "", str(value))
    if not CHIP_PATTERN.fullmatch(digits):
        return _(
            "The chip number has exactly 15 digits (spaces are allowed), e.g. 756 0981 2345 6789."
        )
    return None


def whole_number(value, **kwargs):
    """A number written in digits (for text fields that hold a count)."""
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\s*\d+\s*", str(value)):
        return NOT_A_NUMBER
    return None


NOT_A_NUMBER = _("Please enter a whole number in digits, e.g. 2.")

# name → check; registered as collective.easyform IFieldValidator utilities (field_rules.zcml)
CHECKS = {
    "digitalgemeinde.past_date": past_date,
    "digitalgemeinde.chip_number": chip_number,
    "digitalgemeinde.whole_number": whole_number,
    **swiss_checks.CHECKS,  # AHV number, IBAN, phone, postal code, dates ahead, mail domain
}


def validate(field, value, request=None) -> None:
    """``value`` checked as the browser form checks it: the field's own constraints, then the
    named checks chosen for it (easyform's validator), Invalid with the first refusal. For
    REST ``@submit``, which reads the values without the form."""
    field.validate(value)
    for name in swiss_checks.chosen_checks(field):
        check = queryUtility(IFieldValidator, name=name)
        refusal = check(value, REQUEST=request) if check is not None else None
        if refusal:
            raise Invalid(refusal)


# --- autofill ---------------------------------------------------------------------------------

AUTOFILL_NS = "http://namespaces.digitalgemeinde.ch/supermodel/form"
AUTOFILL_PREFIX = "dg"
AUTOFILL_KEY = "digitalgemeinde.autocomplete"  # tagged value of the schema: {field: token}

# The citizen's own particulars, by the names our forms give them. Only names that always mean
# the citizen's own: "ort" may be where a road is opened, "hund_geburtsdatum" is the dog's.
AUTOFILL_BY_NAME = {
    "vorname": "given-name",
    "nachname": "family-name",
    "name": "name",
    "email": "email",
    "e_mail": "email",
    "telefon": "tel",
    "phone": "tel",
    "mobile": "tel",
    "geburtsdatum": "bday",
    "strasse": "street-address",
    "wohnadresse": "street-address",
    "plz": "postal-code",
    "postleitzahl": "postal-code",
    "wohnort": "address-level2",
}
AUTOFILL_TOKENS = frozenset(
    {*AUTOFILL_BY_NAME.values(), "off", "address-line1", "address-level1", "country-name"}
)


def autofill_token(field) -> str | None:
    """The ``autocomplete`` token of a form field: the model's parameter, else by its name."""
    schema = getattr(field, "interface", None)
    chosen = schema.queryTaggedValue(AUTOFILL_KEY, {}) if schema is not None else {}
    token = chosen.get(field.__name__) or AUTOFILL_BY_NAME.get(field.__name__)
    return token if token in AUTOFILL_TOKENS else None


@implementer(IFieldMetadataHandler)
class AutofillHandler:
    """Reads and writes ``dg:autocomplete`` on the fields of a supermodel (the form model)."""

    namespace = AUTOFILL_NS
    prefix = AUTOFILL_PREFIX

    def read(self, fieldNode, schema, field):
        token = (fieldNode.get(ns("autocomplete", self.namespace)) or "").strip()
        if token in AUTOFILL_TOKENS:
            data = dict(schema.queryTaggedValue(AUTOFILL_KEY, {}))
            data[field.__name__] = token
            schema.setTaggedValue(AUTOFILL_KEY, data)

    def write(self, fieldNode, schema, field):
        token = schema.queryTaggedValue(AUTOFILL_KEY, {}).get(field.__name__)
        if token:
            fieldNode.set(ns("autocomplete", self.namespace), token)


# --- existing sites ---------------------------------------------------------------------------

EASYFORM_NS = "http://namespaces.plone.org/supermodel/easyform"
SCHEMA_NS = "http://namespaces.plone.org/supermodel/schema"
# what the demo's fragments now say, by field name, for forms made before
EXISTING_CHECKS = {
    "chip_nummer": "digitalgemeinde.chip_number",
    "geburtsdatum": "digitalgemeinde.past_date",
    "hund_geburtsdatum": "digitalgemeinde.past_date",
    "kind_geburtsdatum": "digitalgemeinde.past_date",
    "gesucht_geburtsdatum": "digitalgemeinde.past_date",
    "gepflegte_geburtsdatum": "digitalgemeinde.past_date",
}


def with_checks(model: str) -> str | None:
    """``model`` (a form's fields model) with the named checks of ``EXISTING_CHECKS`` and the
    autofill of the citizen's home address ("Wohnadresse…" fields named ``adresse``), on the
    fields that have none yet; None when nothing changes."""
    from lxml import etree

    etree.register_namespace("easyform", EASYFORM_NS)
    etree.register_namespace(AUTOFILL_PREFIX, AUTOFILL_NS)
    root = etree.fromstring(model.encode())
    changed = False
    for field in root.iter(f"{{{SCHEMA_NS}}}field"):
        name = field.get("name")
        check, validators = EXISTING_CHECKS.get(name), f"{{{EASYFORM_NS}}}validators"
        if check and not field.get(validators):
            field.set(validators, check)
            changed = True
        title = field.findtext(f"{{{SCHEMA_NS}}}title") or ""
        autofill = f"{{{AUTOFILL_NS}}}autocomplete"
        if name == "adresse" and title.startswith("Wohnadresse") and not field.get(autofill):
            field.set(autofill, "street-address")
            changed = True
    return etree.tostring(root, encoding="unicode") if changed else None


def add_checks_to_existing_forms(portal) -> int:
    """For an upgrade step (existing sites): every EasyForm's model gets ``with_checks``.
    Returns how many forms changed."""
    from plone import api

    changed = 0
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
        form = brain._unrestrictedGetObject()
        model = with_checks(form.fields_model) if form.fields_model else None
        if model is not None:
            form.fields_model = model
            changed += 1
    return changed
