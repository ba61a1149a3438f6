"""The XML model editor of a form (``fields/@@modeleditor``, ``actions/@@modeleditor`` and the
buttons "Edit XML Fields Model" / "Edit XML Actions Model") is for site Managers only.

Editors build forms with the field and action editors; the XML is where code hides (validators,
defaults, conditions), and ``forms.py`` already refuses code from anyone but a Manager. Here
the editor itself is hidden (the buttons' condition) and refused (the views) for the others.
"""

from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Unauthorized

from digitalgemeinde.form_code import may_use_code
from digitalgemeinde.submissions.conditions import ConditionRefused


def managers_only(form=None) -> bool:
    """The condition of the model editor's buttons; the form is z3c.form's, not needed."""
    return may_use_code()


def guarded_call(self):
    if not may_use_code():
        raise Unauthorized("The XML model editor is for site managers only.")
    try:
        return self._digitalgemeinde_original_call()
    except ConditionRefused as refused:  # said as the editor's other errors; nothing saved
        IStatusMessage(self.request).addStatusMessage(str(refused), "error")
        return self.template()


def guard_view(scope, original, replacement):
    """monkeypatcher handler: keep easyform's ``__call__`` and put the guard in front."""
    scope._digitalgemeinde_original_call = getattr(scope, original)
    setattr(scope, original, replacement)


def hide_button(scope, original, replacement):
    """monkeypatcher handler: the listing's "modeleditor" button shows for Managers only."""
    buttons = getattr(scope, original)
    if "modeleditor" in buttons:
        buttons["modeleditor"].condition = replacement
