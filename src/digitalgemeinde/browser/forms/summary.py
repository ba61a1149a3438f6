"""What went wrong on a submitted form, for the summary at its top and the page title.

A form's errors are on its widgets (one per field in error, also in fieldsets) and on the form
itself (a check of the whole form, or a refusal by the delivery, as ``formErrorsMessage``).
"""

from dataclasses import dataclass

from z3c.form.interfaces import ICheckBoxWidget
from z3c.form.interfaces import IRadioWidget
from zope.i18n import translate

REPEATED_KEY = "digitalgemeinde.delivery"  # where delivery.deliver leaves its Delivery


@dataclass(frozen=True)
class FieldError:
    target: str  # the id of the control to go to
    label: str
    message: str


@dataclass(frozen=True)
class Summary:
    fields: tuple[FieldError, ...]
    general: tuple[str, ...]

    def __bool__(self):
        return bool(self.fields or self.general)


def all_widgets(form):
    yield from form.widgets.values()
    for group in getattr(form, "groups", ()) or ():
        yield from group.widgets.values()


def control_id(widget) -> str:
    """The id of the element a link to the field goes to: the first option of a choice shown
    as radio buttons or checkboxes, else the input itself."""
    if IRadioWidget.providedBy(widget) or ICheckBoxWidget.providedBy(widget):
        items = list(getattr(widget, "items", None) or ())
        if items:
            return items[0]["id"]
    return widget.id


def text(message, request) -> str:
    return translate(message, context=request) if message is not None else ""


def error_message(widget, request) -> str:
    error = widget.error
    return text(getattr(error, "message", None) or "", request) if error is not None else ""


def general_errors(form, request) -> list[str]:
    """Errors of the whole form (no widget of their own), and a refusal of the delivery."""
    messages = []
    for errors in [form.widgets.errors] + [
        g.widgets.errors for g in getattr(form, "groups", ()) or ()
    ]:
        for error in errors or ():
            if getattr(error, "widget", None) is None:
                messages.append(text(getattr(error, "message", ""), request))
    default = type(form).formErrorsMessage
    own = form.__dict__.get("formErrorsMessage")
    if own is not None and own != default and form.status == own:
        messages.append(text(own, request))
    return [message for message in messages if message]


def repeated_delivery(request):
    """The earlier request, when the form was just sent again with the same values."""
    delivery = request.get(REPEATED_KEY)
    return delivery if getattr(delivery, "repeated", False) else None


def error_summary(form, request) -> Summary:
    if getattr(form, "thanksPage", False) or request.method != "POST":
        return Summary((), ())
    fields = tuple(
        FieldError(control_id(widget), text(widget.label, request), error_message(widget, request))
        for widget in all_widgets(form)
        if getattr(widget, "error", None) is not None
    )
    general = () if repeated_delivery(request) else tuple(general_errors(form, request))
    return Summary(fields, general)
