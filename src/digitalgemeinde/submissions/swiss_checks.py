"""Swiss named checks an editor chooses for a form field (its settings, "Validators"): AHV
number, Swiss IBAN, Swiss phone number, Swiss postal code, a date not before today and an e-mail
address that can receive mail. Registered with the other named checks (``field_rules.CHECKS``,
field_rules.zcml); like them, each refusal is translated and shows an example.

Three of them also *normalise*: what the citizen typed in any accepted way is stored in one
form, ``756.1234.5678.97``, ``CH93 0076 2011 6238 5295 7``, ``+41 61 123 45 67``, when the field
is a text field that takes it (``normalised``, called by ``delivery.deliver`` for the browser
form and REST ``@submit`` alike); otherwise the value is only checked and kept as typed.
"""

import re
from datetime import date
from datetime import datetime
from datetime import timedelta

from collective.easyform.interfaces import IFieldExtender
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.emails import is_email
from digitalgemeinde.submissions import swiss_mail
from digitalgemeinde.submissions import swiss_postal_codes

# --- AHV number (AHVN13): 756, 9 digits, an EAN-13 check digit ---------------------------------

AHV_FORMAT = _("The AHV number has 13 digits and begins with 756, e.g. 756.1234.5678.97.")
AHV_CHECK = _("This AHV number is not valid: please check its digits, e.g. 756.1234.5678.97.")


def ahv_digits(value) -> str:
    return re.sub(r"[\s.]", "", str(value or ""))


def ean13_valid(digits: str) -> bool:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def ahv_number(value, **kwargs):
    """756.1234.5678.97; dots and spaces may be left out or put elsewhere."""
    if not value:
        return None
    digits = ahv_digits(value)
    if not re.fullmatch(r"756[0-9]{10}", digits):
        return AHV_FORMAT
    return None if ean13_valid(digits) else AHV_CHECK


def ahv_canonical(value) -> str | None:
    digits = ahv_digits(value)
    if ahv_number(digits) is not None:
        return None
    return f"{digits[:3]}.{digits[3:7]}.{digits[7:11]}.{digits[11:]}"


# --- Swiss IBAN: CH or LI, 21 characters, ISO 7064 mod 97-10 -----------------------------------

IBAN_FORMAT = _(
    "Please enter a Swiss IBAN of 21 characters beginning with CH or LI, "
    "e.g. CH93 0076 2011 6238 5295 7."
)
IBAN_CHECK = _(
    "This IBAN is not valid: please check its characters, e.g. CH93 0076 2011 6238 5295 7."
)


def iban_characters(value) -> str:
    return re.sub(r"\s", "", str(value or "")).upper()


def mod97_valid(iban: str) -> bool:
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


def swiss_iban(value, **kwargs):
    """CH93 0076 2011 6238 5295 7; spaces anywhere, small letters too."""
    if not value:
        return None
    iban = iban_characters(value)
    if not re.fullmatch(r"(CH|LI)[0-9]{7}[0-9A-Z]{12}", iban):
        return IBAN_FORMAT
    return None if mod97_valid(iban) else IBAN_CHECK


def iban_canonical(value) -> str | None:
    iban = iban_characters(value)
    if swiss_iban(iban) is not None:
        return None
    return " ".join(iban[start : start + 4] for start in range(0, len(iban), 4))


# --- Swiss phone number: 061 123 45 67, +41 61 123 45 67, 0041 61 123 45 67 --------------------

PHONE = _("Please enter a Swiss phone number, e.g. 061 123 45 67 or +41 79 123 45 67.")
SEPARATORS = re.compile(r"[\s./()-]")
# 0800 free, 084x shared cost, 090x premium: written 0800 123 456
THREE_DIGIT_PREFIXES = ("800", "840", "842", "844", "848", "900", "901", "906")


