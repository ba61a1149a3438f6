"""The operations of the inbox export in the OpenAPI document: the file streamed (GET), or
made in the background (POST)."""

from openapi_schemas import ERR
from openapi_schemas import inbox_params
from openapi_schemas import office
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import q
from openapi_schemas import tenant

FILE_TYPES = [
    "text/csv",  # semicolons, UTF-8 with byte order mark
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]
BINARY = {"schema": {"type": "string", "format": "binary"}}

# The inbox's filters (without batching: the export holds every match), the format, uids.
export_params = [
    q("format", "csv (default) or xlsx.", {"type": "string", "enum": ["csv", "xlsx"]}, "csv"),
    *[param for param in inbox_params if param["name"] not in ("b_start", "b_size", "sort")],
    q(
        "uids",
        "Only these requests of the inbox (the selected ones); the filters are then ignored.",
        {"type": "array", "items": {"type": "string"}, "maxItems": 1000},
    ),
]

file_resp = {
    "200": {
        "description": "The file, sent as it is written (no Content-Length).",
        "content": dict.fromkeys(FILE_TYPES, BINARY),
    }
}

job = {
    "type": "object",
    "required": ["@id", "state", "total", "expires"],
    "properties": {
        "@id": {
            "type": "string",
            "description": "The file's address: for the asking user only; 409 until it is ready.",
        },
        "state": {"type": "string", "enum": ["pending", "ready", "failed"]},
        "total": {"type": "integer"},
        "expires": {"type": "string", "format": "date-time"},
    },
}


def export_ops(params: list, for_: str, where: str) -> dict:
    return {
        "get": op(
            f"The inbox of {where} as CSV or Excel file.",
            "@inbox-export",
            for_,
            [*params, *export_params],
            responses={**file_resp, "400": ERR, "401": ERR, "409": ERR},
            tags=["offices"],
            desc=(
                "Streamed up to the threshold of Site Setup (export_background_from, default "
                "5000 requests); above it 409: ask with POST. Cells that a spreadsheet would "
                "run as a formula start with '."
            ),
        ),
        "post": op(
            f"The inbox of {where} as file made in the background.",
            "@inbox-export",
            for_,
            [*params, *export_params],
            responses={
                **ok("The export is being made; the clerk gets a mail with the link.", job, "202"),
                "400": ERR,
                "401": ERR,
            },
            tags=["offices"],
            desc="The file is kept for 24 hours, for the asking user only.",
        ),
    }


export_paths = {
    "/{tenant}/{office}/@inbox-export": export_ops(
        [tenant, office], "digitalgemeinde.interfaces.IOffice", "an office"
    ),
    "/{tenant}/@inbox-export": export_ops(
        [tenant], "digitalgemeinde.interfaces.ITenant", "all offices of a tenant"
    ),
}
