"""Find what in an EasyForm evaluates code: scripts, TALES and Python expressions, page templates
and dotted names that the model loader imports and calls; and actions that take the request
anywhere but to the office (a mailer, a data saver), which are for site Managers as well.

A leaf module (of ours it imports only the message factory): the guard in
``security/forms.py``, the standard service's form template and the upgrade step read the same
list. A *fragment* is one piece
of code with the place it stands, e.g. ``Fragment("fields_model", "dog", "TDefault", "python:…")``.
Code that collective.easyform ships in its own default models is known and allowed anywhere.
"""

from dataclasses import dataclass

from AccessControl import getSecurityManager
from collective.easyform.config import FIELDS_DEFAULT
from lxml import etree
from plone import api
from zope.i18nmessageid import Message

from digitalgemeinde import _

USE_CODE_PERMISSION = "digitalgemeinde: Use code in forms"

SCHEMA_NS = "http://namespaces.plone.org/supermodel/schema"
EASYFORM_NS = "http://namespaces.plone.org/supermodel/easyform"
FORM_NS = "http://namespaces.plone.org/supermodel/form"

# Attributes of a field (easyform's field extender) that hold TALES.
FIELD_EXPRESSIONS = ("TDefault", "TEnabled", "TValidator")
# Attribute of every action (easyform's action extender) that holds TALES.
ACTION_EXPRESSIONS = ("execCondition",)
# Elements of a field whose dotted name the loader imports and calls.
DOTTED_ELEMENTS = ("defaultFactory", "source")
# The one action anyone who edits a form may add: the delivery to the office. A custom script
# runs code; a mailer sends the request's data to any address and a data saver keeps it on the
# form for its owner to download: both take the request past the office, so they are for site
# Managers too (and so is any action type not named here).
SAFE_ACTION_TYPES = frozenset({"digitalgemeinde.submissions.action.DeliverToOffice"})
# Widgets a form may name: the packages that provide Plone's own widgets.
SAFE_WIDGET_PREFIXES = (
    "z3c.form.browser.",
    "plone.app.z3cform.widget",
    "plone.formwidget.",
    "plone.app.textfield.widget.",
    "collective.easyform.browser.widgets.",
)
# Attributes of the EasyForm itself that hold TALES.
FORM_EXPRESSIONS = (
    "thanksPageOverride",
    "formActionOverride",
    "onDisplayOverride",
    "afterValidationOverride",
    "headerInjection",
    "submitLabelOverride",
)
MODELS = ("fields_model", "actions_model")
GUARDED_ATTRIBUTES = frozenset((*MODELS, *FORM_EXPRESSIONS))


@dataclass(frozen=True, order=True)
class Fragment:
    """One piece of code: in ``where`` (a model or a form attribute), at ``field`` (the field or
    action name, "" for the form), the attribute or element ``what`` holding ``code``."""

    where: str
    field: str
    what: str
    code: str

    @property
    def location(self) -> str:
        return " › ".join(part for part in (self.where, self.field, self.what) if part)

    @property
    def shape(self) -> tuple[str, str]:
        """What and which code, wherever it stands (to recognise easyform's own defaults)."""
        return (self.what, normalise(self.code))


class InvalidModel(ValueError):
    """The model is not XML that could be checked (the form's own parser refuses it too)."""


def normalise(code: str) -> str:
    return " ".join((code or "").split())


def parse(xml: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_pis=True)
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise InvalidModel(str(error)) from error


def schema_fields(root):
    """Every <field> of the model, in every schema and fieldset, with its name."""
    for element in root.iter(f"{{{SCHEMA_NS}}}field"):
        yield element.get("name") or "", element


def child_text(element, name: str) -> str | None:
    child = element.find(f"{{{SCHEMA_NS}}}{name}")
    if child is None:
        return None
    return "".join(child.itertext())


def expression_fragments(where: str, name: str, element, attributes) -> list[Fragment]:
    """The easyform expression ``attributes`` of ``element`` that are set."""
    found = []
    for attribute in attributes:
        value = element.get(f"{{{EASYFORM_NS}}}{attribute}")
        if value and value.strip():
            found.append(Fragment(where, name, attribute, value))
    return found


def field_fragments(where: str, name: str, element) -> list[Fragment]:
    found = expression_fragments(where, name, element, FIELD_EXPRESSIONS)
    for tag in DOTTED_ELEMENTS:
        value = child_text(element, tag)
        if value and value.strip():
            found.append(Fragment(where, name, tag, value.strip()))
    validator = element.get(f"{{{FORM_NS}}}validator")
    if validator:
        found.append(Fragment(where, name, "form:validator", validator))
    widget = element.get(f"{{{FORM_NS}}}widget")
    if widget and not widget.startswith(SAFE_WIDGET_PREFIXES):
        found.append(Fragment(where, name, "form:widget", widget))
    return found


