"""The building blocks of the OpenAPI document (scripts/openapi_document.py): helpers that
make an operation, a parameter or a response, and the parameters and schemas several
operations share."""

ERR = {"$ref": "#/components/responses/Error"}
# @submit to a form that takes no request now (submissions.availability, delivery)
CLOSED_ERR = {
    "description": (
        "The form takes no request now: not yet open (the message says from when), closed, "
        "fully booked (its cap of requests is reached), or it delivers to no office. Nothing "
        "was stored."
    ),
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["type", "message"],
                "properties": {"type": {"type": "string"}, "message": {"type": "string"}},
            },
            "example": {
                "type": "Conflict",
                "message": (
                    "Dieses Formular ist ab 1. März 2027, 08:00 offen. "
                    "Bitte kommen Sie dann wieder."
                ),
            },
        }
    },
}
# @submit to a form that requires a login the caller lacks (identity.requirements)
LOGIN_ERR = {
    "description": (
        "The form requires a login the caller lacks (401: none, 403: too weak, another "
        "provider, or a level not configured here); the message names the level."
    ),
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["type", "message", "level"],
                "properties": {
                    "type": {"type": "string"},
                    "message": {"type": "string"},
                    "level": {
                        "type": "string",
                        "description": "The form's setting: login or <provider>:<level>.",
                    },
                },
            },
            "example": {
                "type": "Forbidden",
                "message": "Dieses Formular verlangt eine Anmeldung über AGOV auf Stufe «hoch».",
                "level": "agov:high",
            },
        }
    },
}


def op(
    summary, service, for_, params=(), body=None, responses=None, security=None, desc=None, tags=()
):
    o = {
        "summary": summary,
        "operationId": None,
        "tags": list(tags),
        "x-plone-service": {"name": service, "for": for_},
        "parameters": list(params),
        "responses": responses,
    }
    if desc:
        o["description"] = desc
    if body:
        o["requestBody"] = body
    if security is not None:
        o["security"] = security
    return o


def path(name, example, desc):
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": desc,
        "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
        "example": example,
    }


def q(name, desc, schema, example=None, explode=None):
    p = {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}
    if example is not None:
        p["example"] = example
    return p


batching = [
    q("b_start", "Index of the first item (0-based).", {"type": "integer", "minimum": 0}),
    q("b_size", "Items per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
]
link = {
    "type": "object",
    "properties": {"@id": {"type": "string", "format": "uri"}, "title": {"type": "string"}},
    "required": ["@id"],
}


def listing(item):
    return {
        "type": "object",
        "required": ["@id", "items", "items_total"],
        "properties": {
            "@id": {"type": "string"},
            "items_total": {"type": "integer"},
            "items": {"type": "array", "items": item},
            "batching": {"type": "object"},
        },
    }


def ok(desc, schema, code="200"):
    return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}


