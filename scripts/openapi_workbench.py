"""The operations of the clerk's workbench in the OpenAPI document: assigning a request, and the
bulk actions of an inbox."""

from openapi_schemas import ERR
from openapi_schemas import office
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import submission
from openapi_schemas import tenant

assignee = {
    "type": ["string", "null"],
    "description": "User id of a member of the office's staff; null: nobody.",
}
assign_body = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["assignee"],
                "properties": {"assignee": assignee},
            },
            "example": {"assignee": None},
        }
    },
}
assign_resp = {
    **ok(
        "Assigned (or unchanged: ``changed`` false).",
        {
            "type": "object",
            "properties": {
                "@id": {"type": "string"},
                "reference": {"type": "string"},
                "assignee": {"type": ["string", "null"]},
                "assignee_name": {"type": ["string", "null"]},
                "changed": {"type": "boolean"},
            },
        },
    ),
    "400": ERR,
    "401": ERR,
    "403": ERR,
    "404": ERR,
}
bulk_body = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["action", "uids"],
                "properties": {
                    "action": {"type": "string", "enum": ["assign", "accept", "resend"]},
                    "uids": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": 1,
                        "maxItems": 1000,
                    },
                    "assignee": assignee,
                },
            },
            "example": {"action": "accept", "uids": ["0123456789abcdef0123456789abcdef"]},
        }
    },
}
bulk_resp = {
    **ok(
        "Done for some, refused for others: each named.",
        {
            "type": "object",
            "properties": {
                "action": {"type": "string"},
                "done": {"type": "array", "items": {"type": "string"}},
                "refused": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "reference": {"type": "string"},
                            "message": {"type": "string"},
                        },
                    },
                },
                "not_found": {"type": "array", "items": {"type": "string"}},
                "messages": {"type": "array", "items": {"type": "string"}},
            },
        },
    ),
    "400": ERR,
    "401": ERR,
    "404": ERR,
}
BULK_DESC = (
    "assign: to the user id in assignee (null: nobody), a member of the office's staff; "
    "accept: from New to In progress; resend: a delivery to the specialist application that "
    "failed, sent again (same idempotency key; those that had not failed are named in refused). "
    "Each request is handled on its own; those not possible "
    "are named in refused, UIDs not in the inbox in not_found."
)

workbench_paths = {
    "/{tenant}/{office}/{submission}/@assign": {
        "post": op(
            "Assign a request to a member of its office's staff, or to nobody.",
            "@assign",
            "digitalgemeinde.interfaces.ISubmission",
            [tenant, office, submission],
            assign_body,
            assign_resp,
            tags=["offices"],
            desc="Logged in the case log. Only the office's staff and the tenant's admins.",
        )
    },
    "/{tenant}/{office}/@inbox-bulk": {
        "post": op(
            "A bulk action on chosen requests of an office's inbox.",
            "@inbox-bulk",
            "digitalgemeinde.interfaces.IOffice",
            [tenant, office],
            bulk_body,
            bulk_resp,
            tags=["offices"],
            desc=BULK_DESC,
        )
    },
    "/{tenant}/@inbox-bulk": {
        "post": op(
            "A bulk action on chosen requests of a tenant's inbox.",
            "@inbox-bulk",
            "digitalgemeinde.interfaces.ITenant",
            [tenant],
            bulk_body,
            bulk_resp,
            tags=["offices"],
            desc=BULK_DESC,
        )
    },
}
