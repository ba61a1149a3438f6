"""Conditions without code: a field of a request form is shown only when other fields have
given values ("Hund mitzügeln?" is "Ja" → the dog's fields).

Stored as data in the form's fields model, never as TALES, so that editors may set them: the
field parameter ``dg:show-when`` (namespace ``field_rules.AUTOFILL_NS``) holds a small JSON
object, ``{"all": [{"field": "hund_mitzuegeln", "operator": "is", "value": "Ja"}]}`` (or
``"any"``). Operators: ``is``, ``is_not``, ``contains``. Values compare as text; a yes/no field
is ``true``/``false`` (``Ja``/``Nein`` are understood); for a field with several choices ``is``
and ``contains`` mean the option is chosen, and ``contains`` on text ignores case.

One function decides which fields apply to given data, ``hidden_fields``: the browser form and
``@submit`` drop what it hides (neither required, nor validated, nor stored). A field that
depends on a hidden field sees that field as empty. ``check_model`` refuses, naming the field,
a condition that cannot be read, names a field the form lacks, uses an unknown operator or
depends on itself; the guard on a form's model (``security/forms.py``) calls it on every route.
"""

import json
from dataclasses import dataclass
from datetime import date

from plone.restapi.exceptions import DeserializationError
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.utils import ns
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
from ZPublisher.HTTPResponse import status_codes

from digitalgemeinde import _
from digitalgemeinde.form_code import InvalidModel
from digitalgemeinde.form_code import parse
from digitalgemeinde.submissions.field_rules import AUTOFILL_NS
from digitalgemeinde.submissions.field_rules import AUTOFILL_PREFIX

SHOW_WHEN_KEY = "digitalgemeinde.show_when"  # tagged value of the schema: {field: Rule}
ATTRIBUTE = "show-when"
SCHEMA_NS = "http://namespaces.plone.org/supermodel/schema"
OPERATORS = ("is", "is_not", "contains")
MATCHES = ("all", "any")
MAX_CONDITIONS = 10
YES = frozenset({"true", "ja", "yes", "oui", "si", "sì", "1"})
NO = frozenset({"false", "nein", "no", "non", "0"})


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    value: str


@dataclass(frozen=True)
class Rule:
    """When a field is shown: ``all`` or ``any`` of its conditions hold."""

    match: str
    conditions: tuple[Condition, ...]

    def to_json(self) -> str:
        items = [{"field": c.field, "operator": c.operator, "value": c.value} for c in self]
        return json.dumps({self.match: items}, ensure_ascii=False)

    def __iter__(self):
        # a condition without field is a blank row of the field editor, not yet a condition
        return (condition for condition in self.conditions if condition.field)

    def fields(self) -> list[str]:
        return [condition.field for condition in self]


class ConditionRefused(DeserializationError, BadRequest):
    """A model whose condition is malformed: 400 over REST (a DeserializationError) and on
    every other route (BadRequest). Its text is already in the request's language."""

    def __init__(self, message):
        self.message = translate(message, context=getRequest())
        super().__init__(self.message)

    def __str__(self):
        return self.message


status_codes[ConditionRefused.__name__.lower()] = 400


def unreadable(field: str) -> ConditionRefused:
    return ConditionRefused(
        _(
            "error_condition_unreadable",
            default="The condition of the field «${field}» cannot be read: it needs "
            '{"all": [...]} or {"any": [...]} with conditions of field, operator and value.',
            mapping={"field": field},
        )
    )


