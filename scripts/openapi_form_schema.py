"""The operation of ``@form-schema`` in the OpenAPI document: a request form's fields and their
conditions as JSON Schema, for a program that submits through ``@submit``."""

from openapi_schemas import ERR
from openapi_schemas import form
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import tenant

form_schema_paths = {
    "/{tenant}/{form}/@form-schema": {
        "get": op(
            "The form's fields as JSON Schema, with their conditions.",
            "@form-schema",
            "collective.easyform.interfaces.IEasyForm",
            [tenant, form],
            None,
            {
                **ok(
                    "A JSON Schema (draft 2020-12) of the values @submit takes.",
                    {
                        "type": "object",
                        "required": ["type", "properties", "required"],
                        "properties": {
                            "type": {"type": "string"},
                            "title": {"type": "string"},
                            "properties": {"type": "object"},
                            "required": {"type": "array", "items": {"type": "string"}},
                            "allOf": {"type": "array"},
                        },
                    },
                ),
                "401": ERR,
                "404": ERR,
            },
            security=[],
            tags=["citizens"],
            desc=(
                "Each field as plone.restapi describes it. A field shown only when other fields "
                'have given values carries x-show-when ({"all"|"any": [{field, operator '
                "(is, is_not, contains), value}]}); a required one is required only then "
                "(allOf: if/then). @submit ignores the values of fields whose condition does "
                "not hold."
            ),
        )
    },
}
