"""``GET <form>/@form-schema``: the JSON Schema of a request form's fields, with its
conditions (``submissions/form_schema.py``), for a program that submits through ``@submit``."""

from plone.restapi.serializer.converters import json_compatible

from digitalgemeinde.services.base import JsonService
from digitalgemeinde.submissions.form_schema import form_schema


class FormSchema(JsonService):
    """The form's fields as JSON Schema; a field's condition as ``x-show-when`` and ``if``."""

    def reply(self):
        self.request.response.setHeader("Content-Type", "application/schema+json")
        return json_compatible(form_schema(self.context, self.request))
