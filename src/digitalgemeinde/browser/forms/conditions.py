"""Conditions on the request form's page and in the field editor (``submissions/conditions.py``).

On the page: a field with a condition carries it (``data-show-when``, read by
``static/conditions.js``, which shows and hides it live with ``hidden``) and a hint that works
without JavaScript ("Nur ausfüllen, wenn «Hund mitzügeln?» «Ja» ist."). On submit, the fields
whose condition does not hold are dropped with their errors: neither required, nor validated,
nor stored.

In the field editor (plone.schemaeditor's field form inside easyform's "Felder"): a fieldset
"Bedingung" where an editor chooses up to three conditions (the other field, the operator, the
value) and whether all or any must hold, without writing XML; as easyform extends that form
with its IFieldExtender, through an IFieldEditorExtender adapter.
"""

from collective.easyform.interfaces import IEasyFormFieldsContext
from plone.supermodel import model
from zope import schema
from zope.component import adapter
from zope.interface import Invalid
from zope.interface import implementer
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IField
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.submissions import conditions
from digitalgemeinde.submissions.conditions import Condition
from digitalgemeinde.submissions.conditions import Rule

ROWS = (1, 2, 3)

# --- the page ------------------------------------------------------------------------------


def all_widgets(form):
    for group in [form, *(getattr(form, "groups", None) or ())]:
        yield from group.widgets.values()


def mark(form) -> None:
    """Each widget of a field with a condition: its rule for the script, its hint."""
    rules = conditions.rules_of(form.schema)
    if not rules:
        return
    for widget in all_widgets(form):
        name = getattr(widget.field, "__name__", None)
        if name in rules:
            widget.dg_show_when = rules[name].to_json()
            widget.dg_condition_hint = conditions.hint(form.schema, name, form.request)


def has_conditions(form) -> bool:
    return bool(conditions.rules_of(form.schema))


def field_name(item) -> str | None:
    """The name of the field of a widget or an error view (None: an error of the form)."""
    return getattr(getattr(item, "field", None), "__name__", None)


def drop_hidden(form, data: dict, errors):
    """``data`` and ``errors`` of the form without the fields whose condition does not hold;
    their widgets no longer show an error."""
    hidden = conditions.hidden_fields(form.schema, data)
    if not hidden:
        return data, errors
    data = {name: value for name, value in data.items() if name not in hidden}
    kept = tuple(error for error in errors if field_name(error) not in hidden)
    for group in [form, *(getattr(form, "groups", None) or ())]:
        widgets = group.widgets
        widgets.errors = tuple(e for e in widgets.errors if field_name(e) not in hidden)
        for widget in widgets.values():
            if field_name(widget) in hidden:
                widget.error = None
    return data, kept


# --- the field editor ----------------------------------------------------------------------


@provider(IContextSourceBinder)
def other_fields(context):
    """The form's other fields, by title."""
    field = getattr(context, "field", context)
    interface = getattr(field, "interface", None)
    terms = []
    for name in interface.names() if interface is not None else ():
        other = interface[name]
        if name != getattr(field, "__name__", None):
            terms.append(SimpleTerm(name, name, f"{other.title or name} ({name})"))
    terms.sort(key=lambda term: interface[term.value].order)
    return SimpleVocabulary(terms)


OPERATOR_TERMS = SimpleVocabulary(
    [
        SimpleTerm("is", "is", _("is")),
        SimpleTerm("is_not", "is_not", _("is not")),
        SimpleTerm("contains", "contains", _("contains")),
    ]
)
MATCH_TERMS = SimpleVocabulary(
    [
        SimpleTerm("all", "all", _("all conditions hold")),
        SimpleTerm("any", "any", _("at least one condition holds")),
    ]
)
VALUE_HELP = _(
    "help_condition_value",
    default="As the citizen chooses it: the option's value, or Ja / Nein for a yes/no field.",
)


