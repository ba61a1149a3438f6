"""The fields of a step (``steps.StepForm``): what they show from the draft, the file kept in
the draft, and the checks of the summary run on the draft's values (no widget, no request)."""

from plone.namedfile.utils import safe_basename
from z3c.form.interfaces import NO_VALUE
from z3c.form.interfaces import IValue
from z3c.form.widget import FieldWidget
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import ValidationError

from digitalgemeinde.browser.forms.widgets import KeptFileWidget
from digitalgemeinde.browser.prefill import MemberDefault

KEPT_IN_DRAFT = "draft"  # the kept file's id when the file is the one in the draft


class DraftFileWidget(KeptFileWidget):
    """The file field of a step: the file already in the draft is named and kept (sent again
    with the step) unless the citizen removes it or chooses another."""

    def draft_file(self):
        form = getattr(self.form, "parentForm", self.form)  # a fieldset's widget: its form
        value = (getattr(form, "values", None) or {}).get(self.field.__name__)
        return value if getattr(value, "filename", None) else None

    @property
    def file_upload_id(self):
        kept = self.draft_file()
        if kept is not None and (self.request.method != "POST" or self.value is kept):
            return KEPT_IN_DRAFT
        return super().file_upload_id

    def kept_filename(self):
        kept = self.draft_file()
        if kept is not None and self.file_upload_id == KEPT_IN_DRAFT:
            return safe_basename(kept.filename or "")
        return super().kept_filename()

    def keeps_draft_file(self) -> bool:
        return (
            self.request.get(f"{self.name}.file_upload_id") == KEPT_IN_DRAFT
            and self.request.get(f"{self.name}.action") != "remove"
            and not self.new_upload_chosen()
        )

    def extract(self, default=NO_VALUE):
        if self.keeps_draft_file():
            kept = self.draft_file()
            return kept if kept is not None else default
        return super().extract(default)


@implementer(IValue)
class DraftValue(MemberDefault):
    """What a step's field shows: the draft's value, else what the one-page form would (the
    login's, the account's, the field's default). The form's content stays the EasyForm, so
    that every check of the fields registered for it applies."""

    def get(self):
        values = getattr(self.objects[2], "values", None) or {}
        if self.field.__name__ in values:
            return values[self.field.__name__]
        return super().get()


def DraftFileFieldWidget(field, request):
    return FieldWidget(field, DraftFileWidget(request))


class NoWidget:
    """What the validators get instead of a widget when the summary checks the draft's values
    again: there is no widget (no request value), and a file refused now is dropped here."""

    value = None
    ignoreRequiredOnValidation = False

    def __bool__(self):
        return False


def error_text(error, request) -> str:
    if isinstance(error, ValidationError):
        message = error.doc()
    else:
        message = error.args[0] if error.args else ""
    return translate(message, context=request) if message else ""
