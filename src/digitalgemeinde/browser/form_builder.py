"""The form builder's pages (``<form>/fields``, ``<form>/actions``) in the editor's language.

easyform names the two editors after their URL ("fields", "actions"): the breadcrumbs say
"fields" and the heading "fields bearbeiten". Here they get titles and headings of ours; the
texts easyform and plone.schemaeditor leave untranslated are in our catalogs (locales/<lang>/
LC_MESSAGES/plone.po, collective.easyform.po, plone.schemaeditor.po).
"""

from collective.easyform.browser.actions import EasyFormActionsView
from collective.easyform.browser.fields import EasyFormFieldsView
from zope.i18n import translate

from digitalgemeinde import _

FIELDS_TITLE = _("form_builder_fields", default="Form fields")
FIELDS_HEADING = _("form_builder_fields_heading", default="Edit the form's fields")
ACTIONS_TITLE = _("form_builder_actions", default="Form actions")
ACTIONS_HEADING = _("form_builder_actions_heading", default="Edit what happens with a sent form")


def titled(editor, title, heading):
    """The editor's title in the breadcrumbs and its heading (``SchemaListing.label``)."""
    text = translate(title, context=editor.request)
    editor.Title = lambda: text
    editor.label = heading
    return editor


class FieldsEditor(EasyFormFieldsView):
    def __init__(self, context, request):
        super().__init__(context, request)
        titled(self, FIELDS_TITLE, FIELDS_HEADING)


class ActionsEditor(EasyFormActionsView):
    def __init__(self, context, request):
        super().__init__(context, request)
        titled(self, ACTIONS_TITLE, ACTIONS_HEADING)
