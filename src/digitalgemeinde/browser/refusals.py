"""Classic UI's answers to refusals of the domain: the page for a change refused because it
would bring code into a form (and its JSON for REST), and a status message where the user was
for refusals that leave them there (deleting what holds requests, a group name taken)."""

import json

from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage


class CodeInFormsRefusedView(BrowserView):
    """``context`` is the exception; its text is already in the request's language."""

    def __call__(self):
        self.request.response.setStatus(403)
        if IAPIRequest.providedBy(self.request):
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps({"type": "Forbidden", "message": str(self.context)})
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        return self.index()

    def message(self) -> str:
        return str(self.context)


class RefusalView(BrowserView):
    """Classic UI's answer to a refusal of the domain that aborts the request: a status message
    where the user was, no error page. Folder contents' actions (``@@fc-delete``,
    ``@@fc-paste``, …) expect JSON and get it in their own format."""

    def target_url(self) -> str:
        return self.context.url

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
        # locked, or plone.transformchain would make it the exception's status
        response.redirect(self.target_url(), lock=True)
        return ""

    def from_folder_contents(self) -> bool:
        name = self.request.get("ACTUAL_URL", "").rstrip("/").rsplit("/", 1)[-1]
        return name.lstrip("@").startswith("fc-")
