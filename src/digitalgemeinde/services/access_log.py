"""``GET <tenant>/@access-log?request=<reference or uid>`` or ``?user=<id>``: the tenant's
access log (``submissions.access_log``) of one request or one person, newest first, for the tenant's
admins only. Entries name the request (UID and reference), the action, the actor and the time,
never what the request contains."""

from AccessControl import Unauthorized

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.params import when
from digitalgemeinde.submissions import access_log


class AccessLogGet(JsonService):
    def reply(self):
        if not access_log.may_see(self.context):
            raise Unauthorized("Only the tenant's administrators see the access log.")
        form = self.request.form
        request_uid = form.get("request") or ""
        user = form.get("user") or ""
        if not isinstance(request_uid, str) or not isinstance(user, str):
            raise ApiError(400, _("Give one request (request=<uid>) or one person (user=<id>)."))
        if bool(request_uid) == bool(user):
            raise ApiError(400, _("Give one request (request=<uid>) or one person (user=<id>)."))
        items = access_log.entries(self.context, request_uid=request_uid, actor=user)
        return {
            "@id": f"{self.context.absolute_url()}/@access-log",
            "items_total": len(items),
            "items": [
                {
                    "time": when(entry["time"]),
                    "request": entry["uid"],
                    "reference": entry["reference"],
                    "action": entry["action"],
                    "actor": entry["actor"],
                }
                for entry in items
            ],
        }
