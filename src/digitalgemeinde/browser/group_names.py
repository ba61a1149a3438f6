"""Classic UI's answer when a tenant or office may not have a name because its group belongs
to another object (security.group_names refuses): a status message where the user was, no
error page. Forms show the refusal themselves (it is also a z3c.form action error); this view
answers the other routes (paste, import). Folder contents' actions expect JSON and get it.

The refusal is an exception, so the whole request's transaction is aborted."""

import json

from plone import api
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage


class GroupTakenView(BrowserView):
    """The exception view (``index.html``) of tenancy.owners.GroupTaken."""

    def __call__(self):
        text = self.context.text(self.request)
        response = self.request.response
        if self.from_folder_contents():
            response.setStatus(200, lock=True)  # locked: plone.transformchain sets it too
            response.setHeader("Content-Type", "application/json; charset=utf-8")
            return json.dumps({"status": "warning", "msg": text})
        # object_paste may have added the exception's text already: the same message is kept once
        IStatusMessage(self.request).add(text, type="error")
        url = (
            self.context.url or self.request.get("HTTP_REFERER") or api.portal.get().absolute_url()
        )
        response.redirect(url, lock=True)
        return ""

    def from_folder_contents(self) -> bool:
        name = self.request.get("ACTUAL_URL", "").rstrip("/").rsplit("/", 1)[-1]
        return name.lstrip("@").startswith("fc-")
