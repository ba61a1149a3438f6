"""The page for a change refused because it would bring code into a form (any route of the
browser: the model editor, the field and action forms, paste), and its JSON for REST."""

import json

from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView


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
