"""REST's answer to a refusal of the domain (an exception whose class plone.rest does not know,
so it would answer 500): the status and a JSON error with the refusal's text in the request's
language, plus what the refusal names (a count, a group)."""

import json

from plone.rest.errors import ErrorHandling


class RefusalError(ErrorHandling):
    """Base of the exception views (``index.html``) of refusals for REST calls."""

    status = 400
    error_type = "BadRequest"

    def details(self) -> dict:
        return {}

    def __call__(self):
        exception = self.context
        data = self.render_exception(exception)  # CORS, the closest visible context
        data.update(
            {"type": self.error_type, "message": exception.text(self.request), **self.details()}
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(self.status, lock=1)
        response.setBody(json.dumps(data, indent=2, sort_keys=True), lock=1)
        response._has_challenged = True  # no login redirect, as plone.rest does
