"""Refusals of the domain (a dict field name -> message) shown at their fields of a z3c.form,
as its own validation shows them: the message under the field and in the form's error list."""

from z3c.form.interfaces import IErrorViewSnippet
from zope.component import getMultiAdapter
from zope.interface import Invalid


def show_at_fields(form, errors: dict, fallback: str) -> None:
    """Each message at its field; one without a widget at the ``fallback`` field."""
    for name, message in errors.items():
        widget = form.widgets.get(name) or form.widgets[fallback]
        snippet = getMultiAdapter(
            (Invalid(message), form.request, widget, widget.field, form, form.getContent()),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet
        form.widgets.errors += (snippet,)