tenant = path("tenant", "liestal", "Id of a municipality or canton (a folder at the site's root).")
form = path("form", "hund-anmelden-form", "Id of an EasyForm in the tenant.")
office = path("office", "einwohnerdienste", "Id of an office in the tenant.")
submission = path("submission", "2829-2026-000001", "Reference number of the request.")
association = path("association", "verband", "Id of the association.")
token = {
    "name": "token",
    "in": "path",
    "required": True,
    "description": "The citizen's capability token from the status link.",
    "schema": {"type": "string"},
    "example": "not-a-valid-token",
}
filebody = {
    "type": "object",
    "required": ["data", "filename"],
    "properties": {
        "data": {"type": "string", "description": "base64"},
        "encoding": {"type": "string", "enum": ["base64"]},
        "filename": {"type": "string"},
        "content-type": {"type": "string"},
    },
}
inbox_item = {
    "type": "object",
    "properties": {
        "@id": {"type": "string"},
        "reference": {"type": "string"},
        "review_state": {"type": "string"},
        "state_title": {"type": "string"},
        "created": {"type": ["string", "null"]},
        "service_title": {"type": "string"},
        "submitter_email": {"type": "string"},
        "office": {"oneOf": [link, {"type": "null"}]},
        "assignee": {"type": ["string", "null"], "description": "User id of the assignee."},
        "assignee_name": {"type": ["string", "null"]},
        "due": {"type": ["string", "null"], "description": "When the request is due."},
        "overdue": {"type": "boolean", "description": "Open and past its due date."},
    },
}
inbox_params = [
    q(
        "state",
        "Only requests in this state.",
        {
            "type": "string",
            "enum": ["submitted", "in_progress", "waiting", "completed", "rejected"],
        },
    ),
    q("service", "UID of a service of the tenant or its canton.", {"type": "string"}),
    q("from", "Submitted on or after this day (2026-12-31 or 31.12.2026).", {"type": "string"}),
    q("to", "Submitted on or before this day.", {"type": "string"}),
    q("q", "Reference (also its running number, e.g. 42), email or name.", {"type": "string"}),
    q(
        "assigned",
        "me, none, or the user id of a member of the inbox's staff.",
        {"type": "string"},
        "me",
    ),
    q("overdue", "1: only open requests past their due date.", {"enum": ["0", "1"]}),
    q("sort", "due: by due date (none last); default newest first.", {"enum": ["due"]}),
    *batching,
]
inbox_resp = {
    **ok(
        "The inbox page.",
        {
            **listing(inbox_item),
            "properties": {
                **listing(inbox_item)["properties"],
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                "overdue": {"type": "integer", "description": "Overdue requests now."},
            },
        },
    ),
    "400": ERR,
    "401": ERR,
    "404": ERR,
}
status_body = {
    "type": "object",
    "properties": {
        "@id": {"type": "string"},
        "status_page": {"type": "string"},
        "reference": {"type": "string"},
        "review_state": {"type": "string"},
        "state_title": {"type": "string"},
        "service_title": {"type": "string"},
        "office_title": {"type": "string"},
        "submitted": {"type": ["string", "null"]},
        "answer_awaited": {"type": "boolean"},
        "history": {"type": "array", "items": {"type": "object"}},
        "messages": {"type": "array", "items": {"type": "object"}},
        "payment": {
            "description": "The fee paid online before the request was delivered; null when "
            "nothing was paid online.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "amount": {"type": "integer", "description": "Centimes, e.g. 4000."},
                        "currency": {"type": "string", "example": "CHF"},
                        "provider": {"type": "string", "example": "datatrans"},
                        "provider_title": {"type": "string", "example": "Datatrans"},
                        "transaction_id": {"type": "string"},
                        "paid_at": {"type": ["string", "null"], "format": "date-time"},
                    },
                    "required": ["amount", "currency", "provider", "transaction_id", "paid_at"],
                },
                {"type": "null"},
            ],
        },
        "result": {"type": ["object", "null"]},
    },
}
finder_item = {
    "type": "object",
    "properties": {
        "@id": {"type": "string"},
        "UID": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "level": {"type": ["string", "null"], "enum": ["canton", "municipality", None]},
        "tenant": {"oneOf": [link, {"type": "null"}]},
        "topics": {"type": "array"},
        "audience": {"type": "array"},
        "also_offered_by": {
            "type": "array",
            "items": link,
            "description": "Other municipalities that offer the same service.",
        },
    },
}
finder_params = [
    q("text", "Search text.", {"type": "string"}),
    q(
        "topics",
        "Topic tokens (repeat the parameter).",
        {"type": "array", "items": {"type": "string"}},
    ),
    q(
        "audience",
        "Audience tokens: private, companies.",
        {"type": "array", "items": {"type": "string"}},
    ),
    *batching,
]
finder_resp = {**ok("Matching services.", listing(finder_item)), "400": ERR, "401": ERR}
signed = [
    {
        "name": "X-Digitalgemeinde-Timestamp",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "Unix seconds; at most five minutes off.",
    },
    {
        "name": "X-Digitalgemeinde-Signature",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": (
            "sha256=<hex HMAC-SHA256 of '<timestamp>.<body>' with the office's shared secret>"
        ),
    },
    {
        "name": "Idempotency-Key",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "maxLength": 200},
        "description": "Names the report: the same key again changes nothing.",
    },
]


# @submit of a form with a fee: the payment step (issue 20)
PAYMENT_STEP = {
    "type": "object",
    "required": ["payment"],
    "properties": {
        "payment": {
            "type": "object",
            "required": ["refno", "amount", "currency", "redirect_url"],
            "properties": {
                "refno": {"type": "string", "description": "Our reference of the payment."},
                "amount": {"type": "integer", "description": "In centimes."},
                "currency": {"type": "string", "enum": ["CHF"]},
                "redirect_url": {"type": "string", "description": "The payment page."},
                "expires": {"type": "string", "format": "date-time"},
            },
        }
    },
}
