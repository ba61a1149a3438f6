"""Generate the OpenAPI 3 document of our endpoints, src/digitalgemeinde/services/openapi.json
(served at <site>/@openapi; tests/services/test_openapi.py holds it and the ZCML together).

python3 scripts/openapi_document.py            # write the document
python3 scripts/openapi_document.py --check    # exit 1 when the document is not what this writes

Edit the operations, not the JSON: they are in scripts/openapi_paths.py, the parameters and
schemas they share in scripts/openapi_schemas.py; then run this and the tests of
tests/services.
"""

import argparse
import json
import sys
from pathlib import Path

from openapi_paths import paths

TARGET = (
    Path(__file__).resolve().parent.parent / "src" / "digitalgemeinde" / "services" / "openapi.json"
)


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
