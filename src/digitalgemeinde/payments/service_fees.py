"""The fee rule of a service, and the fee of a request of a form (issue 20).

A service's rule is in its fields ``fee_kind``, ``fee_amount``, ``fee_field``, ``fee_unit`` and
``fee_table`` (content_types/service_description.py). A service adopted from a standard follows
the standard's release: the *kind* and the *field* are always the standard's, the *amounts*
are the municipality's where it set them (``fee_amount``; in ``fee_table`` the lines it gives,
value by value), else the standard's. Existing content without a kind has a fixed fee when
``fee_amount`` is set (an amount of 0 is no fee).
"""

import logging

from Acquisition import aq_base
from collective.easyform.api import get_schema
from plone import api
from zope.schema import Choice
from zope.schema import Int
from zope.schema import getFieldsInOrder

from digitalgemeinde import _
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.interfaces import IStandardService
from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.payments.fees import TABLE
from digitalgemeinde.payments.fees import Description
from digitalgemeinde.payments.fees import FeeRule
from digitalgemeinde.payments.fees import FeeRuleError
from digitalgemeinde.payments.fees import amount_due
from digitalgemeinde.payments.fees import describe
from digitalgemeinde.payments.fees import make_rule
from digitalgemeinde.payments.fees import parse_table

logger = logging.getLogger("digitalgemeinde.payments")

RULE_FIELDS = ("fee_kind", "fee_amount", "fee_field", "fee_unit", "fee_table")
# What an adopted service takes from its standard, whatever it has itself.
FROM_STANDARD = ("fee_kind", "fee_field")


def own(obj, name):
    return getattr(aq_base(obj), name, None)


def merged_table(standard_text, local_text) -> tuple[tuple[str, int], ...]:
    """The standard's table with the local amounts of the values the municipality gave; a
    local value the standard has no more (after an update) is left out."""
    local = dict(parse_table(local_text))
    return tuple((value, local.get(value, cents)) for value, cents in parse_table(standard_text))


def rule_values(service) -> dict:
    """The values of the rule's fields a service follows (see the module's docstring)."""
    values = {name: effective(service, name) for name in RULE_FIELDS}
    release = adopted_release(service)
    if release is not None:
        standard = release["fields"]
        values.update({name: standard.get(name) for name in FROM_STANDARD})
        values["fee_table"] = merged_table(standard.get("fee_table"), own(service, "fee_table"))
    return values


def rule_of(service) -> FeeRule | None:
    """The fee rule of ``service``, None when it has no fee; FeeRuleError when it does not
    hold (e.g. the standard changed under a local table)."""
    values = rule_values(service)
    return make_rule(
        values["fee_kind"],
        amount=values["fee_amount"],
        field=values["fee_field"],
        table=values["fee_table"] or "",
        unit=values["fee_unit"],
    )


def form_schema(service):
    """The schema of the service's form (a Service's online form, a StandardService's
    template); None when it has none (or it cannot be read)."""
    if IStandardService.providedBy(service):
        try:
            return parse_form_template(own(service, "form_template"))
        except InvalidFormTemplate:
            return None
    relation = own(service, "online_form")
    form = getattr(relation, "to_object", None) if relation is not None else None
    return None if form is None else get_schema(form)


def form_fields(service) -> dict[str, str] | None:
    """``{name: title}`` of the fields of the service's form; None when it has none."""
    schema = form_schema(service)
    if schema is None:
        return None
    return {name: str(field.title or name) for name, field in getFieldsInOrder(schema)}


def choice_values(field) -> list[str] | None:
    """The values a choice field offers, when it lists them itself (not a named vocabulary)."""
    if isinstance(field, Choice) and field.vocabulary is not None and not field.vocabularyName:
        return [str(term.value) for term in field.vocabulary]
    return None


def check_against_form(rule: FeeRule | None, schema) -> None:
    """FeeRuleError when the form cannot give the rule its value: a count from a field that
    is no whole number, a table that lacks a value of the field's choice or has one it lacks."""
    if rule is None or rule.kind not in (PER_UNIT, TABLE):
        return
    field = schema.get(rule.field)
    title = str(getattr(field, "title", "") or rule.field)
    if rule.kind == PER_UNIT:
        if not isinstance(field, Int):
            raise FeeRuleError(
                _(
                    "The field «${field}» does not take a whole number: a fee per unit needs "
                    "a number field.",
                    mapping={"field": title},
                )
            )
        return
    values = choice_values(field)
    if values is None:
        return
    missing = [value for value in values if value not in rule.amounts]
    extra = [value for value in rule.amounts if value not in values]
    if missing or extra:
        raise FeeRuleError(
            _(
                "The fee table needs one line for each choice of the field «${field}»: ${values}.",
                mapping={"field": title, "values": ", ".join(values)},
            )
        )


def fee_description(service) -> Description | None:
    """The fee as the service page shows it; None when there is none or its rule is broken
    (the page then shows the fee's text alone, and the log says why)."""
    try:
        rule = rule_of(service)
    except FeeRuleError:
        logger.warning("The fee rule of %s does not hold", "/".join(service.getPhysicalPath()))
        return None
    if rule is None:
        if effective(service, "fee_amount") == 0 and rule_values(service)["fee_kind"] != TABLE:
            return Description(_("Free of charge"))  # CHF 0.00, or CHF 0.00 per unit
        return None
    titles = form_fields(service) or {}
    return describe(rule, titles.get(rule.field, rule.field))


def service_of(form):
    """The Service whose online form ``form`` is (the first, if several link it)."""
    for relation in api.relation.get(target=form, relationship="online_form", unrestricted=True):
        if relation.from_object is not None:
            return relation.from_object
    return None


def fee_for(form, values) -> int | None:
    """The centimes due for a request of ``form`` with ``values`` (its validated data); None
    when its service has no fee (or it has no service), 0 when the rule asks nothing for
    these values (a table's exempt value). FeeValueError when a value gives no fee (a count
    of 0, an unknown category), FeeRuleError when the service's rule does not hold: neither
    is ever a charge of 0."""
    service = service_of(form)
    if service is None:
        return None
    rule = rule_of(service)
    if rule is None:
        return None
    return amount_due(rule, values)
