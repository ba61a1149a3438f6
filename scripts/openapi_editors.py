"""The editors' operations in the OpenAPI document: a new service with its form in one step
(``POST <tenant>/@new-service``, as the page «Neue Leistung mit Formular»)."""

from openapi_schemas import ERR
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import tenant

text = {"type": "string"}
new_service_body = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["title", "topics", "office"],
                "properties": {
                    "title": {**text, "maxLength": 200, "description": "The service's title."},
                    "description": {**text, "description": "One or two sentences."},
                    "topics": {
                        "type": "array",
                        "items": text,
                        "minItems": 1,
                        "description": "Tokens of the topics vocabulary, e.g. mobility.",
                    },
                    "office": {
                        **text,
                        "description": "UID of an office of the tenant or of its canton.",
                    },
                    "fee_amount": {
                        "type": ["string", "number", "null"],
                        "description": "Fee in CHF, e.g. 30.00 (optional).",
                    },
                    "processing_time": {**text, "description": "e.g. 5 Arbeitstage (optional)."},
                    "fields": {
                        "type": "array",
                        "items": {"type": "string", "enum": ["name", "address", "email"]},
                        "description": (
                            "The standard fields the form starts with; default all three. "
                            "Without email the citizen gets no receipt by mail."
                        ),
                    },
                },
            },
            "example": {
                "title": "Parkkarte beantragen",
                "topics": ["mobility"],
                "office": "0123456789abcdef0123456789abcdef",
                "fields": ["name", "email"],
            },
        }
    },
}
created = {
    "type": "object",
    "required": ["service", "form", "office", "receipt_by_mail"],
    "properties": {
        "service": {
            "type": "object",
            "properties": {"@id": text, "UID": text},
        },
        "form": {
            "type": "object",
            "properties": {
                "@id": text,
                "UID": text,
                "fields_editor": {**text, "description": "Where the editor adds fields."},
                "fields": {"type": "array", "items": text},
            },
        },
        "office": {"type": "object", "properties": {"@id": text, "title": text}},
        "receipt_by_mail": {
            "type": "boolean",
            "description": "The form has the field email: the citizen gets the receipt by mail.",
        },
    },
}

editors_paths = {
    "/{tenant}/@new-service": {
        "post": op(
            "A new service with its form and the delivery to an office, in one step.",
            "@new-service",
            "digitalgemeinde.interfaces.ITenant",
            [tenant],
            new_service_body,
            {
                **ok("The service and its form, both private (drafts).", created, "201"),
                "400": ERR,
                "401": ERR,
                "403": ERR,
                "404": ERR,
            },
            tags=["tenants"],
            desc=(
                "For the tenant's editors. The form's fields, submit label and purpose and "
                "data protection text are in the site's language; the delivery goes to the "
                "office. Bad answers are refused naming each field (400), and nothing is made. "
                "Publishing stays with the tenant's reviewers."
            ),
        )
    },
}
