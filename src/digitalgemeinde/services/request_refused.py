"""The JSON answer for a request refused before it reached an endpoint (``RequestRefused``):
too large a form, a parameter that cannot be read, an address that is not UTF-8, a search
parameter plone.restapi cannot convert. The same shape as our endpoints' errors, never a
traceback."""

import json

from Products.Five.browser import BrowserView

from digitalgemeinde.security.limits import request_language
from digitalgemeinde.security.limits import translated
from digitalgemeinde.services.base import STATUS_TYPES


class RequestRefusedJson(BrowserView):
    """``index.html`` of ``RequestRefused`` for REST requests: Zope's exception view."""

    def __call__(self):
        refused = self.context
        request = self.request
        response = request.response
        response.setStatus(refused.status, lock=True)
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Content-Language", request_language(request))
        response.setHeader("Cache-Control", "no-store")
        body = {
            "type": STATUS_TYPES.get(refused.status, "BadRequest"),
            "message": translated(refused.message, request),
        }
        if refused.errors:
            body["errors"] = [
                {"field": item["field"], "message": translated(item["message"], request)}
                for item in refused.errors
            ]
        return json.dumps(body, indent=2, sort_keys=True)
