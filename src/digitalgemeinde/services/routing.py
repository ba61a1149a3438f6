"""REST for where an office's requests go (security.routing).

An office's PATCH (and the POST that adds one) is checked before plone.restapi deserializes it:
plone.restapi would skip a routing field the user may not write without a word, and answer
204 as if it were saved. ``@routing`` is the tenant admins' way to change routing: they hold no
Modify permission on the office, so it takes the routing fields only and nothing else."""

from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.interfaces import IDigitalgemeindeLayer
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.security.routing import check_changes
from digitalgemeinde.security.routing import not_routing
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService


@implementer(IDeserializeFromJson)
@adapter(IOffice, IDigitalgemeindeLayer)
class OfficeDeserializer(DeserializeFromJson):
    """Refuses a change of routing before anything is set, naming the field."""

    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if data is None:
            data = json_body(self.request)
        check_changes(self.context, data)
        return super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )


class RoutingPatch(JsonService):
    """``PATCH <office>/@routing``: ``email``, ``interface_url``, ``interface_secret``; 204.

    Validated as the office's own PATCH validates them (400 naming the field)."""

    def reply(self):
        data = self.json_body()
        unknown = not_routing(data)
        if unknown:
            message = _(
                "error_routing_fields_only",
                default="Only where the office's requests go is changed here (email, "
                "interface_url, interface_secret): nothing was saved.",
            )
            raise ApiError(400, message, [{"field": name, "message": message} for name in unknown])
        getMultiAdapter((self.context, self.request), IDeserializeFromJson)(data=data)
        return self.reply_no_content()
