"""REST's answer when a container holding requests (or a request) may not be deleted or moved
away (security.deletion refuses): 403 and a JSON error that says how many requests it holds,
in the request's language, instead of plone.rest's 500 for an exception class it does not know.
"""

import json

from plone.rest.errors import ErrorHandling


class RequestsHeldError(ErrorHandling):
    """The exception view (``index.html``) of security.deletion.RequestsHeld for REST calls."""

    def __call__(self):
        exception = self.context
        data = self.render_exception(exception)  # CORS, the closest visible context
        data.update(
            {
                "type": "RequestsHeld",
                "message": exception.text(self.request),
                "requests": exception.count,
            }
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(403, lock=1)
        response.setBody(json.dumps(data, indent=2, sort_keys=True), lock=1)
        response._has_challenged = True  # no login redirect, as plone.rest does
