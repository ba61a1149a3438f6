"""The municipality's side: a service follows its standard and takes the standard's updates."""

from Acquisition import aq_base
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import standard_of
from digitalgemeinde.association.releases import FORM_SETTINGS
from digitalgemeinde.association.updating import apply_update
from digitalgemeinde.association.updating import form_preview
from digitalgemeinde.association.updating import pending_changes
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.browser.association.common import can
from digitalgemeinde.browser.association.common import display
from digitalgemeinde.browser.association.common import field_labels
from digitalgemeinde.browser.association.common import form_fields
from digitalgemeinde.browser.association.common import message


class StandardUpdateView(BrowserView):
    """What the newer version of the standard changes, field by field; applied with one click."""

    index = ViewPageTemplateFile("../templates/standard_update.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                done = apply_update(self.context)
            except AdoptionError as error:
                message(self.request, error.args[0], "error")
                return self.index()
            message(
                self.request,
                _(
                    "Updated to version ${version}: ${updated} fields taken over, ${kept} "
                    "kept as changed here, ${added} form fields added.",
                    mapping={
                        "version": done["version"],
                        "updated": len(done["updated"]),
                        "kept": len(done["kept"]),
                        "added": len(done["form_fields_added"]),
                    },
                ),
            )
            self.request.response.redirect(self.context.absolute_url(), status=303)
            return ""
        return self.index()

    def latest(self):
        return update_available(self.context)

    def standard(self):
        return standard_of(self.context)

    def changes(self) -> list[dict]:
        labels = field_labels()  # the fields of the standard the service follows
        entries = []
        for change in pending_changes(self.context):
            if change.name == "form_template":
                entries.append(self.form_entry(labels[change.name], change))
                continue
            if change.name in FORM_SETTINGS:
                entries.append(self.setting_entry(labels[change.name], change))
                continue
            entries.append(
                {
                    "label": labels[change.name],
                    "form": False,
                    "overridden": change.overridden,
                    "words": change.words,
                    "local": display(getattr(aq_base(self.context), change.name, None), None),
                }
            )
        return entries

    def form_entry(self, label, change) -> dict:
        """The form template's row: fields added, no longer in the standard, and the fields
        whose condition or group changes (taken over, or kept as changed here)."""
        old = {field["name"] for field in form_fields(change.old or "")}
        new = form_fields(change.new or "")
        titles = {field["name"]: field["title"] for field in new}
        preview = form_preview(self.context, change)
        return {
            "label": label,
            "form": True,
            "added": [field["title"] for field in new if field["name"] not in old],
            "removed": sorted(old - set(titles)),
            "updated": [titles.get(name, name) for name in (preview.updated if preview else [])],
            "kept": [titles.get(name, name) for name in (preview.kept if preview else [])],
            "overridden": False,
            "words": [],
        }

    def setting_entry(self, label, change) -> dict:
        """A setting of the form (shown as steps): yes or no, in the standard and here."""
        return {
            "label": label,
            "form": False,
            "overridden": change.overridden,
            "words": [("delete", self.yes_no(change.old)), ("insert", self.yes_no(change.new))],
            "local": "",
        }

    def yes_no(self, value) -> str:
        return translate(_("Yes") if value else _("No"), context=self.request)


class ServiceStandardInfo(BrowserView):
    """The box on a service page: the standard it follows, and an update for its editors."""

    index = ViewPageTemplateFile("../templates/service_standard.pt")

    def __call__(self):
        if not getattr(aq_base(self.context), "standard_release", None):
            return ""
        return self.index()

    def info(self) -> dict:
        standard = standard_of(self.context)
        latest = update_available(self.context)
        editor = can("Modify portal content", self.context)
        return {
            "title": standard.title if standard is not None else self.context.title,
            "url": (
                standard.absolute_url() if standard is not None and can("View", standard) else None
            ),
            "version": self.context.standard_version,
            "newer": latest["version"] if latest and editor else None,
            "update_url": f"{self.context.absolute_url()}/@@standard-update",
            "note": latest["note"] if latest and editor else None,
        }
