"""Classic UI's answer when a container holding requests (or a request) may not be deleted or
moved away: a status message where the user was, no error page (security.deletion refuses).

The refusal is an exception, so the whole request's transaction is aborted; this view only
tells the user why. Folder contents' actions (``@@fc-delete``, ``@@fc-paste``) expect JSON and
get it in their own format."""

import json

from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage


class RequestsHeldView(BrowserView):
    """The exception view (``index.html``) of security.deletion.RequestsHeld."""

    def __call__(self):
        text = self.context.text(self.request)
        response = self.request.response
        if self.from_folder_contents():
            # as folder contents reports its own failures: the pattern shows ``msg``
            response.setStatus(200, lock=True)  # locked: plone.transformchain sets it too
            response.setHeader("Content-Type", "application/json; charset=utf-8")
            return json.dumps({"status": "warning", "msg": text})
        # object_paste may have added the exception's text already: the same message is kept once
        IStatusMessage(self.request).add(text, type="error")
        # still there: nothing was deleted or moved; locked, or plone.transformchain would make
        # it the exception's status
        response.redirect(self.context.url, lock=True)
        return ""

    def from_folder_contents(self) -> bool:
        name = self.request.get("ACTUAL_URL", "").rstrip("/").rsplit("/", 1)[-1]
        return name.lstrip("@").startswith("fc-")