def parse_rule(text: str, field: str) -> Rule:
    """The rule written in ``dg:show-when`` of ``field``; ConditionRefused when malformed."""
    try:
        data = json.loads(text)
    except ValueError:
        raise unreadable(field) from None
    if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in MATCHES:
        raise unreadable(field)
    match, items = next(iter(data.items()))
    if not isinstance(items, list) or not 0 < len(items) <= MAX_CONDITIONS:
        raise unreadable(field)
    conditions = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"field", "operator", "value"}:
            raise unreadable(field)
        other, operator, value = item["field"], item["operator"], item["value"]
        if not all(isinstance(part, str) for part in (other, operator, value)):
            raise unreadable(field)
        if operator not in OPERATORS:
            raise ConditionRefused(
                _(
                    "error_condition_operator",
                    default="The condition of the field «${field}» uses the operator "
                    "«${operator}»: choose is, is_not or contains.",
                    mapping={"field": field, "operator": operator},
                )
            )
        conditions.append(Condition(other.strip(), operator, value.strip()))
    return Rule(match, tuple(conditions))


def check_rules(rules: dict[str, Rule], names) -> None:
    """Every condition names another field of the form, and no field depends on itself."""
    names = set(names)
    for field, rule in rules.items():
        for other in rule.fields():
            if other not in names:
                raise ConditionRefused(
                    _(
                        "error_condition_unknown_field",
                        default="The condition of the field «${field}» names the field "
                        "«${other}», which the form does not have.",
                        mapping={"field": field, "other": other},
                    )
                )
    for field in rules:
        loop = depends_on_itself(field, rules)
        if loop:
            raise ConditionRefused(
                _(
                    "error_condition_loop",
                    default="The field «${field}» cannot be shown depending on itself "
                    "(through «${other}»).",
                    mapping={"field": field, "other": loop},
                )
            )


def depends_on_itself(field: str, rules: dict[str, Rule]) -> str | None:
    """The field through which ``field``'s condition leads back to it, else None."""
    seen, todo = set(), [(other, other) for other in rules[field].fields()]
    while todo:
        current, first = todo.pop()
        if current == field:
            return first
        if current in seen:
            continue
        seen.add(current)
        todo.extend((other, first) for other in rules.get(current, Rule("all", ())).fields())
    return None


def check_model(model: str) -> None:
    """Refuse a fields model whose conditions are malformed (ConditionRefused)."""
    if not model or ATTRIBUTE not in model:
        return
    try:
        root = parse(model)
    except InvalidModel:
        return  # the form's own parser and the code guard say so
    rules, names = {}, []
    for element in root.iter(f"{{{SCHEMA_NS}}}field"):
        name = element.get("name") or ""
        names.append(name)
        text = element.get(ns(ATTRIBUTE, AUTOFILL_NS))
        if text is not None:
            rules[name] = parse_rule(text, name)
    check_rules(rules, names)


def rules_of(schema) -> dict[str, Rule]:
    rules = schema.queryTaggedValue(SHOW_WHEN_KEY, {}) if schema is not None else {}
    return {name: rule for name, rule in rules.items() if any(True for _condition in rule)}


# --- which fields apply -------------------------------------------------------------------


def as_texts(value) -> list[str] | None:
    """A value as the texts a condition compares; None when not given."""
    if value is None or value == "" or value == b"":
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(text for item in value for text in (as_texts(item) or ()))
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, date):
        return [value.isoformat()]
    return [str(value).strip()]


def wanted(condition: Condition, value) -> str:
    if isinstance(value, bool):
        word = condition.value.lower()
        return "true" if word in YES else "false" if word in NO else condition.value
    return condition.value


def holds(condition: Condition, value) -> bool:
    """Whether ``condition`` holds for the field's ``value`` (None: not given or hidden)."""
    texts = as_texts(value)
    if not texts:
        return condition.operator == "is_not"
    target = wanted(condition, value)
    several = isinstance(value, list | tuple | set | frozenset)
    if condition.operator == "contains" and not several:
        return target.casefold() in texts[0].casefold()
    found = target in texts if several else texts[0] == target
    return not found if condition.operator == "is_not" else found


