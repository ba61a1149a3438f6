"""Refusals of z3c.form said in the citizen's words, with an example."""

from z3c.form.converter import FormatterValidationError
from z3c.form.error import ErrorViewMessage
from zope.schema.interfaces import IInt

from digitalgemeinde.interfaces import IDigitalgemeindeLayer
from digitalgemeinde.submissions.field_rules import NOT_A_NUMBER

# "zwei" in a field for a count: z3c.form's "not a valid integer literal", said plainly
NotANumber = ErrorViewMessage(
    NOT_A_NUMBER, error=FormatterValidationError, request=IDigitalgemeindeLayer, field=IInt
)
