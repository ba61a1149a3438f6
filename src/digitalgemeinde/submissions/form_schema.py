"""The JSON Schema of a request form, for programs that submit through ``@submit``.

Each field as plone.restapi describes it (``IJsonSchemaProvider``: title, description, type,
choices). The form's conditions (``conditions.py``) twice, for two kinds of readers:

- ``x-show-when`` on each field with a condition: the rule as the model stores it
  (``{"all"|"any": [{"field", "operator", "value"}]}``), for a program that builds a form;
- in JSON Schema itself, for a validator: a required field with a condition is not in the
  top-level ``required`` but in ``allOf: [{"if": <its condition>, "then": {"required": [..]}}]``.
  A field that depends on a field with a condition of its own is shown only when that field is
  (the ``if`` says so too).

A value sent for a field whose condition does not hold is not refused: ``@submit`` ignores it
(not stored), which a schema cannot say more precisely than the ``x-show-when`` annotation.
"""

import re

from collective.easyform.api import get_schema
from plone.restapi.types.interfaces import IJsonSchemaProvider
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.schema import getFieldsInOrder

from digitalgemeinde.submissions import conditions
from digitalgemeinde.submissions.conditions import YES


def literal(prop: dict, value: str):
    """``value`` as the JSON value of a property of schema ``prop``."""
    kind = prop.get("type")
    if kind == "boolean":
        return value.lower() in YES
    if kind in ("integer", "number"):
        try:
            return int(value) if kind == "integer" else float(value)
        except ValueError:
            return value
    return value


def any_case(text: str) -> str:
    """A regular expression finding ``text`` in any case (JSON Schema has no ``i`` flag)."""
    parts = []
    for char in text:
        lower, upper = char.lower(), char.upper()
        parts.append(
            f"[{re.escape(lower)}{re.escape(upper)}]" if lower != upper else re.escape(char)
        )
    return "".join(parts)


def test(condition, prop: dict) -> dict:
    """The schema of ``condition`` on the field whose schema is ``prop``, ignoring whether
    that field is shown."""
    name = condition.field
    items = prop.get("type") == "array"
    if condition.operator == "contains" and not items:
        check = {"type": "string", "pattern": any_case(condition.value)}
    elif items:
        check = {"contains": {"const": literal(prop.get("items", {}), condition.value)}}
    else:
        check = {"const": literal(prop, condition.value)}
    is_ = {"properties": {name: check}, "required": [name]}
    return {"not": is_} if condition.operator == "is_not" else is_


def shown(name: str, rules: dict, props: dict, path: tuple = ()) -> dict:
    """The schema that holds when the field ``name`` applies."""
    rule = rules.get(name)
    if rule is None or name in path:
        return {}
    parts = []
    for condition in rule:
        check = test(condition, props.get(condition.field, {}))
        if condition.field in rules:
            before = shown(condition.field, rules, props, (*path, name))
            if condition.operator == "is_not":
                check = {"anyOf": [{"not": before}, check]}
            else:
                check = {"allOf": [before, check]}
        parts.append(check)
    return {"allOf" if rule.match == "all" else "anyOf": parts}


def form_schema(form, request) -> dict:
    """The JSON Schema of ``form``'s fields, with its conditions."""
    schema = get_schema(form)
    rules = conditions.rules_of(schema)
    props, required, dependent = {}, [], []
    for name, field in getFieldsInOrder(schema):
        if field.readonly:
            continue
        provider = getMultiAdapter((field, form, request), IJsonSchemaProvider)
        props[name] = provider.get_schema()
        if name in rules:
            props[name]["x-show-when"] = {
                rules[name].match: [
                    {"field": c.field, "operator": c.operator, "value": c.value}
                    for c in rules[name]
                ]
            }
            if field.required:
                dependent.append(name)
        elif field.required:
            required.append(name)
    result = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": translate(form.Title(), context=request),
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }
    if dependent:
        result["allOf"] = [
            {"if": shown(name, rules, props), "then": {"required": [name]}} for name in dependent
        ]
    return result
