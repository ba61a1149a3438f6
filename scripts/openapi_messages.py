"""The operations of messages between office and citizen, and of the access log, in the OpenAPI
document."""

from openapi_schemas import ERR
from openapi_schemas import filebody
from openapi_schemas import office
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import q
from openapi_schemas import status_body
from openapi_schemas import submission
from openapi_schemas import tenant
from openapi_schemas import token

message_body = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "maxLength": 10000},
                    "files": {"type": "array", "maxItems": 5, "items": filebody},
                },
            },
            "example": {"text": "Bitte beachten Sie das Merkblatt im Anhang."},
        }
    },
}
message = {
    "type": "object",
    "properties": {
        "time": {"type": ["string", "null"]},
        "sender": {"type": "string", "enum": ["office", "citizen"]},
        "actor": {"type": "string", "description": "The clerk's user id; empty: the citizen."},
        "text": {"type": "string"},
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "filename": {"type": "string"},
                    "content-type": {"type": "string"},
                    "size": {"type": "integer"},
                    "download": {"type": "string"},
                },
            },
        },
    },
}
access_entry = {
    "type": "object",
    "properties": {
        "time": {"type": ["string", "null"]},
        "request": {"type": "string", "description": "UID of the request."},
        "reference": {"type": "string"},
        "action": {"type": "string", "enum": ["open", "download", "export", "forward"]},
        "actor": {"type": "string"},
    },
}
MESSAGE_DESC = (
    "A message does not change the request's state (asking back, the workflow's ask step, "
    "does). Files are checked like the files of the form (type by content, size, virus scan). "
    "The other side is told by mail, without the text of the message."
)

messages_paths = {
    "/{tenant}/{office}/{submission}/@messages": {
        "get": op(
            "The messages between the office and the citizen on a request.",
            "@messages",
            "digitalgemeinde.interfaces.ISubmission",
            [tenant, office, submission],
            responses={
                **ok(
                    "The thread, oldest first.",
                    {
                        "type": "object",
                        "properties": {
                            "@id": {"type": "string"},
                            "items": {"type": "array", "items": message},
                        },
                    },
                ),
                "401": ERR,
                "404": ERR,
            },
            tags=["offices"],
        ),
        "post": op(
            "The clerk's message to the citizen.",
            "@messages",
            "digitalgemeinde.interfaces.ISubmission",
            [tenant, office, submission],
            message_body,
            {**ok("The message, stored.", message, "201"), "400": ERR, "401": ERR, "404": ERR},
            tags=["offices"],
            desc=MESSAGE_DESC,
        ),
    },
    "/@submission-messages/{token}": {
        "post": op(
            "The citizen's message to the office.",
            "@submission-messages",
            "plone.base.interfaces.IPloneSiteRoot",
            [token],
            message_body,
            {
                **ok("The message was taken; the request's status.", status_body, "201"),
                "400": ERR,
                "404": ERR,
            },
            security=[],
            tags=["citizens"],
            desc=MESSAGE_DESC + " Authorised by the capability token, as the answer.",
        )
    },
    "/{tenant}/@access-log": {
        "get": op(
            "Who opened, downloaded, exported or forwarded a request, or what a person did.",
            "@access-log",
            "digitalgemeinde.interfaces.ITenant",
            [
                tenant,
                q(
                    "request",
                    "Reference or UID of a request of the tenant (a deleted one: its reference).",
                    {"type": "string"},
                ),
                q("user", "User id of a person.", {"type": "string"}),
            ],
            responses={
                **ok(
                    "The entries, newest first; never the content of a request.",
                    {
                        "type": "object",
                        "properties": {
                            "@id": {"type": "string"},
                            "items_total": {"type": "integer"},
                            "items": {"type": "array", "items": access_entry},
                        },
                    },
                ),
                "400": ERR,
                "401": ERR,
                "403": ERR,
                "404": ERR,
            },
            tags=["tenants"],
            desc="For the tenant's administrators only. Give exactly one of request and user.",
        )
    },
}