def national_number(value) -> str | None:
    """The 9 digits after +41 (fixed lines and mobiles), or None."""
    text = str(value or "").strip().replace("(0)", "")
    if re.search(r"[^0-9\s+./()-]", text):
        return None
    digits = SEPARATORS.sub("", text)
    for prefix in ("+41", "0041"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    else:
        if not digits.startswith("0") or digits.startswith("00"):
            return None
        digits = digits[1:]
    return digits if re.fullmatch(r"[2-9][0-9]{8}", digits) else None


def swiss_phone(value, **kwargs):
    if not value:
        return None
    return None if national_number(value) else PHONE


def phone_canonical(value) -> str | None:
    digits = national_number(value)
    if digits is None:
        return None
    if digits[:3] in THREE_DIGIT_PREFIXES:
        return f"+41 {digits[:3]} {digits[3:6]} {digits[6:]}"
    return f"+41 {digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"


# --- Swiss postal code: 4 digits, in the official list -----------------------------------------

POSTAL_FORMAT = _("A postal code has 4 digits, e.g. 4410.")


def postal_code(value, **kwargs):
    if not value:
        return None
    code = swiss_postal_codes.clean(value)
    if not swiss_postal_codes.is_well_formed(code):
        return POSTAL_FORMAT
    if not swiss_postal_codes.places(code):
        return _(
            "There is no Swiss postal code ${code}. Please check it, e.g. 4410 for Liestal.",
            mapping={"code": code},
        )
    return None


# --- a date not before today (e.g. the day of a move) ------------------------------------------


def not_past_date(value, **kwargs):
    """Today or later."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if isinstance(day, date) and day < date.today():
        example = (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")
        return _(
            "The date cannot lie in the past. Please enter today or a later date, e.g. ${example}.",
            mapping={"example": example},
        )
    return None


# --- an e-mail address that can receive mail ---------------------------------------------------

EMAIL_FORMAT = _("Please enter an e-mail address such as anna.muster@example.ch.")


def receiving_email(value, **kwargs):
    """A bare address whose domain receives mail; accepted when our DNS cannot tell."""
    if not value:
        return None
    address = str(value).strip()
    if not is_email(address):
        return EMAIL_FORMAT
    domain = address.rsplit("@", 1)[1].lower()
    if swiss_mail.receives_mail(domain) is swiss_mail.REFUSES:
        return _(
            "Mail cannot be delivered to ${domain}. Please check the part after the @, "
            "e.g. anna.muster@example.ch.",
            mapping={"domain": domain},
        )
    return None


# name → check (field_rules.CHECKS takes them in; field_rules.zcml registers them)
CHECKS = {
    "digitalgemeinde.ahv_number": ahv_number,
    "digitalgemeinde.swiss_iban": swiss_iban,
    "digitalgemeinde.swiss_phone": swiss_phone,
    "digitalgemeinde.postal_code": postal_code,
    "digitalgemeinde.not_past_date": not_past_date,
    "digitalgemeinde.receiving_email": receiving_email,
}

# --- normalising --------------------------------------------------------------------------------

NORMALISERS = {
    "digitalgemeinde.ahv_number": ahv_canonical,
    "digitalgemeinde.swiss_iban": iban_canonical,
    "digitalgemeinde.swiss_phone": phone_canonical,
}


def chosen_checks(field) -> list[str]:
    """The names of the checks chosen for a form field (easyform's ``validators``)."""
    return list(getattr(IFieldExtender(field, None), "validators", None) or [])


def canonical(field, value):
    """``value`` in its one stored form when a chosen check knows it and the field takes it."""
    if not isinstance(value, str):
        return value
    for name in chosen_checks(field):
        normaliser = NORMALISERS.get(name)
        written = normaliser(value) if normaliser else None
        if written is None or written == value:
            continue
        try:
            field.validate(written)  # e.g. a maximum length: then kept as typed
        except (ValidationError, Invalid, ValueError, TypeError):
            continue
        return written
    return value


def normalised(schema, data: dict) -> dict:
    """The form's values, each in its stored form (see ``canonical``)."""
    fields = dict(getFieldsInOrder(schema))
    return {
        name: canonical(fields[name], value) if name in fields else value
        for name, value in data.items()
    }
