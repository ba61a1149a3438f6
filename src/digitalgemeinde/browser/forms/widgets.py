"""The widgets of a request form: each field's layout, and the file field that keeps its file.

The layout (``RenderWidget``, easyform's widget.pt with ids for the hint and the error) adds to
the field's control(s) what the widget templates of z3c.form cannot say: ``aria-invalid`` and
``aria-describedby`` (error, hint) after an error, and ``autocomplete`` for the citizen's
particulars (``submissions.field_rules.autofill_token``).
"""

import re
from datetime import datetime
from datetime import timedelta
from html import escape

from collective.easyform.interfaces import IRenderWidget
from plone.formwidget.namedfile.interfaces import IFileUploadTemporaryStorage
from plone.formwidget.namedfile.utils import FILE_UPLOAD_EXPIRATION_TIME
from plone.formwidget.namedfile.widget import NamedFileWidget
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamed
from plone.namedfile.utils import safe_basename
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.metaconfigure import ViewMixinForTemplates
from z3c.form.interfaces import NO_VALUE
from z3c.form.widget import FieldWidget
from zope.browserpage.viewpagetemplatefile import ViewPageTemplateFile
from zope.component.hooks import getSite
from zope.interface import implementer

from digitalgemeinde.browser.forms.summary import error_message
from digitalgemeinde.submissions.field_rules import autofill_token

CONTROL = re.compile(r"""<(input|select|textarea)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\s*/?)>""")
NOT_FILLED_IN = ("hidden", "submit", "button", "reset", "image")


def attribute(attrs: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', attrs)
    return found.group(1) if found else None


def with_attributes(html: str, added: dict[str, str]) -> str:
    """``html`` with ``added`` attributes on each control a citizen fills in; an
    ``aria-describedby`` it has already is kept after ours."""

    def add(match):
        tag, attrs, end = match.groups()
        if tag == "input" and (attribute(attrs, "type") or "text") in NOT_FILLED_IN:
            return match.group(0)
        for name, value in added.items():
            if not value:
                continue
            present = attribute(attrs, name)
            if present is None:
                attrs += f' {name}="{escape(value)}"'
            elif name == "aria-describedby" and value not in present.split():
                attrs = attrs.replace(
                    f'{name}="{present}"', f'{name}="{escape(value)} {present}"', 1
                )
        return f"<{tag}{attrs}{end}>"

    return CONTROL.sub(add, html)


@implementer(IRenderWidget)
class RenderWidget(ViewMixinForTemplates, BrowserView):
    """The layout of one field (``context`` is the widget)."""

    index = ViewPageTemplateFile("templates/widget.pt")

    @property
    def widget(self):
        return self.context

    def hint(self):
        widget = self.widget
        if widget.mode != "input":
            return None
        return getattr(widget, "description", None) or widget.field.description or None

    def hint_id(self):
        return f"{self.widget.id}-hint"

    def content_lang(self):
        """``lang`` of the label and the hint, written in the form's language, on a page in
        another (a French page of a German form: ``de``); None when they agree."""
        form = getattr(getattr(self.widget, "form", None), "context", None)
        if form is None:
            return None
        return form.restrictedTraverse("@@content-language")()

    def error_id(self):
        return f"{self.widget.id}-error"

    def error_text(self):
        return error_message(self.widget, self.request) if self.widget.error else ""

    def control(self):
        widget = self.widget
        html = widget.render()
        if widget.mode != "input":
            return html
        error = widget.error is not None
        described = " ".join(
            part
            for part, shown in (
                (self.error_id(), error),
                (self.hint_id(), self.hint()),
                (f"{widget.id}-condition", getattr(widget, "dg_condition_hint", None)),
            )
            if shown
        )
        field = getattr(widget, "field", None)
        return with_attributes(
            html,
            {
                "aria-invalid": "true" if error else "",
                "aria-describedby": described,
                "autocomplete": autofill_token(field) if field is not None else None,
            },
        )


# --- the file that survives an error --------------------------------------------------------


def upload_map():
    return IFileUploadTemporaryStorage(getSite()).upload_map


class KeptFileWidget(NamedFileWidget):
    """plone.formwidget.namedfile's file widget, which keeps an upload server-side when the
    form has an error elsewhere, under a random id sent back in the form
    (``<name>.file_upload_id``). Differences:

    - the kept file is taken again when the citizen sends the form without choosing another
      file (no radio buttons and no script needed); a newly chosen file replaces it, and
      ``<name>.action=remove`` drops it;
    - it is kept for this form and this field only, and for half an hour: a kept id sent to
      another form or field, or late, yields nothing.

    The kept file goes through the field's validators again (size, type, virus scan).
    """

    def binding(self) -> dict:
        context = getattr(self.form, "context", None)
        return {"form": IUUID(context, None) or "", "field": self.name}

    @property
    def file_upload_id(self):
        upload_id = super().file_upload_id
        if upload_id:
            entry = upload_map().get(upload_id)
            if entry is not None and entry.get("form") is None:
                entry.update(self.binding())
        return upload_id

    def kept_filename(self):
        return safe_basename(self.value.filename or "") if self.is_uploaded else ""

    def new_upload_chosen(self) -> bool:
        upload = self.request.get(self.name)
        return bool(getattr(upload, "filename", None))

    def extract(self, default=NO_VALUE):
        upload_id = self.request.get(f"{self.name}.file_upload_id")
        action = self.request.get(f"{self.name}.action")
        if not upload_id or action == "remove" or self.new_upload_chosen():
            return super().extract(default)
        if INamed.providedBy(self.value):  # taken already in this request
            return self.value
        return self.take_kept(str(upload_id), default)

    def take_kept(self, upload_id: str, default):
        uploads = upload_map()
        entry = uploads.get(upload_id)
        if entry is None:
            return default
        binding = self.binding()
        fresh = datetime.now() - entry.get("dt", datetime(2000, 1, 1)) < timedelta(
            seconds=FILE_UPLOAD_EXPIRATION_TIME
        )
        if any(entry.get(key) != value for key, value in binding.items()) or not fresh:
            return default
        del uploads[upload_id]
        return NamedBlobFile(data=entry["data"], filename=safe_basename(entry["filename"] or ""))


def KeptFileFieldWidget(field, request):
    return FieldWidget(field, KeptFileWidget(request))
