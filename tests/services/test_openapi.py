"""The OpenAPI document and the code agree: every endpoint registered is documented, and
nothing documented is missing; the site serves the document kept in the repository."""

import json
import subprocess
import sys
from pathlib import Path

import schemathesis
from lxml import etree
from schemathesis.core.result import Ok

import digitalgemeinde.services
from tests.helpers import RestClient

SERVICES = Path(digitalgemeinde.services.__file__).parent
GENERATOR = Path(__file__).resolve().parents[2] / "scripts" / "openapi_document.py"
PLONE = "http://namespaces.plone.org/plone"
METHODS = ("get", "post", "put", "patch", "delete")


def registered() -> set[tuple[str, str, str]]:
    """(method, name, interface) of every plone:service in our ZCML."""
    found = set()
    for zcml in SERVICES.glob("*.zcml"):
        for element in etree.parse(str(zcml)).iter(f"{{{PLONE}}}service"):
            found.add((element.get("method"), element.get("name"), element.get("for")))
    return found


def documented(document: dict) -> set[tuple[str, str, str]]:
    found = set()
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method in METHODS:
                service = operation["x-plone-service"]
                found.add((method.upper(), service["name"], service["for"]))
    return found


def test_every_endpoint_is_documented_and_nothing_else():
    document = json.loads((SERVICES / "openapi.json").read_text())
    assert documented(document) == registered()


def test_every_operation_documents_its_errors_and_path_parameters():
    document = json.loads((SERVICES / "openapi.json").read_text())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}
            assert operation["responses"], (method, path)
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)


def test_the_site_serves_the_document(functional):
    portal_url = functional["portal"].absolute_url()
    status, body = RestClient(functional["app"]).get(f"{portal_url}/@openapi")
    assert status == 200
    kept = json.loads((SERVICES / "openapi.json").read_text())
    assert body["paths"] == kept["paths"]
    assert body["servers"][0]["url"].endswith("/plone")


def test_the_document_is_what_the_generator_writes():
    """Edit scripts/openapi_document.py and run it, not the JSON."""
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_document_is_valid_openapi_and_every_operation_loads():
    document = json.loads((SERVICES / "openapi.json").read_text())
    schema = schemathesis.openapi.from_dict(document)
    schema.validate()
    operations = list(schema.get_all_operations())
    assert [result for result in operations if not isinstance(result, Ok)] == []
    assert len(operations) == len(documented(document))
