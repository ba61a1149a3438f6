"""``POST <form>/@submit``: a request through an EasyForm, sent as JSON by a program.

The values are read by plone.restapi's field deserializers (files as base64 objects like
``{"data": ..., "encoding": "base64", "filename": ..., "content-type": ...}``), validated by the
form's own schema and by the same upload limits as the browser form, and handed to the same
delivery as the form's "Deliver to office" action: same Submission, same mails, same outbox
job, in the same transaction. A form whose service charges a fee (and whose municipality takes
online payment) answers 202 with the payment step instead: the request is delivered once the
payment is confirmed (``payments.checkout``).
"""

import json
from functools import partial

from collective.easyform.api import get_schema
from plone import api
from plone.namedfile.interfaces import INamedField
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.interfaces import IFieldDeserializer
from zope.component import queryMultiAdapter
from zope.interface import Invalid
from zope.interface import alsoProvides
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.identity import prefill
from digitalgemeinde.identity import requirements
from digitalgemeinde.payments import checkout
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.submissions import availability
from digitalgemeinde.submissions import conditions
from digitalgemeinde.submissions import field_rules
from digitalgemeinde.submissions import groups
from digitalgemeinde.submissions.delivery import DeliveryError
from digitalgemeinde.submissions.delivery import deliver_action
from digitalgemeinde.submissions.delivery import prepare
from digitalgemeinde.submissions.delivery import store
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_parameter_count
from digitalgemeinde.submissions.limits import check_upload
from digitalgemeinde.submissions.limits import head_of
from digitalgemeinde.submissions.limits import scan_upload
from digitalgemeinde.submissions.limits import upload_settings
from digitalgemeinde.submissions.tokens import status_url


def error_message(error) -> object:
    """The text of a validation error: zope.schema's ``doc()``, or the Invalid's message."""
    if isinstance(error, ValidationError):
        return error.doc()
    if isinstance(error, Invalid | ValueError) and error.args:
        return error.args[0]
    return str(error)


def file_error(name: str, value) -> dict | None:
    """What is wrong with the shape of a file object ``{"data", "encoding", "filename",
    "content-type"}``, as ``{"field", "message"}``; None when it can be read."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), str):
        return {
            "field": name,
            "message": _("A file is an object with data, encoding and filename."),
        }
    filename = value.get("filename")
    if not isinstance(filename, str) or not filename.strip():
        return {"field": f"{name}.filename", "message": _("The file needs a filename.")}
    if value.get("encoding", "base64") != "base64":
        return {
            "field": f"{name}.encoding",
            "message": _("Files are sent in base64 encoding only."),
        }
    if not isinstance(value.get("content-type", ""), str):
        return {
            "field": name,
            "message": _("A file is an object with data, encoding and filename."),
        }
    return None


def read_values(form, request, body: dict) -> dict:
    """The form's values from ``body``; ApiError 400 naming every field at fault."""
    schema = get_schema(form)
    fields = dict(getFieldsInOrder(schema))
    errors = []
    try:
        check_parameter_count(len(fields), len(body))
    except UploadRefused as refused:
        raise ApiError(400, refused.message) from refused
    for name in body:
        if name not in fields:
            errors.append({"field": name, "message": _("The form has no field of this name.")})
    data = {}
    for name, field in fields.items():
        if field.readonly:
            continue
        value = body.get(name)
        if value is None or value == "" or value == []:
            if field.required:
                errors.append({"field": name, "message": _("Required input is missing.")})
            continue
        if INamedField.providedBy(field):
            problem = file_error(name, value)
            if problem is not None:
                errors.append(problem)
                continue
        deserializer = queryMultiAdapter((field, form, request), IFieldDeserializer)
        if groups.is_group(field):  # a JSON array of objects; errors name the entry
            deserializer = partial(groups.from_json, field)
        try:
            value = deserializer(value) if deserializer is not None else value
            if value is None:  # e.g. a file without data: not given
                if field.required:
                    errors.append({"field": name, "message": _("Required input is missing.")})
                continue
            field_rules.validate(field, value, request)  # and the named checks
            if INamedField.providedBy(field):
                kind = check_upload(
                    value.filename,
                    head_of(value),
                    upload_settings(),
                    size=value.getSize(),
                    field=field.title or name,
                )
                scan_upload(value.filename, value, field.title or name)
                value.contentType = kind.mime_types[0]
        except UploadRefused as refused:
            errors.append({"field": name, "message": refused.message})
            continue
        except (ValidationError, Invalid, ValueError, TypeError) as error:
            errors.append(
                {"field": groups.error_path(name, error), "message": error_message(error)}
            )
            continue
        data[name] = value
    # a field whose condition does not hold: neither required, nor validated, nor stored
    data, errors = conditions.without_hidden(schema, data, errors)
    if errors:
        raise ApiError(400, _("The request was not accepted: see the fields named."), errors)
    return data


class LoginRequired(ApiError):
    """The form requires a login the caller lacks: 401 anonymous, else 403; names the level."""

    def __init__(self, missing: requirements.Missing):
        status = 401 if missing.reason == requirements.ANONYMOUS else 403
        super().__init__(status, missing.message())
        self.level = missing.requirement.token


class Submit(JsonService):
    """Submit a request; 201 with its reference number and its status link."""

    def userid(self) -> str | None:
        return None if api.user.is_anonymous() else api.user.get_current().getId()

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        self.request.response.setHeader("Cache-Control", "no-store")
        if deliver_action(self.context) is None:
            raise ApiError(409, _("This form does not deliver requests to an office."))
        # not open yet, or closed: as the form's page says. Full: ``deliver`` says so in its
        # turn, after it has found a repeated request (a program's retry gets its request)
        if (now := availability.state(self.context)).kind in availability.DATED:
            raise ApiError(409, now.message())
        missing = requirements.check(self.context, self.request)
        if missing is not None:
            raise LoginRequired(missing)
        data = read_values(self.context, self.request, self.json_body())
        # verified data of the login counts, whatever was sent for its fields
        data = prefill.enforce(self.context, self.userid(), get_schema(self.context), data)
        try:
            prepared = prepare(self.context, data, self.request)
            amount = checkout.amount_due(prepared)  # a fee paid online first (issue 20)
            if amount:
                return self.pay_first(prepared, amount)
            delivery = store(prepared, self.request)
        except checkout.PaymentNotStarted as error:
            raise ApiError(503, error.args[0]) from error
        except DeliveryError as error:
            raise ApiError(409, error.args[0]) from error
        link = status_url(delivery.token)
        self.request.response.setStatus(200 if delivery.repeated else 201)
        return {
            "@id": link,
            "reference": delivery.reference,
            "status_url": link,
            "receipt_url": f"{link}/receipt.pdf",
            "repeated": delivery.repeated,
        }

    def pay_first(self, prepared, amount: int) -> dict:
        """202: the request waits for its payment; the citizen's browser goes to
        ``payment.redirect_url`` and comes back to the portal, which shows the receipt once the
        provider confirmed the payment (and mails it)."""
        started = checkout.start(prepared, amount)
        checkout.remember_browser(started, self.request)
        self.request.response.setStatus(202)
        return {
            "payment": {
                "refno": started.attempt.refno,
                "amount": amount,
                "currency": started.attempt.currency,
                "redirect_url": started.redirect_url,
                "expires": started.attempt.expires.isoformat(),
            },
        }

    def render_error(self, error: ApiError) -> str:
        text = super().render_error(error)
        if not isinstance(error, LoginRequired):
            return text
        return json.dumps({**json.loads(text), "level": error.level}, indent=2, sort_keys=True)
