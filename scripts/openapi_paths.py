"""The operations of the OpenAPI document (scripts/openapi_document.py), by path: what our
REST endpoints take and answer. Each operation gets its operationId from its path and method."""

from openapi_editors import editors_paths
from openapi_export import export_paths
from openapi_form_schema import form_schema_paths
from openapi_messages import messages_paths
from openapi_postal_codes import postal_code_paths
from openapi_resend import resend_paths
from openapi_schemas import CLOSED_ERR
from openapi_schemas import ERR
from openapi_schemas import LOGIN_ERR
from openapi_schemas import PAYMENT_STEP
from openapi_schemas import association
from openapi_schemas import filebody
from openapi_schemas import finder_params
from openapi_schemas import finder_resp
from openapi_schemas import form
from openapi_schemas import inbox_params
from openapi_schemas import inbox_resp
from openapi_schemas import office
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import signed
from openapi_schemas import status_body
from openapi_schemas import submission
from openapi_schemas import tenant
from openapi_schemas import token
from openapi_workbench import workbench_paths

paths = {
    "/@openapi": {
        "get": op(
            "This document.",
            "@openapi",
            "plone.base.interfaces.IPloneSiteRoot",
            responses=ok("The OpenAPI document.", {"type": "object"}),
            security=[],
            tags=["meta"],
        )
    },
    "/{tenant}/{form}/@submit": {
        "post": op(
            "Submit a request through a form.",
            "@submit",
            "collective.easyform.interfaces.IEasyForm",
            [tenant, form],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "description": (
                                "Field values by field name; a repeating group as an array "
                                "of objects, one per entry (dates as YYYY-MM-DD); "
                                "files as {data (base64), encoding, filename, content-type}."
                            ),
                            "additionalProperties": {
                                "oneOf": [
                                    {"type": "string"},
                                    {"type": "number"},
                                    {"type": "boolean"},
                                    {"type": "array"},
                                    filebody,
                                ]
                            },
                        },
                        "example": {
                            "name": "Anna Muster",
                            "email": "anna@example.ch",
                            "dog": "Bello",
                        },
                    }
                },
            },
            {
                **ok(
                    "Delivered: the reference number and the citizen's status link.",
                    {
                        "type": "object",
                        "required": ["reference", "status_url"],
                        "properties": {
                            "@id": {"type": "string"},
                            "reference": {"type": "string"},
                            "status_url": {"type": "string"},
                            "receipt_url": {"type": "string"},
                            "repeated": {"type": "boolean"},
                        },
                    },
                    "201",
                ),
                **ok("The same values were just delivered: that request.", {"type": "object"}),
                **ok(
                    "The service charges a fee, paid online first: send the citizen's browser "
                    "to payment.redirect_url. The request is delivered once the payment is "
                    "confirmed; the browser then comes back to the portal's receipt.",
                    PAYMENT_STEP,
                    "202",
                ),
                "400": ERR,
                "401": LOGIN_ERR,
                "403": LOGIN_ERR,
                "404": ERR,
                "409": CLOSED_ERR,
                "503": ERR,
            },
            security=[],
            tags=["citizens"],
            desc=(
                "Validated by the form's own schema and the portal's upload limits; the same "
                "delivery as the browser form (request, mails, outbox job). A form that requires "
                "a login takes the session of a login at its level or higher (401 without a "
                "login, 403 with a weaker one)."
            ),
        )
    },
    "/{tenant}/{office}/@inbox": {
        "get": op(
            "The inbox of an office.",
            "@inbox",
            "digitalgemeinde.interfaces.IOffice",
            [tenant, office, *inbox_params],
            responses=inbox_resp,
            tags=["offices"],
        )
    },
    "/{tenant}/@inbox": {
        "get": op(
            "The inbox of all offices of a tenant.",
            "@inbox",
            "digitalgemeinde.interfaces.ITenant",
            [tenant, *inbox_params],
            responses=inbox_resp,
            tags=["offices"],
        )
    },
    "/@submission-status/{token}": {
        "get": op(
            "The citizen's view of a request.",
            "@submission-status",
            "plone.base.interfaces.IPloneSiteRoot",
            [token],
            responses={**ok("State and public history.", status_body), "404": ERR},
            security=[],
            tags=["citizens"],
        ),
        "post": op(
            "The citizen's answer to the office's question.",
            "@submission-status",
            "plone.base.interfaces.IPloneSiteRoot",
            [token],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "text": {"type": "string"},
                                "files": {"type": "array", "maxItems": 5, "items": filebody},
                            },
                        }
                    }
                },
            },
            {
                **ok("The answer was taken; the request's state.", status_body),
                "400": ERR,
                "404": ERR,
                "409": ERR,
            },
            security=[],
            tags=["citizens"],
        ),
    },
    "/@service-finder": {
        "get": op(
            "Find services in the whole portal.",
            "@service-finder",
            "plone.base.interfaces.IPloneSiteRoot",
            finder_params,
            responses=finder_resp,
            security=[],
            tags=["citizens"],
        )
    },
    "/{tenant}/@service-finder": {
        "get": op(
            "Find the services of a municipality (and its canton).",
            "@service-finder",
            "digitalgemeinde.interfaces.ITenant",
            [tenant, *finder_params],
            responses={**finder_resp, "404": ERR},
            security=[],
            tags=["citizens"],
        )
    },
    "/{tenant}/@adopt": {
        "post": op(
            "Adopt a released standard service.",
            "@adopt",
            "digitalgemeinde.interfaces.IMunicipality",
            [tenant],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["standard"],
                            "properties": {
                                "standard": {
                                    "type": "string",
                                    "description": "UID of a released standard service.",
                                },
                                "office": {
                                    "type": ["string", "null"],
                                    "description": (
                                        "UID of an office of the municipality or its canton."
                                    ),
                                },
                            },
                        }
                    }
                },
            },
            {
                **ok(
                    "The new (private) service and its form.",
                    {
                        "type": "object",
                        "properties": {
                            "@id": {"type": "string"},
                            "UID": {"type": "string"},
                            "title": {"type": "string"},
                            "review_state": {"type": "string"},
                            "version": {"type": "integer"},
                            "standard": {"type": "object"},
                            "form": {"type": ["object", "null"]},
                            "office": {"type": ["object", "null"]},
                        },
                    },
                    "201",
                ),
                "400": ERR,
                "401": ERR,
                "404": ERR,
                "409": ERR,
            },
            tags=["association"],
        )
    },
    "/{association}/@coverage": {
        "get": op(
            "Municipalities × standard services, with totals and cost per request.",
            "@coverage",
            "digitalgemeinde.interfaces.IAssociation",
            [association],
            responses={
                **ok(
                    "The coverage matrix.",
                    {
                        "type": "object",
                        "properties": {
                            "@id": {"type": "string"},
                            "standards": {"type": "array"},
                            "rows": {"type": "array"},
                            "column_totals": {"type": "array"},
                            "totals": {
                                "type": "object",
                                "description": (
                                    "requests_recent: online requests of the last ``days`` "
                                    "days, counted like requests_year (also per row)."
                                ),
                            },
                        },
                    },
                ),
                "401": ERR,
                "404": ERR,
            },
            tags=["association"],
        )
    },
    "/{tenant}/{office}/{submission}/@status-update": {
        "post": op(
            "The specialist application reports status.",
            "@status-update",
            "digitalgemeinde.interfaces.ISubmission",
            [tenant, office, submission, *signed],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["transition"],
                            "properties": {
                                "transition": {
                                    "type": "string",
                                    "enum": ["accept", "ask", "complete", "reject", "reopen"],
                                },
                                "comment": {"type": "string", "maxLength": 5000},
                            },
                        }
                    }
                },
            },
            {
                **ok(
                    "Done (or replayed: the same key was used before).",
                    {
                        "type": "object",
                        "properties": {
                            "reference": {"type": "string"},
                            "transition": {"type": "string"},
                            "review_state": {"type": "string"},
                            "replayed": {"type": "boolean"},
                        },
                    },
                ),
                "400": ERR,
                "401": ERR,
                "404": ERR,
                "409": ERR,
            },
            security=[{"signature": []}],
            tags=["specialist applications"],
        )
    },
    "/{tenant}/{office}/@routing": {
        "patch": op(
            "Change where the office's requests go (the tenant's admins).",
            "@routing",
            "digitalgemeinde.interfaces.IOffice",
            [tenant, office],
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "email": {
                                    "type": ["string", "null"],
                                    "description": "Receives the notice of every new request.",
                                },
                                "interface_url": {
                                    "type": ["string", "null"],
                                    "description": "The specialist application's address.",
                                },
                                "interface_secret": {
                                    "type": ["string", "null"],
                                    "description": "At least 32 characters.",
                                },
                            },
                        }
                    }
                },
            },
            {"204": {"description": "Saved."}, "400": ERR, "401": ERR, "404": ERR},
            desc=(
                "Only the routing fields; every other field is refused (400). Needs the "
                "permission digitalgemeinde: Route requests (Manager, Site Administrator, "
                "the tenant's admins). An office's own PATCH or POST that changes these "
                "fields without it answers 403."
            ),
            tags=["offices"],
        )
    },
}
paths.update(workbench_paths)
paths.update(editors_paths)
paths.update(export_paths)
paths.update(messages_paths)
paths.update(resend_paths)
paths.update(form_schema_paths)
paths.update(postal_code_paths)
for p, ops in paths.items():
    for method, o in ops.items():
        name = o["x-plone-service"]["name"].strip("@").replace("-", "_")
        o["operationId"] = f"{method}_{name}_{len(p.split('/'))}"
