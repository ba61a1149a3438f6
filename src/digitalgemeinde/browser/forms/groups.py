"""The citizen's side of a repeating group (submissions/groups.py): each entry a fieldset with
its sub-fields, and submit buttons that add an entry ("weitere Person hinzufügen") or remove
the ticked ones.

z3c.form's MultiWidget adds and removes entries by a round trip of the form, so the group works
without JavaScript: the page comes back with every value kept and one entry more (up to the
most the form allows; at the most, the add button is gone) or the ticked entries fewer (never
under the least). collective.z3cform.datagridfield's ``DictRow`` is the entry's value type and
converter; its own table widget is not used, because it adds rows by JavaScript only and shows
sub-fields as table cells without a label of their own.
"""

import re

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidget
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import IFormLayer
from z3c.form.interfaces import IMultiWidget
from z3c.form.interfaces import IValidator
from z3c.form.validator import SimpleFieldValidator
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.submissions.groups import IRepeatingGroup


class IGroupWidget(IMultiWidget):
    """The widget of a repeating group."""


@implementer(IGroupWidget)
class GroupWidget(DataGridFieldWidget):
    """datagridfield's widget without its JavaScript rows (a template row and an appended
    empty row): entries come and go by the MultiWidget's submit buttons, labelled in the
    citizen's language."""

    klass = "repeating-group"
    auto_append = False
    allow_insert = False
    allow_delete = False
    allow_reorder = False

    def updateActions(self):
        super().updateActions()
        labels = {
            "add": self.field.add_label or _("group_add", default="Add an entry"),
            "remove": _("group_remove", default="Remove the ticked entries"),
        }
        for name, label in labels.items():
            if name in self.actions:
                text = translate(label, context=self.request)
                self.actions[name].title = text

    def entry_legend(self, number: int) -> str:
        return translate(
            _(
                "group_entry_legend",
                default="${field}: entry ${number}",
                mapping={"field": self.field.title or self.field.__name__, "number": number},
            ),
            context=self.request,
        )

    def remove_label(self, number: int) -> str:
        return translate(
            _("group_tick_to_remove", default="Remove entry ${number}", mapping={"number": number}),
            context=self.request,
        )

    def limits(self) -> str:
        """ "1 to 4 entries": what the citizen may give, said next to the group."""
        field = self.field
        return translate(
            _(
                "group_limits",
                default="${min} to ${max} entries.",
                mapping={"min": field.min_length or 0, "max": field.max_length},
            ),
            context=self.request,
        )


BUTTON = re.compile(r"^form\.widgets\.[\w.-]+\.buttons\.(add|remove)$")


def button_pressed(request) -> bool:
    """Whether the POST is a group's "add" or "remove" (not the form's own submit)."""
    if request.get("REQUEST_METHOD") != "POST":
        return False
    return any(BUTTON.match(key) for key in request.form)


@adapter(IRepeatingGroup, IFormLayer)
@implementer(IFieldWidget)
def GroupFieldWidget(field, request):
    return FieldWidget(field, GroupWidget(request))


@implementer(IValidator)
@adapter(Interface, Interface, Interface, IRepeatingGroup, IGroupWidget)
class GroupValidator(SimpleFieldValidator):
    """The group's own checks (count, each entry): datagridfield's validator checks none."""
