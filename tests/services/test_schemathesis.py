"""Schemathesis against a running server: no request to an operation of our OpenAPI document
(src/digitalgemeinde/services/openapi.json) gets a 5xx, anonymous or as the site owner.

The acceptance layer serves the site over HTTP on loopback. The content matches the path
parameters' examples of the document (tenant ``liestal``, form ``hund-anmelden-form``, office
``einwohnerdienste``, association ``verband``); the examples of what only exists at run time
(the reference of a request, a citizen's token, the UID of a standard service) are set in a copy
of the document. Fuzzed path parameters, query values and body fields draw from dictionaries of
real values most of the time, so that the cases reach our code instead of a 404.

Per operation Schemathesis runs its examples, coverage and fuzzing phases: deterministic (a fixed
seed, no example database) and bounded (``MAX_EXAMPLES`` fuzzed cases per operation and mode).
Its pytest integration reports each operation as a subtest, with the failing case as curl. For a
deeper run: ``SCHEMATHESIS_MAX_EXAMPLES=300 SCHEMATHESIS_SEED=7 .venv/bin/pytest <this file>``.

Every request says ``Accept: application/json``, as the README asks of a client. Left out,
because Zope answers them with a 5xx before any code of ours runs:

- the method QUERY (an unknown method makes ZPublisher.BaseRequest.traverse raise AttributeError
  at a view's name, for every view of the site, not only ours; PATCH does the same to a request
  that does not accept JSON);
- ``Content-Type: multipart/form-data`` without a boundary (ZPublisher.HTTPRequest's form parser
  raises KeyError('boundary'), for every URL of the site).
"""

import base64
import json
import os
import time
from pathlib import Path

import pytest
import schemathesis
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.uuid.interfaces import IUUID
from schemathesis.core import NOT_SET

import digitalgemeinde.services
from digitalgemeinde.outbox import SIGNATURE_HEADER
from digitalgemeinde.outbox import TIMESTAMP_HEADER
from digitalgemeinde.outbox import sign as outbox_sign
from digitalgemeinde.submissions.delivery import deliver
from tests.association.helpers import build_association
from tests.helpers import build_world
from tests.request_forms import make_request_form

DOCUMENT = Path(digitalgemeinde.services.__file__).with_name("openapi.json")
SECRET = "s3cret-of-the-einwohnerdienste-0123456789"
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "20261122"))
# Fuzzed cases per operation and generation mode (positive, negative): more for a deeper run.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
# Each dictionary value is used with this probability; else Schemathesis generates one.
REAL = 0.8
# The coverage phase's methods the document does not declare, less QUERY (see above).
UNEXPECTED_METHODS = ["get", "put", "post", "delete", "options", "patch", "trace"]
VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
DAYS = [
    "2026-11-22",
    "22.11.2026",
    "1.1.1900",
    "2999-12-31",
    "0001-01-01",
    "31.02.2026",
    "9.9.99999",
]
# Search texts: words, and what the catalog's text index cannot parse on its own.
TEXTS = ["Hund", "steuer", "(", ")", "'", '"', '"(" ")"', "not", "and or", "a*b", "\\", "%"]
PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()
FILE = {
    "type": "object",
    "properties": {"data": {"type": "string"}, "filename": {"type": "string"}},
}


def with_status(acceptance):
    """Liestal's Einwohnerdienste with a request just delivered and one waiting for the
    citizen's answer; the association with a released standard service."""
    portal = acceptance["portal"]
    request = acceptance["request"]
    world = build_world(portal, commit=False)
    form = make_request_form(world)
    build_association(portal, world, commit=False)
    office = world["liestal-office"]
    office.interface_secret = SECRET  # the specialist application signs its status reports
    submitted = deliver(form, dict(VALUES), request)
    waiting = deliver(form, {**VALUES, "dog": "Rex"}, request)
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(waiting.submission, "accept")
        api.content.transition(waiting.submission, "ask", comment="Bitte den Impfausweis.")
    transaction.commit()
    return {
        "reference": submitted.reference,
        "token": waiting.token,
        "standard": IUUID(world["standard"]),
        "office": IUUID(office),
        "services": [IUUID(world["liestal-service"]), IUUID(world["bl-service"])],
    }


