"""A request form shown as steps, and the summary before sending (``submissions.steps``).

The form's page with ``?step=N`` shows only that step's fields, the progress ("Schritt 2 von
4", the steps' titles as a list) and the buttons "Weiter" (on the last step "Weiter zur
Übersicht") and "Zurück". "Weiter" checks the step's own fields; the values (and files) go into
the citizen's draft (``submissions.drafts``), then the browser is sent to the next step's
address (303): its back button shows the previous step again, filled in from the draft.
"Zurück" keeps what was entered (what can be kept: a value the field cannot take is not) and
shows no error. ``?step=summary`` lists everything with "ändern" links to each field; "Absenden"
checks every step's values again and hands them to the form's actions (the delivery to the
office), then the draft is gone.

A step not reached yet (typed into the address) leads to the first incomplete step; a POST
stores only the fields of its own step. No script is needed anywhere. A field whose condition
(``submissions.conditions``) depends on another step's field is decided by the draft's value:
the step leaves it out, and a step left with nothing to ask is passed over. "Speichern und
später weitermachen" (``drafts.py``, in form.pt and the summary) saves the step's fields.
"""

from collective.easyform.browser.view import EasyFormForm
from plone.namedfile.interfaces import INamedField
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form.field import Fields
from z3c.form.interfaces import NOT_CHANGED
from z3c.form.interfaces import IValidator
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.browser.forms import conditions as show_when
from digitalgemeinde.browser.forms.interfaces import IStepForm
from digitalgemeinde.browser.forms.step_fields import DraftFileFieldWidget
from digitalgemeinde.browser.forms.step_fields import NoWidget
from digitalgemeinde.browser.forms.step_fields import error_text
from digitalgemeinde.browser.forms.summary import FieldError
from digitalgemeinde.browser.forms.summary import Summary
from digitalgemeinde.browser.forms.view import RequestForm
from digitalgemeinde.payments.fee_notice import fee_due_notice
from digitalgemeinde.submissions import conditions
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions import steps
from digitalgemeinde.submissions.delivery import current_language
from digitalgemeinde.submissions.values import display
from digitalgemeinde.submissions.values import group_table

SUMMARY_TITLE = _("steps_summary", default="Summary")
DEFAULT_STEP_TITLE = _("step_default_title", default="Your details")  # fields outside a fieldset


