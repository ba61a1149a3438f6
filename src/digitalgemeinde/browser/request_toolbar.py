"""The toolbar on a request: the state, and only the steps the toolbar can take.

A step that needs a comment (asking the citizen, rejecting: ``submissions.workflow``) belongs to
the request page's own forms, which have the field for it; Plone's menu would take it without
one, or send the clerk to the generic "Advanced…" form. A request has no edit form either: its
content is what the citizen sent, its processing happens on its page.
"""

from plone import api
from plone.app.contentmenu.menu import ActionsSubMenuItem
from plone.app.contentmenu.menu import WorkflowMenu
from plone.app.contentmenu.menu import WorkflowSubMenuItem
from Products.Five.browser import BrowserView

from digitalgemeinde.submissions.workflow import NEEDS_COMMENT

MENU_ID = "digitalgemeinde_request_workflow"
HIDDEN = {f"workflow-transition-{transition}" for transition in NEEDS_COMMENT}
HIDDEN.add("workflow-transition-advanced")


class RequestWorkflowMenu(WorkflowMenu):
    def getMenuItems(self, context, request):
        items = super().getMenuItems(context, request)
        return [item for item in items if item["extra"].get("id") not in HIDDEN]


class RequestWorkflowSubMenuItem(WorkflowSubMenuItem):
    submenuId = MENU_ID

    def action(self):
        """The request's page (Plone's: the generic form that takes any step)."""
        return self.context.absolute_url()


class RequestActionsSubMenuItem(ActionsSubMenuItem):
    """The "Actions" menu (copy, cut, rename, delete) on a request: for Managers only. A request is
    never copied or renamed; it is deleted by its retention period."""

    def available(self):
        if not api.user.has_permission("Manage portal", obj=self.context):
            return False
        return super().available()


class NoEditForm(BrowserView):
    """``edit`` on a request: its page, where the office works on it."""

    def __call__(self):
        self.request.response.redirect(self.context.absolute_url())
        return ""