def action_fragments(where: str, name: str, element) -> list[Fragment]:
    """An action of a type not known to be safe is one fragment as a whole (a custom script,
    and a mailer with its templates and overrides); a safe one may hold an exec condition."""
    kind = element.get("type") or ""
    if kind not in SAFE_ACTION_TYPES:
        body = [
            etree.tostring(child, encoding="unicode").strip()
            for child in element
            if etree.QName(child).localname not in ("title", "description")
        ]
        return [Fragment(where, name, kind.rsplit(".", 1)[-1] or "type", "\n".join(body))]
    return expression_fragments(where, name, element, ACTION_EXPRESSIONS)


def model_fragments(where: str, xml: str | None) -> list[Fragment]:
    """The code in a fields or actions model (``where`` names which)."""
    if not (xml or "").strip():
        return []
    root = parse(xml)
    reader = action_fragments if where == "actions_model" else field_fragments
    found = []
    for name, element in schema_fields(root):
        found.extend(reader(where, name, element))
    return found


def form_fragments(values: dict) -> list[Fragment]:
    """The code in a form's models and expression attributes: ``values`` maps attribute names
    (fields_model, actions_model, thanksPageOverride, …) to their values; absent ones count as
    empty. Code of easyform's own defaults is left out."""
    found = []
    for where in MODELS:
        found.extend(model_fragments(where, values.get(where)))
    for attribute in FORM_EXPRESSIONS:
        value = values.get(attribute)
        if isinstance(value, str) and value.strip():
            found.append(Fragment(attribute, "", "", value))
    return [fragment for fragment in found if fragment.shape not in KNOWN_DEFAULTS]


def new_code(old: dict, new: dict) -> list[Fragment]:
    """Code in ``new`` that ``old`` did not hold at the same place: what a change brings in.
    Taking code away, or changing anything else, brings in nothing."""
    before = set(form_fragments(old))
    return sorted(fragment for fragment in form_fragments(new) if fragment not in before)


def may_use_code() -> bool:
    """Whether the current user is a site Manager (our permission, granted on the site root)."""
    return bool(getSecurityManager().checkPermission(USE_CODE_PERMISSION, api.portal.get()))


def refusal(fragment: Fragment) -> Message:
    """The message that refuses ``fragment`` to someone who may not use code."""
    return _(
        "error_code_in_forms",
        default="${field}: only site managers may use code in forms (scripts, TALES or "
        "Python expressions, templates, dotted names) or actions that send or keep the "
        "request anywhere but at the office.",
        mapping={"field": fragment.location},
    )


def refused_in_template(xml: str | None) -> Message | None:
    """Why the current user may not bring the form template ``xml`` into a form, or None."""
    try:
        found = model_fragments("fields_model", xml)
    except InvalidModel:
        return None  # the template's own validation names that problem
    found = [fragment for fragment in found if fragment.shape not in KNOWN_DEFAULTS]
    if found and not may_use_code():
        return refusal(found[0])
    return None


def _known_defaults() -> frozenset:
    """The expression easyform's default fields carry (the e-mail of the logged-in member).
    Its default mailer is not among them: it sends the request to the form's owner."""
    return frozenset(fragment.shape for fragment in model_fragments("fields_model", FIELDS_DEFAULT))


KNOWN_DEFAULTS = _known_defaults()


def without_code(where: str, xml: str | None) -> str | None:
    """The model with its code taken out: expressions and dotted names dropped, actions that
    run code removed, a mailer's own template back to easyform's default."""
    if not (xml or "").strip():
        return xml
    root = parse(xml)
    for name, element in list(schema_fields(root)):
        if where == "actions_model" and (element.get("type") or "") not in SAFE_ACTION_TYPES:
            element.getparent().remove(element)
            continue
        for fragment in (action_fragments if where == "actions_model" else field_fragments)(
            where, name, element
        ):
            drop(element, fragment.what)
    return etree.tostring(root, encoding="unicode")


def drop(element, what: str) -> None:
    for namespace in (EASYFORM_NS, FORM_NS):
        key = f"{{{namespace}}}{what.removeprefix('form:')}"
        if key in element.attrib:
            del element.attrib[key]
    child = element.find(f"{{{SCHEMA_NS}}}{what}")
    if child is not None:
        element.remove(child)
        if what == "source":  # a choice needs values of some kind: none until a Manager looks
            etree.SubElement(element, f"{{{SCHEMA_NS}}}values")
