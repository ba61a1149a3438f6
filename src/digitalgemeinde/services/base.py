"""What every endpoint of ours shares: JSON errors that name the field and the problem, the
request body as JSON, and batching like plone.restapi's own listings.

Errors look like plone.restapi's: ``{"type": "BadRequest", "message": "...", "errors":
[{"field": "email", "message": "..."}]}``; ``errors`` only when fields are at fault.
"""

import json

from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _

STATUS_TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "RequestEntityTooLarge",
    422: "UnprocessableEntity",
}


class ApiError(Exception):
    """Ends the request with ``status`` and a JSON error body."""

    def __init__(self, status: int, message, errors: list[dict] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []


def field_error(field: str, message, status: int = 400) -> ApiError:
    return ApiError(status, message, [{"field": field, "message": message}])


class JsonService(Service):
    """A plone.restapi service whose ``reply`` may raise ApiError."""

    def render(self):
        try:
            return super().render()
        except ApiError as error:
            return self.render_error(error)

    def render_error(self, error: ApiError) -> str:
        response = self.request.response
        response.setStatus(error.status)
        response.setHeader("Content-Type", "application/json")
        body = {
            "type": STATUS_TYPES.get(error.status, "Error"),
            "message": self.translate(error.message),
        }
        if error.errors:
            body["errors"] = [
                {"field": item["field"], "message": self.translate(item["message"])}
                for item in error.errors
            ]
        return json.dumps(body, indent=2, sort_keys=True)

    def translate(self, message) -> str:
        if isinstance(message, Message):
            return translate(message, context=self.request)
        return str(message)

    def json_body(self) -> dict:
        """The request body as a JSON object; 400 when it is not one."""
        raw = self.request.get("BODY") or b""
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            message = _(
                "The request body is not valid JSON: ${error}", mapping={"error": str(error)}
            )
            raise ApiError(400, message) from error
        if not isinstance(data, dict):
            raise ApiError(400, _("The request body must be a JSON object."))
        return data

    def batched(self, brains, serialize) -> dict:
        """``@id``, ``items``, ``items_total`` and ``batching`` of a catalog result."""
        batch = HypermediaBatch(self.request, brains)
        result = {
            "@id": batch.canonical_url,
            "items_total": batch.items_total,
            "items": [serialize(brain) for brain in batch],
        }
        if batch.links:
            result["batching"] = batch.links
        return result