def hidden_fields(schema, data: dict) -> set[str]:
    """The fields of ``schema`` that do not apply to ``data``: their condition does not hold.
    A field that depends on a hidden field sees it as not given."""
    rules = rules_of(schema)
    shown: dict[str, bool] = {}

    def is_shown(name: str, path: tuple = ()) -> bool:
        if name not in rules:
            return True
        if name in path:  # a loop (refused when stored): hidden
            return False
        if name not in shown:
            rule = rules[name]
            results = (
                holds(c, data.get(c.field) if is_shown(c.field, (*path, name)) else None)
                for c in rule
            )
            shown[name] = all(results) if rule.match == "all" else any(results)
        return shown[name]

    return {name for name in rules if not is_shown(name)}


def without_hidden(schema, data: dict, errors):
    """``data`` and ``errors`` (a list of dicts with ``field``) without the hidden fields'."""
    hidden = hidden_fields(schema, data)
    if not hidden:
        return data, errors
    kept = {name: value for name, value in data.items() if name not in hidden}
    return kept, [e for e in errors if str(e.get("field", "")).split(".")[0] not in hidden]


# --- what the citizen reads --------------------------------------------------------------

PHRASES = {  # the words' order differs by language; the mapping is given where they are used
    "is": _("«${field}» is «${value}»"),
    "is_not": _("«${field}» is not «${value}»"),
    "contains": _("«${field}» contains «${value}»"),
}


def shown_value(field, condition: Condition, request):
    """The condition's value as the citizen sees it: Ja/Nein for a yes/no field, the title
    of a choice's option."""
    from zope.schema.interfaces import IBool

    if IBool.providedBy(field):
        yes = condition.value.lower() in YES
        return translate(_("Yes") if yes else _("No"), context=request)
    vocabulary = getattr(field, "vocabulary", None) or getattr(
        getattr(field, "value_type", None), "vocabulary", None
    )
    try:
        term = vocabulary.getTerm(condition.value) if vocabulary is not None else None
    except LookupError:
        term = None
    title = getattr(term, "title", None)
    return translate(title, context=request) if title else condition.value


def hint(schema, name: str, request) -> str | None:
    """«Nur ausfüllen, wenn «Hund mitzügeln?» «Ja» ist.» for a field with a condition."""
    rule = rules_of(schema).get(name)
    if rule is None:
        return None
    parts = []
    for condition in rule:
        field = schema.get(condition.field)
        label = translate(getattr(field, "title", "") or condition.field, context=request)
        value = shown_value(field, condition, request) if field is not None else condition.value
        phrase = _(PHRASES[condition.operator], mapping={"field": label, "value": value})
        parts.append(translate(phrase, context=request))
    word = (
        _("condition_and", default="and")
        if rule.match == "all"
        else _("condition_or", default="or")
    )
    joint = f" {translate(word, context=request)} "
    text = _("Only fill in if ${conditions}.", mapping={"conditions": joint.join(parts)})
    return translate(text, context=request)


# --- the model's parameter ----------------------------------------------------------------


@implementer(IFieldMetadataHandler)
class ShowWhenHandler:
    """Reads and writes ``dg:show-when`` on the fields of a form model. A condition that
    cannot be read is left out when reading (a model is refused before it is stored)."""

    namespace = AUTOFILL_NS
    prefix = AUTOFILL_PREFIX

    def read(self, fieldNode, schema, field):
        text = fieldNode.get(ns(ATTRIBUTE, self.namespace))
        if not text:
            return
        try:
            rule = parse_rule(text, field.__name__)
        except ConditionRefused:
            return
        data = dict(schema.queryTaggedValue(SHOW_WHEN_KEY, {}))
        data[field.__name__] = rule
        schema.setTaggedValue(SHOW_WHEN_KEY, data)

    def write(self, fieldNode, schema, field):
        rule = schema.queryTaggedValue(SHOW_WHEN_KEY, {}).get(field.__name__)
        if rule is None:
            return
        # a field deleted in the field editor: the conditions that named it go with it
        rule = Rule(rule.match, tuple(c for c in rule if c.field in schema))
        if rule.conditions:
            fieldNode.set(ns(ATTRIBUTE, self.namespace), rule.to_json())
