"""``GET <site>/@openapi``: the OpenAPI 3 document of our endpoints (``openapi.json``, kept in
the repository), with this site as its server."""

import json
from functools import cache
from pathlib import Path

from plone import api

from digitalgemeinde.services.base import JsonService

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def document() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


class OpenAPI(JsonService):
    def reply(self):
        served = dict(document())
        served["servers"] = [{"url": api.portal.get().absolute_url()}]
        return served