@implementer(IStepForm)
class StepForm(RequestForm):
    """The request form of one step, or of the summary (``index == len(steps)``)."""

    enable_form_tabbing = False  # the step's fieldset is the whole page, no tabs

    _hidden = None
    summary_template = ViewPageTemplateFile("templates/steps_summary.pt")
    progress_template = ViewPageTemplateFile("templates/steps_progress.pt")
    buttons = button.Buttons()
    handlers = button.Handlers()

    def __init__(self, context, request):
        super().__init__(context, request)
        self.steps = steps.steps_of(self.schema)
        self.draft = drafts.current(context, request)
        self.values = drafts.values_for(self.draft, context) if self.draft is not None else {}
        self.index, self.as_asked = steps.allowed_step(
            self.schema, self.steps, self.values, self.reached(), request.form.get("step")
        )

    def reached(self) -> int:
        return self.draft.step if self.draft is not None else 0

    @property
    def at_summary(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def step(self):
        return None if self.at_summary else self.steps[self.index]

    def url_of(self, index: int) -> str:
        return steps.address(self.context.absolute_url(), index, self.steps)

    def action(self):
        return steps.address(super().action(), self.index, self.steps)

    def go(self, index: int) -> None:
        self.request.response.redirect(self.url_of(index), status=303)

    # --- z3c.form ---------------------------------------------------------------------------

    def update(self):
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if not self.as_asked:
            # a step not reached or not there: to the first incomplete one, nothing stored
            self.go(self.index)
            return
        self.formMaybeForceSSL()
        # z3c.form's update (fields, widgets, the button pressed), without easyform's thank-you
        # page after any POST without errors: here only "Absenden" on the summary sends
        super(EasyFormForm, self).update()
        self.markWidgets()
        self.template = self.summary_template if self.at_summary else self.form_template

    def updateFields(self):  # noqa: N802 (z3c.form)
        super().updateFields()
        if self.at_summary:
            self.fields, self.groups = Fields(), []
            return
        if self.step.name != "default":
            # the step's fieldset as the form's own fields: the page is that fieldset (its
            # title is the step's, above), and its fields get the form's widgets and checks
            (group,) = [group for group in self.groups if group.__name__ == self.step.name]
            self.fields = group.fields
        self.groups = []
        hidden = steps.hidden_by_other_steps(self.schema, self.step, self.values)
        if hidden:
            self.fields = self.fields.omit(*hidden)
        for field in self.fields.values():
            if INamedField.providedBy(field.field):
                field.widgetFactory = DraftFileFieldWidget

    def updateActions(self):  # noqa: N802 (z3c.form)
        super().updateActions()
        if "next" in self.actions and self.index == len(self.steps) - 1:
            self.actions["next"].title = translate(
                _("step_to_summary", default="Continue to the summary"), context=self.request
            )

    def extractData(self, setErrors=True):  # noqa: N802, N803 (z3c.form)
        if not self.as_asked or self.at_summary or self.request.response.getStatus() in (302, 303):
            return {}, ()
        # z3c.form's extraction; then the fields whose condition does not hold for this
        # step's values together with the other steps' (from the draft) are dropped
        data, errors = super(RequestForm, self).extractData(setErrors=setErrors)
        kept, errors = show_when.drop_hidden(self, {**self.values, **data}, errors)
        return {name: value for name, value in data.items() if name in kept}, errors

    # --- the buttons ------------------------------------------------------------------------

    @button.buttonAndHandler(
        _("step_next", default="Continue"), name="next", condition=lambda form: form.step
    )
    def handle_next(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        self.store(data)
        target = self.neighbour(1)
        drafts.set_step(self.draft, steps.reached_after(target, self.draft.step))
        self.go(target)

    @button.buttonAndHandler(
        _("step_send", default="Send"),
        name="submit",
        condition=lambda form: form.at_summary and form.steps,
    )
    def handle_send(self, action):
        values = self.applying()
        problems = self.check_all(values)
        if problems:
            self._summary = Summary(problems, ())
            self.status = self.formErrorsMessage
            return
        errors = self.processActions(self.updateServerSideData(values))
        if errors:
            self.setErrorsMessage(errors)
            return
        drafts.discard(self.draft)  # sent: the draft and its files are gone
        if self.request.response.getStatus() not in (302, 303):
            self.request.response.redirect(self.context.absolute_url(), status=303)

    @button.buttonAndHandler(
        _("step_back", default="Back"), name="back", condition=lambda form: form.index > 0
    )
    def handle_back(self, action):
        if self.step is not None:
            data, _errors = self.extractData(setErrors=False)  # what fits, without errors
            self.store(data)
        self.go(self.neighbour(-1))

    def neighbour(self, direction: int) -> int:
        """The next (1) or previous (-1) step that asks for something, by the values now."""
        values = drafts.values_for(self.draft, self.context) if self.draft else self.values
        return steps.neighbour(self.schema, self.steps, values, self.index, direction)

    def store(self, data: dict) -> None:
        """The step's own values into the draft (a draft made now if there is none)."""
        self.draft = drafts.open_draft(self.context, self.request)
        own = {
            name: value
            for name, value in data.items()
            if name in self.step.fields and value is not NOT_CHANGED
        }
        drafts.remember(self.draft, self.context, own)
        for name in self.step.fields:  # a file the citizen removed
            removed = self.request.get(f"{self.prefix}widgets.{name}.action") == "remove"
            if removed and own.get(name) is None:
                self.draft.keep(name, None)

    # --- the summary ------------------------------------------------------------------------

    def hidden(self) -> set[str]:
        """The fields whose condition does not hold for the values entered."""
        if self._hidden is None:
            self._hidden = conditions.hidden_fields(self.schema, self.values)
        return self._hidden

    def applying(self) -> dict:
        """The draft's values of the fields that apply (a hidden field's are not sent)."""
        return {name: value for name, value in self.values.items() if name not in self.hidden()}

    def check_all(self, values: dict) -> tuple[FieldError, ...]:
        """Every step's fields checked again, as on leaving each step (required, type,
        the field's checks, files: type, size, virus scan)."""
        problems = []
        for step in self.steps:
            for name in step.fields:
                if name not in values and name in self.hidden():
                    continue  # its condition does not hold: not asked for
                field = self.schema[name]
                value = values.get(name, field.missing_value)
                validator = getMultiAdapter(
                    (self.context, self.request, self, field, NoWidget()), IValidator
                )
                try:
                    validator.validate(value)
                except (Invalid, ValueError) as error:
                    problems.append(self.problem(step, name, error_text(error, self.request)))
        return tuple(problems)

    def problem(self, step, name: str, message: str) -> FieldError:
        target = f"{self.url_of(step.index)}#{self.prefix.replace('.', '-')}widgets-{name}"
        title = self.schema[name].title
        return FieldError(target, translate(title, context=self.request) or name, message)

    def fee_notice(self):
        return None  # a step has no send button: the summary shows the exact amount

    def fee_due(self):
        """The amount due for the values entered (or why none follows), above "Absenden"."""
        return fee_due_notice(self.context, self.applying())

    def step_title(self, step) -> str:
        title = step.title or self.context.default_fieldset_label or DEFAULT_STEP_TITLE
        return translate(title, context=self.request)

    def overview(self) -> list[dict]:
        """Each step with its values as text and the links to change them."""
        language = current_language()
        widget_prefix = f"{self.prefix.replace('.', '-')}widgets-"
        parts = []
        for step in self.steps:
            url = self.url_of(step.index)
            rows = [
                {
                    "label": translate(self.schema[name].title, context=self.request) or name,
                    "text": display(table["entries"] if table else value, language),
                    "table": table,  # a repeating group's entries, by their labels
                    "url": f"{url}#{widget_prefix}{name}",
                }
                for name in step.fields
                if name not in self.hidden()
                for value in [self.values.get(name)]
                for table in [group_table(self.schema[name], value, language)]
            ]
            if rows:
                parts.append({"title": self.step_title(step), "url": url, "rows": rows})
        return parts

    def progress(self) -> list[dict]:
        limit = steps.first_incomplete(self.schema, self.steps, self.values, self.reached())
        items = [
            {"title": self.step_title(step), "url": self.url_of(step.index)} for step in self.steps
        ]
        items.append({"title": translate(SUMMARY_TITLE, context=self.request)})
        for index, item in enumerate(items):
            item["url"] = self.url_of(index)
            item["current"] = index == self.index
            item["open"] = index <= limit and index != self.index
        return items

    def step_progress(self) -> str:
        """The progress above the step's fields (form.pt) and the summary."""
        return self.progress_template()

    def position(self) -> str:
        if self.at_summary:
            return translate(SUMMARY_TITLE, context=self.request)
        text = _(
            "step_position",
            default="Step ${number} of ${count}",
            mapping={"number": self.step.number, "count": len(self.steps)},
        )
        return f"{translate(text, context=self.request)}: {self.step_title(self.step)}"
