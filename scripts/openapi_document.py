"""Generate the OpenAPI 3 document of our endpoints, src/digitalgemeinde/services/openapi.json
(served at <site>/@openapi; tests/services/test_openapi.py holds it and the ZCML together).

python3 scripts/openapi_document.py            # write the document
python3 scripts/openapi_document.py --check    # exit 1 when the document is not what this writes

Edit the operations here, not the JSON; then run this and the tests of tests/services.
"""

import argparse
import json
import sys
from pathlib import Path

TARGET = (
    Path(__file__).resolve().parent.parent / "src" / "digitalgemeinde" / "services" / "openapi.json"
)

ERR = {"$ref": "#/components/responses/Error"}


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
    q("q", "Reference, email or name.", {"type": "string"}),
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
                                "Field values by field name; "
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
                "400": ERR,
                "401": ERR,
                "404": ERR,
                "409": ERR,
            },
            security=[],
            tags=["citizens"],
            desc=(
                "Validated by the form's own schema and the portal's upload limits; the same "
                "delivery as the browser form (request, mails, outbox job)."
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
                            "totals": {"type": "object"},
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
for p, ops in paths.items():
    for method, o in ops.items():
        name = o["x-plone-service"]["name"].strip("@").replace("-", "_")
        o["operationId"] = f"{method}_{name}_{len(p.split('/'))}"
doc = {
    "openapi": "3.1.0",
    "info": {
        "title": "digitalgemeinde REST API",
        "version": "1.0.0",
        "description": (
            "The endpoints of the Einwohnerportal besides plone.restapi's own (content, "
            "@workflow, @vocabularies, @search ...). Send and accept application/json. "
            "Errors: {type, message, errors: [{field, message}]}."
        ),
    },
    "servers": [{"url": "http://localhost:8080/Plone"}],
    "paths": paths,
    "components": {
        "securitySchemes": {
            "basic": {"type": "http", "scheme": "basic"},
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "plone.restapi @login token",
            },
            "signature": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Digitalgemeinde-Signature",
                "description": "HMAC-SHA256 with the office's shared secret, see the README.",
            },
        },
        "responses": {
            "Error": {
                "description": "An error naming the field and the problem.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["type", "message"],
                "properties": {
                    "type": {"type": "string"},
                    "message": {"type": "string"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["field", "message"],
                            "properties": {
                                "field": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            }
        },
    },
    "security": [{"basic": []}, {"bearer": []}, {}],
}


def render() -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    wanted = render()
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != wanted:
            print(
                f"{TARGET.name} is stale: run python3 scripts/openapi_document.py", file=sys.stderr
            )
            return 1
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    print(f"{TARGET}: {len(paths)} paths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
