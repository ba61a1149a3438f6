"""REST's answer when a tenant or office may not have a name because its group belongs to
another object (security.group_names refuses): 400 and a JSON error naming the name, the group
and its owner, in the request's language, instead of plone.rest's 500 for an exception class it
does not know."""

import json

from plone.rest.errors import ErrorHandling


class GroupTakenError(ErrorHandling):
    """The exception view (``index.html``) of tenancy.owners.GroupTaken for REST calls."""

    def __call__(self):
        exception = self.context
        data = self.render_exception(exception)  # CORS, the closest visible context
        data.update(
            {
                "type": "GroupTaken",
                "message": exception.text(self.request),
                "group": exception.group_id,
            }
        )
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(400, lock=1)
        response.setBody(json.dumps(data, indent=2, sort_keys=True), lock=1)
        response._has_challenged = True  # no login redirect, as plone.rest does
