"""The operation of «Erneut senden» in the OpenAPI document: a failed delivery to the office's
specialist application, sent again (the inbox's bulk action is in openapi_workbench.py)."""

from openapi_schemas import ERR
from openapi_schemas import office
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import submission
from openapi_schemas import tenant

resend_resp = {
    **ok(
        "Queued again: the outbox worker sends it with the same idempotency key.",
        {
            "type": "object",
            "properties": {
                "@id": {"type": "string"},
                "reference": {"type": "string"},
                "state": {"type": "string", "enum": ["pending"]},
                "idempotency_key": {"type": "string"},
                "next_try": {"type": "string", "format": "date-time"},
            },
        },
    ),
    "401": ERR,
    "403": ERR,
    "404": ERR,
    "409": ERR,
}

resend_paths = {
    "/{tenant}/{office}/{submission}/@delivery-resend": {
        "post": op(
            "Send a failed delivery to the specialist application again.",
            "@delivery-resend",
            "digitalgemeinde.interfaces.ISubmission",
            [tenant, office, submission],
            None,
            resend_resp,
            tags=["offices"],
            desc=(
                "Only a delivery that failed for good (else 409, nothing changed); to the "
                "address the office has now, with the same idempotency key; its attempts are "
                "counted anew. Logged in the case log and the access log (forwarded). Only the "
                "office's staff and the tenant's admins."
            ),
        )
    },
}
