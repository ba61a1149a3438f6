"""The operation of ``@postal-code`` (the places of a Swiss postal code), for openapi_paths."""

from openapi_schemas import ERR
from openapi_schemas import ok
from openapi_schemas import op
from openapi_schemas import q

postal_code_paths = {
    "/@postal-code": {
        "get": op(
            "The places of a Swiss postal code.",
            "@postal-code",
            "plone.base.interfaces.IPloneSiteRoot",
            [
                {
                    **q(
                        "code",
                        "A Swiss or Liechtenstein postal code: 4 digits.",
                        {"type": "string"},
                        example="4410",
                    ),
                    "required": True,
                }
            ],
            responses={
                **ok(
                    "The code and its places, by name.",
                    {
                        "type": "object",
                        "required": ["code", "places"],
                        "properties": {
                            "code": {"type": "string", "pattern": "^[0-9]{4}$"},
                            "places": {
                                "type": "array",
                                "minItems": 1,
                                "items": {"type": "string"},
                            },
                        },
                    },
                ),
                "400": ERR,
                "404": ERR,
            },
            security=[],
            desc=(
                "From the list of postal codes shipped with the portal (its date and source: "
                "data/README.md). 400 when the code is not 4 digits, 404 when there is no such "
                "postal code."
            ),
            tags=["citizens"],
        )
    },
}