class IShowWhen(model.Schema):
    """When the field is shown (the field editor's "Bedingung")."""

    model.fieldset(
        "conditions",
        label=_("Condition"),
        fields=[
            "show_when_match",
            *(f"condition_{row}_{part}" for row in ROWS for part in ("field", "operator", "value")),
        ],
    )
    show_when_match = schema.Choice(
        title=_("Show this field only when"),
        description=_("Leave the conditions empty to always show the field."),
        vocabulary=MATCH_TERMS,
        default="all",
        required=True,
    )
    for row in ROWS:
        locals()[f"condition_{row}_field"] = schema.Choice(
            title=_("Condition ${number}: field", mapping={"number": row}),
            source=other_fields,
            required=False,
        )
        locals()[f"condition_{row}_operator"] = schema.Choice(
            title=_("Condition ${number}: operator", mapping={"number": row}),
            vocabulary=OPERATOR_TERMS,
            default="is",
            required=True,
        )
        locals()[f"condition_{row}_value"] = schema.TextLine(
            title=_("Condition ${number}: value", mapping={"number": row}),
            description=VALUE_HELP,
            required=False,
        )
    del row

    @invariant
    def complete_rows(data):
        for row in ROWS:
            chosen = getattr(data, f"condition_{row}_field", None)
            value = getattr(data, f"condition_{row}_value", None)
            if value and not chosen:
                raise Invalid(
                    _(
                        "Condition ${number} has a value but no field: choose the field.",
                        mapping={"number": row},
                    )
                )
        no_loop(data)


def no_loop(data) -> None:
    """The field would depend on itself through the chosen fields: said here, on the field
    editor's page, rather than when the model is stored."""
    context = getattr(data, "__context__", None)
    field = getattr(context, "field", context)
    interface = getattr(field, "interface", None)
    if interface is None:
        return
    rows = tuple(
        Condition(chosen, "is", "")
        for row in ROWS
        if (chosen := getattr(data, f"condition_{row}_field", None))
    )
    rules = conditions.rules_of(interface)
    rules[field.__name__] = Rule("all", rows)
    try:
        conditions.check_rules(
            {k: v for k, v in rules.items() if any(True for _c in v)}, interface.names()
        )
    except conditions.ConditionRefused as refused:
        raise Invalid(str(refused)) from None


@implementer(IShowWhen)
@adapter(IField)
class ShowWhen:
    """The field's rule, as the field editor's rows; kept in the schema's tagged value that
    ``ShowWhenHandler`` writes to the model (``dg:show-when``). Conditions beyond the third
    (written in XML by a Manager) are kept."""

    def __init__(self, field):
        self.__dict__["field"] = field

    def rule(self) -> Rule:
        rules = self.field.interface.queryTaggedValue(conditions.SHOW_WHEN_KEY, {})
        return rules.get(self.field.__name__) or Rule("all", ())

    def store(self, rule: Rule) -> None:
        rules = dict(self.field.interface.queryTaggedValue(conditions.SHOW_WHEN_KEY, {}))
        rules.pop(self.field.__name__, None)
        if rule.conditions:
            rules[self.field.__name__] = rule
        self.field.interface.setTaggedValue(conditions.SHOW_WHEN_KEY, rules)

    def __getattr__(self, name):
        if name not in IShowWhen:
            raise AttributeError(name)
        if name == "show_when_match":
            return self.rule().match
        _prefix, row, part = name.split("_", 2)  # condition_1_field
        rows = self.rule().conditions
        index = int(row) - 1
        if index >= len(rows):
            return "is" if part == "operator" else None
        return getattr(rows[index], part) or None  # a row without field: blank (see store)

    def __setattr__(self, name, value):
        if name not in IShowWhen:
            raise AttributeError(name)
        rule = self.rule()
        if name == "show_when_match":
            self.store(Rule(value or "all", rule.conditions))
            return
        _prefix, row, part = name.split("_", 2)
        rows = [[c.field, c.operator, c.value] for c in rule.conditions]
        index = int(row) - 1
        while len(rows) <= index:
            rows.append([None, "is", ""])
        rows[index][("field", "operator", "value").index(part)] = value or ""
        # rows keep their place while the editor's rows are set one by one; a row without
        # field is not written to the model
        self.store(
            Rule(rule.match, tuple(Condition(f or "", o or "is", v or "") for f, o, v in rows))
        )


@adapter(IEasyFormFieldsContext, IField)
def extender_for(context, field):
    """The field editor's extra schema for every field of a form."""
    return IShowWhen
