"""A fee rule is checked when a Service or a StandardService is saved (issue 20).

The edit and add forms (z3c.form) and plone.restapi both ask an ``IManagerValidator`` for the
schema's invariants; ours adds the fee rule's check, with the service at hand: its form's
fields (the rule's field must be one of them) and, for an adopted service, its standard's rule
(the municipality may change the amounts, not the kind nor the field).
"""

from z3c.form.interfaces import IManagerValidator
from z3c.form.util import getSpecification
from z3c.form.validator import InvariantsValidator
from z3c.form.validator import WidgetsValidatorDiscriminators
from zope.i18nmessageid import Message
from zope.interface import Invalid
from zope.interface import implementer
from zope.schema import getFieldNamesInOrder

from digitalgemeinde import _
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.service import IServiceSchema
from digitalgemeinde.content_types.service_description import IServiceDescription
from digitalgemeinde.content_types.standard_service import IStandardServiceSchema
from digitalgemeinde.payments.fees import FIXED
from digitalgemeinde.payments.fees import FeeRuleError
from digitalgemeinde.payments.fees import make_rule
from digitalgemeinde.payments.fees import parse_table
from digitalgemeinde.payments.service_fees import RULE_FIELDS
from digitalgemeinde.payments.service_fees import check_against_form
from digitalgemeinde.payments.service_fees import form_schema
from digitalgemeinde.payments.service_fees import merged_table
from digitalgemeinde.payments.service_fees import own


def submitted(context, data) -> tuple[object, dict]:
    """The service being edited (None when it is being added) and the rule's values: those
    sent, else the service's own."""
    service = context if IServiceDescription.providedBy(context) else None
    values = {
        name: data[name] if name in data else (own(service, name) if service else None)
        for name in RULE_FIELDS
    }
    return service, values


def adopted_values(standard: dict, values: dict) -> dict:
    """The rule of an adopted service with the amounts it sets; FeeRuleError when it changes
    the kind or the field, or names a value the standard's table has not."""
    for name in ("fee_kind", "fee_field"):
        mine, theirs = values[name] or None, standard.get(name) or None
        if mine is not None and (mine or FIXED) != (theirs or FIXED):
            raise FeeRuleError(
                _(
                    "The kind of fee and its form field come from the standard service: "
                    "here you can change the amounts only."
                )
            )
    known = dict(parse_table(standard.get("fee_table")))
    for value, _cents in parse_table(values["fee_table"]):
        if value not in known:
            raise FeeRuleError(
                _(
                    "The standard service's fee table has no value «${value}». Its values: "
                    "${values}.",
                    mapping={"value": value, "values": ", ".join(known) or "–"},
                )
            )
    return {
        **values,
        "fee_kind": standard.get("fee_kind"),
        "fee_field": standard.get("fee_field"),
        "fee_amount": (
            standard.get("fee_amount") if values["fee_amount"] is None else values["fee_amount"]
        ),
        "fee_table": merged_table(standard.get("fee_table"), values["fee_table"]),
    }


def rule_problem(context, data) -> Message | None:
    """Why the fee rule in ``data`` does not hold for ``context``, or None."""
    service, values = submitted(context, data)
    release = adopted_release(service) if service is not None else None
    try:
        if release is not None:
            values = adopted_values(release["fields"], values)
        schema = form_schema(service) if service is not None else None
        rule = make_rule(
            values["fee_kind"],
            amount=values["fee_amount"],
            field=values["fee_field"],
            table=values["fee_table"] or "",
            unit=values["fee_unit"],
            field_names=None if schema is None else list(getFieldNamesInOrder(schema)),
        )
        if schema is not None:
            check_against_form(rule, schema)
    except FeeRuleError as error:
        return error.message
    return None


@implementer(IManagerValidator)
class FeeRuleValidator(InvariantsValidator):
    """The schema's invariants, and the fee rule when a field of it is sent."""

    def validate(self, data):
        errors = super().validate(data)
        if not any(name in data for name in RULE_FIELDS):
            return errors
        problem = rule_problem(self.context, data)
        return errors if problem is None else (*errors, Invalid(problem))


class ServiceFeeValidator(FeeRuleValidator):
    pass


class StandardServiceFeeValidator(FeeRuleValidator):
    pass


WidgetsValidatorDiscriminators(
    ServiceFeeValidator, schema=getSpecification(IServiceSchema, force=True)
)
WidgetsValidatorDiscriminators(
    StandardServiceFeeValidator, schema=getSpecification(IStandardServiceSchema, force=True)
)
