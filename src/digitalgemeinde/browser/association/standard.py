"""A standard service: its page (what adopters get, its history, its form; for the association
also the working copy, comments and adopters) and the form that adds a comment to it."""

from plone import api
from plone.protect import CheckAuthenticator
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.comments import CommentRefused
from digitalgemeinde.association.comments import add_comment
from digitalgemeinde.association.comments import comments_of
from digitalgemeinde.association.comments import may_comment
from digitalgemeinde.association.releases import RELEASED_FIELDS
from digitalgemeinde.association.releases import changed_fields
from digitalgemeinde.association.releases import working_fields
from digitalgemeinde.browser.association.common import STATE_TITLES
from digitalgemeinde.browser.association.common import can
from digitalgemeinde.browser.association.common import display
from digitalgemeinde.browser.association.common import field_labels
from digitalgemeinde.browser.association.common import form_fields
from digitalgemeinde.browser.association.common import message
from digitalgemeinde.browser.content_views import rich_text
from digitalgemeinde.browser.content_views import vocabulary_titles
from digitalgemeinde.submissions.values import local_time


class StandardServiceView(BrowserView):
    """A standard service: what adopters get (the latest release), its history, its form;
    for the association also the working copy, comments and adopters."""

    index = ViewPageTemplateFile("../templates/standard_service.pt")

    def __call__(self):
        return self.index()

    def can_edit(self) -> bool:
        return can("Modify portal content", self.context)

    def shown_fields(self) -> dict:
        """The working copy for those who edit it, else the latest release."""
        release = self.context.latest_release()
        if self.can_edit() or release is None:
            return working_fields(self.context)
        return release["fields"]

    def rows(self) -> list[dict]:
        fields = self.shown_fields()
        titles = {
            **vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context),
            **vocabulary_titles("digitalgemeinde.vocabularies.audience", self.context),
        }
        labels = field_labels()
        rows = []
        for name in RELEASED_FIELDS:
            if name in ("title", "form_template"):
                continue
            value = fields.get(name)
            if isinstance(value, list | tuple):
                value = [titles.get(item, item) for item in value]
            html = rich_text(value, self.context) if hasattr(value, "raw") else None
            text = None if html else display(value, self.context)
            if html or text:
                rows.append({"label": labels[name], "html": html, "text": text})
        return rows

    def form(self) -> list[dict]:
        return form_fields(self.shown_fields().get("form_template") or "")

    def state_title(self):
        state = state_of(self.context)
        return STATE_TITLES.get(state, state)

    def releases(self) -> list[dict]:
        return [
            {
                "version": release["version"],
                "date": local_time(release["date"]),
                "note": release["note"],
            }
            for release in reversed(list(self.context.releases))
        ]

    def unreleased_changes(self) -> list:
        """Fields edited since the latest release (only for those who edit)."""
        latest = self.context.latest_release()
        if latest is None or not self.can_edit():
            return []
        labels = field_labels()
        return [
            translate(labels[name], context=self.request)
            for name in changed_fields(latest["fields"], working_fields(self.context))
        ]

    def can_bulk_adopt(self) -> bool:
        return self.can_release() and state_of(self.context) == "released"

    def can_comment(self) -> bool:
        return may_comment(self.context)

    def comments(self) -> list[dict]:
        return [
            {**comment, "date": local_time(comment["date"])}
            for comment in comments_of(self.context)
        ]

    def can_release(self) -> bool:
        return can("digitalgemeinde: Release standard service", self.context)

    def adopters(self) -> list[dict]:
        if not can("digitalgemeinde: View coverage", self.context):
            return []
        catalog = api.portal.get_tool("portal_catalog")
        entries = []
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Service", standard_uid=IUUID(self.context), sort_on="path"
        ):
            service = brain._unrestrictedGetObject()
            entries.append(
                {
                    "municipality": service.aq_parent.title,
                    "url": brain.getURL(),
                    "version": service.standard_version,
                    "state": STATE_TITLES.get(brain.review_state, brain.review_state),
                    "outdated": service.standard_version < self.context.version,
                }
            )
        return entries


class CommentView(BrowserView):
    """POST a comment on a standard service (Public Innovators and the association's editors)."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        try:
            add_comment(self.context, self.request.form.get("comment") or "")
        except CommentRefused as refused:
            message(self.request, refused.args[0], "error")
        else:
            message(self.request, _("Your comment has been added."))
        self.request.response.redirect(f"{self.context.absolute_url()}#comments", status=303)
        return ""
