"""A request form shown as steps: which fields belong to which step, which step a citizen may
open, and what is complete.

With the form's setting "as steps" (``IRequestForm.as_steps``), each fieldset of the form's
model is one step, after the fields outside any fieldset (if there are any). Steps are counted
from 0 here and from 1 in the address (``?step=2``); the summary comes after the last step
(``?step=summary``, index ``len(steps)``).

The draft (``submissions.drafts``) holds the values between steps and ``step``, the furthest
step reached. A step is complete when it was left forward (its index is below the draft's
``step``) and every required field of it has a value that still fits the form. A citizen may
open every complete step and the first incomplete one; the summary only when every step is
complete. Anything else (a step number typed into the address, a step not yet reached) leads
to the first incomplete step.
"""

from dataclasses import dataclass

from collective.easyform.api import get_schema
from collective.easyform.interfaces import IFieldExtender
from plone.supermodel.interfaces import FIELDSETS_KEY
from zope.schema import getFieldsInOrder

from digitalgemeinde.behaviors.request_form import IRequestForm
from digitalgemeinde.submissions import conditions

SUMMARY = "summary"  # the address's name of the page after the last step
EMPTY = (None, "", [], (), set(), frozenset())


@dataclass(frozen=True)
class Step:
    index: int  # from 0
    name: str  # the fieldset's name ("default" for the fields outside any fieldset)
    title: object  # the fieldset's label (a message or text); None for the default fields
    fields: tuple[str, ...]

    @property
    def number(self) -> int:
        """The step as the citizen counts it (and the address says): from 1."""
        return self.index + 1


def shows_steps(form) -> bool:
    settings = IRequestForm(form, None)
    return bool(getattr(settings, "as_steps", False))


def filled_in_by_citizen(field) -> bool:
    """Fields the server fills in (easyform's "server side") are no step's."""
    return not getattr(IFieldExtender(field, None), "serverSide", False)


def steps_of(schema) -> list[Step]:
    """The steps of a form's schema: its default fields first (if any), then each fieldset."""
    fields = [name for name, field in getFieldsInOrder(schema) if filled_in_by_citizen(field)]
    fieldsets = schema.queryTaggedValue(FIELDSETS_KEY) or []
    grouped = {name for fieldset in fieldsets for name in fieldset.fields}
    parts = [("default", None, [name for name in fields if name not in grouped])]
    parts += [
        (fieldset.__name__, fieldset.label, [name for name in fieldset.fields if name in fields])
        for fieldset in fieldsets
    ]
    parts = [part for part in parts if part[2]]
    return [
        Step(index, name, title, tuple(names)) for index, (name, title, names) in enumerate(parts)
    ]


def missing(schema, step: Step, values: dict, hidden=frozenset()) -> list[str]:
    """The required fields of ``step`` without a value (a field whose condition does not
    hold is not asked for)."""
    return [
        name
        for name in step.fields
        if schema[name].required and name not in hidden and values.get(name) in EMPTY
    ]


def hidden_by_other_steps(schema, step: Step, values: dict) -> set[str]:
    """The fields of ``step`` whose condition (``submissions.conditions``) depends only on
    fields of other steps and does not hold for the values entered there: the step leaves
    them out. A condition on a field of the same step is decided on the page."""
    rules = conditions.rules_of(schema)
    return {
        name
        for name in conditions.hidden_fields(schema, values)
        if name in step.fields and not set(rules[name].fields()) & set(step.fields)
    }


def asks_nothing(schema, step: Step, values: dict) -> bool:
    """Whether every field of ``step`` is left out by the other steps' values (e.g. the dog's
    step when no dog moves along): going forward or back passes over it."""
    return set(step.fields) <= hidden_by_other_steps(schema, step, values)


def neighbour(schema, steps: list[Step], values: dict, index: int, direction: int) -> int:
    """The step after (``direction`` 1) or before (-1) ``index`` that asks for something;
    after the last step the summary (``len(steps)``)."""
    target = index + direction
    while 0 < target < len(steps) and asks_nothing(schema, steps[target], values):
        target += direction
    return max(target, 0)


def first_incomplete(schema, steps: list[Step], values: dict, reached: int) -> int:
    """The index of the first step not complete; ``len(steps)`` (the summary) if all are."""
    hidden = conditions.hidden_fields(schema, values)
    for step in steps:
        if step.index >= reached or missing(schema, step, values, hidden):
            return step.index
    return len(steps)


def requested(value) -> int | None:
    """The step the address asks for (``?step=2`` -> 1, ``?step=summary`` -> SUMMARY's
    index is decided by the caller), or None when it says nothing sensible."""
    if value is None or value == "":
        return 0
    if isinstance(value, list):  # ?step=1&step=3: no step at all
        return None
    value = str(value).strip()
    if value.isdigit() and 0 < int(value) < 1000:
        return int(value) - 1
    return None


def allowed_step(schema, steps: list[Step], values: dict, reached: int, asked) -> tuple[int, bool]:
    """``(index, as_asked)``: the step (or the summary, ``len(steps)``) to show for ``asked``
    (the address's ``step``), and whether it is the one asked for. A step not yet reached,
    one that does not exist or anything else leads to the first incomplete step."""
    limit = first_incomplete(schema, steps, values, reached)
    index = len(steps) if asked == SUMMARY else requested(asked)
    if index is not None and 0 <= index <= limit:
        return index, True
    return limit, False


def reached_after(target: int, reached: int) -> int:
    """The furthest step reached once a step was left forward to ``target``."""
    return max(reached, target)


def step_of_field(steps: list[Step], name: str) -> Step | None:
    for step in steps:
        if name in step.fields:
            return step
    return None


def address(url: str, index: int, steps: list[Step]) -> str:
    """The address of the step ``index`` (or of the summary) of the form at ``url``."""
    return f"{url}?step={SUMMARY if index >= len(steps) else index + 1}"


def resume_address(form, reached: int) -> str:
    """Where a draft opened again continues: the furthest step it reached (the summary when
    every step was left forward), or the form's page for a form without steps."""
    url = form.absolute_url()
    if not shows_steps(form):
        return url
    return address(url, reached, steps_of(get_schema(form)))
