"""What a new request form starts with: its standard fields, its consent text and its action,
in the site's language.

The standard fields (name, address, e-mail) are written as supermodel XML with German, French
or Italian labels, by the site's default language (German otherwise). The e-mail field is named
``email``: the "Deliver to office" action sends the receipt to it. Nothing here is code: plain
fields, a text and our own action (``security/forms.py`` would refuse anything else).
"""

from xml.sax.saxutils import escape

from plone import api
from plone.app.textfield.value import RichTextValue
from zope.i18n import translate

from digitalgemeinde import _

SUPERMODEL = "http://namespaces.plone.org/supermodel/schema"
LANGUAGES = ("de", "fr", "it")
STANDARD_FIELDS = ("name", "address", "email")
EMAIL_FIELD = "email"
TEXT_LINE = "zope.schema.TextLine"

# standard field -> (field name, type, label, description)
FIELDS = {
    "name": [
        ("vorname", TEXT_LINE, _("field_first_name", default="First name"), None),
        ("nachname", TEXT_LINE, _("field_last_name", default="Last name"), None),
    ],
    "address": [
        ("adresse", TEXT_LINE, _("field_street", default="Street and number"), None),
        ("plz_ort", TEXT_LINE, _("field_postcode_place", default="Postcode and place"), None),
    ],
    "email": [
        (
            EMAIL_FIELD,
            "plone.schema.email.Email",
            _("field_email", default="E-mail"),
            _(
                "field_email_help",
                default="We send the receipt with your reference number to this address, "
                "and the office's questions.",
            ),
        ),
    ],
}

SUBMIT_LABEL = _("form_submit_label", default="Submit")
PRIVACY_HEADING = _("privacy_heading", default="Purpose and data protection")
PRIVACY_DEFAULT = _(
    "privacy_default_text",
    default="We use your details only to process this request. They go to the responsible "
    "office and are deleted after the retention period.",
)
PRIVACY_LINK = _("privacy_link", default="Privacy statement")


def site_language() -> str:
    """The site's default language when it is German, French or Italian; German otherwise."""
    language = api.portal.get_registry_record("plone.default_language", default="de") or "de"
    language = language[:2].lower()
    return language if language in LANGUAGES else "de"


def fields_model(standard_fields, language: str) -> str:
    """The supermodel XML of the chosen standard fields, labelled in ``language``."""
    lines = [f'<model xmlns="{SUPERMODEL}">', "  <schema>"]
    for key in STANDARD_FIELDS:
        if key not in standard_fields:
            continue
        for name, type_, title, description in FIELDS[key]:
            lines.append(f'    <field name="{name}" type="{type_}">')
            label = escape(translate(title, target_language=language))
            lines.append(f"      <title>{label}</title>")
            if description is not None:
                text = escape(translate(description, target_language=language))
                lines.append(f"      <description>{text}</description>")
            lines.append("    </field>")
    lines += ["  </schema>", "</model>", ""]
    return "\n".join(lines)


def actions_model(office_uid: str, language: str) -> str:
    """Exactly one action: "Deliver to office" to ``office_uid``, the receipt to ``email``."""
    title = translate(_("Deliver to office"), target_language=language)
    return (
        f'<model xmlns="{SUPERMODEL}">\n  <schema>\n'
        '    <field name="deliver" type="digitalgemeinde.submissions.action.DeliverToOffice">\n'
        f"      <title>{escape(title)}</title>\n"
        f"      <office>{escape(office_uid)}</office>\n"
        f"      <email_field>{EMAIL_FIELD}</email_field>\n"
        "    </field>\n  </schema>\n</model>\n"
    )


def privacy_settings() -> tuple[str, str]:
    """The site's data-protection text and the address of its privacy statement (both may be
    empty)."""
    text = api.portal.get_registry_record("digitalgemeinde.privacy_text", default=None) or ""
    url = api.portal.get_registry_record("digitalgemeinde.privacy_url", default=None) or ""
    return text.strip(), url.strip()


def consent_html(language: str) -> str:
    """The "Purpose and data protection" text a form shows above its submit button."""
    text, url = privacy_settings()
    if not text:
        text = translate(PRIVACY_DEFAULT, target_language=language)
    paragraphs = "".join(
        f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip()
    )
    link = ""
    if url.startswith(("https://", "http://")):
        label = escape(translate(PRIVACY_LINK, target_language=language))
        link = f'<p><a href="{escape(url, {chr(34): "&quot;"})}">{label}</a></p>'
    heading = escape(translate(PRIVACY_HEADING, target_language=language))
    return f'<section class="form-privacy"><h2>{heading}</h2>{paragraphs}{link}</section>'


def consent_value(language: str) -> RichTextValue:
    return RichTextValue(consent_html(language), "text/html", "text/x-html-safe")


def form_texts(language: str) -> dict:
    """The form's own texts in ``language``, instead of easyform's English defaults."""
    return {
        "submitLabel": translate(SUBMIT_LABEL, target_language=language),
        "thankstitle": translate(_("Thank you"), target_language=language),
        "formEpilogue": consent_value(language),
    }
