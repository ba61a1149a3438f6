"""``POST <tenant>/@new-service``: a new service with its form in one step (as @@new-service).

Body: ``title``, ``description``, ``topics`` (tokens), ``office`` (UID of an office of the
tenant or its canton), ``fee_amount`` and ``processing_time`` (optional), ``fields`` (the
standard fields the form starts with: name, address, email; default all three). 201 with the
private service and form; 400 naming every field at fault, nothing made; 401/403 for those who
may not add services here.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.uuid.interfaces import IUUID
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.submissions import new_service
from digitalgemeinde.submissions.form_starter import STANDARD_FIELDS

TEXTS = ("title", "description", "office", "processing_time")


class NewServicePost(JsonService):
    def reply(self):
        # authenticated by the REST client (token or basic auth), as plone.restapi's own
        # services that add content
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.json_body()
        answers = self.answers(data)
        try:
            created = new_service.create(self.context, answers)
        except new_service.NotAllowed as error:
            raise ApiError(403, _("You may not add services here.")) from error
        except new_service.NewServiceRefused as refused:
            errors = [{"field": name, "message": text} for name, text in refused.errors.items()]
            raise ApiError(400, errors[0]["message"], errors) from refused
        response = self.request.response
        response.setStatus(201)
        response.setHeader("Location", created.service.absolute_url())
        form_url = created.form.absolute_url()
        return {
            "service": {"@id": created.service.absolute_url(), "UID": IUUID(created.service)},
            "form": {
                "@id": form_url,
                "UID": IUUID(created.form),
                "fields_editor": f"{form_url}/fields",
                "fields": created.fields,
            },
            "office": {"@id": created.office.absolute_url(), "title": created.office.title},
            "receipt_by_mail": created.receipt_by_mail,
        }

    def answers(self, data: dict) -> new_service.Answers:
        errors = []
        for name in TEXTS:
            if data.get(name) is not None and not isinstance(data[name], str):
                errors.append({"field": name, "message": _("Give a text.")})
        for name in ("topics", "fields"):
            value = data.get(name)
            if value is not None and not (
                isinstance(value, list) and all(isinstance(item, str) for item in value)
            ):
                errors.append({"field": name, "message": _("Give a list of texts.")})
        fee = data.get("fee_amount")
        if fee is not None and (isinstance(fee, bool) or not isinstance(fee, str | int | float)):
            errors.append({"field": "fee_amount", "message": _("Give an amount, e.g. 20.00.")})
        if errors:
            raise ApiError(400, errors[0]["message"], errors)
        fields = data.get("fields")
        return new_service.Answers(
            title=data.get("title") or "",
            description=data.get("description") or "",
            topics=data.get("topics") or [],
            office=data.get("office") or "",
            fee_amount=None if fee is None else str(fee),
            processing_time=data.get("processing_time") or "",
            standard_fields=list(STANDARD_FIELDS) if fields is None else fields,
        )