def document_for(real: dict) -> dict:
    """The document, with examples of what exists in this site only."""
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation["parameters"]:
                if parameter["name"] == "submission":
                    parameter["example"] = real["reference"]
                elif parameter["name"] == "token":
                    parameter["example"] = real["token"]
    adopt = document["paths"]["/{tenant}/@adopt"]["post"]["requestBody"]["content"]
    adopt["application/json"]["example"] = {"standard": real["standard"], "office": real["office"]}
    # the fields of the test form, so that their values are generated besides unknown ones
    submit = document["paths"]["/{tenant}/{form}/@submit"]["post"]["requestBody"]["content"]
    submit["application/json"]["schema"]["properties"] = {
        "name": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "dog": {"type": "string"},
        "born": {"type": "string", "format": "date"},
        "document": FILE,
    }
    return document


def config_for(acceptance, real: dict, owner: bool) -> schemathesis.Config:
    dictionaries = {
        "tenant": ["liestal", "allschwil", "bl"],
        "form": ["hund-anmelden-form"],
        "office": ["einwohnerdienste", "steuerverwaltung"],
        "submission": [real["reference"]],
        "association": ["verband"],
        "token": [real["token"]],
        "service": real["services"],
        "day": DAYS,
        "standard": [real["standard"]],
        "office-uid": [real["office"]],
        "answer": ["Hier ist der Impfausweis."],
        "text": TEXTS,
        "pdf": [PDF],
        "filename": ["impfausweis.pdf", "impfausweis", "a.png"],
    }
    # where each dictionary is used, and how often
    parameters = {
        f"path.{name}": (name, REAL)
        for name in ("tenant", "form", "office", "submission", "association", "token")
    }
    parameters.update(
        {
            "query.service": ("service", REAL),
            "query.from": ("day", REAL),
            "query.to": ("day", REAL),
            "body.standard": ("standard", REAL),
            "body.office": ("office-uid", REAL),
            "query.text": ("text", REAL),
            "query.q": ("text", REAL),
            "body.born": ("day", REAL),
            "body.document.data": ("pdf", REAL),
            "body.document.filename": ("filename", REAL),
            "body.files[*].data": ("pdf", REAL),
            "body.files[*].filename": ("filename", REAL),
            # rarely: the first answer ends the wait, later ones are refused with 409
            "body.text": ("answer", 0.1),
        }
    )
    config = {
        "seed": SEED,
        "base-url": f"http://localhost:{acceptance['port']}/plone",
        # as the README asks of a client
        "headers": {"Accept": "application/json"},
        "dictionaries": {name: {"values": values} for name, values in dictionaries.items()},
        "parameters": {
            key: {"dictionary": name, "probability": probability}
            for key, (name, probability) in parameters.items()
        },
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"unexpected-methods": UNEXPECTED_METHODS}},
    }
    if owner:
        config["auth"] = {"basic": {"username": SITE_OWNER_NAME, "password": SITE_OWNER_PASSWORD}}
    return schemathesis.Config.from_dict(config)


@pytest.fixture(params=["anonymous", "owner"])
def api_schema(request, acceptance):
    real = with_status(acceptance)
    owner = request.param == "owner"
    config = config_for(acceptance, real, owner)
    return schemathesis.openapi.from_dict(document_for(real), config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


def sign(case) -> None:
    """Sign the body as it is sent, as the specialist application does (the Idempotency-Key
    stays as generated)."""
    body = b""
    if isinstance(case.body, bytes):
        body = case.body
    elif case.body is not NOT_SET:
        body = case.body = json.dumps(case.body).encode()
    timestamp = str(int(time.time()))
    case.headers = {
        **(case.headers or {}),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: outbox_sign(SECRET, timestamp, body),
    }


class TestNoServerError:
    """A class: the acceptance layer is set up once for both runs."""

    @schema.parametrize()
    def test_no_server_error(self, case, api_schema):
        if (case.headers or {}).get("Content-Type") == "multipart/form-data":
            return  # no boundary: Zope's 5xx for every URL (see above)
        owner = bool(api_schema.config.auth.basic)
        if owner and case.operation.path.endswith("/@status-update"):
            sign(case)  # the specialist application's credential; anonymous cases stay unsigned
        response = case.call()
        assert response.status_code < 500, (
            f"{case.operation.label}: {response.status_code}\n{case.as_curl_command()}\n"
            f"{response.text[:2000]}"
        )
