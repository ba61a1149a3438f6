"""``<Office or tenant>/@inbox-export``: the inbox (or the requests ``uids``) as CSV or Excel.

``GET`` streams the file, like the page ``@@inbox-export``, up to the threshold set in Site
Setup (``export_background_from``); above it, 409 says to ask for it with ``POST``. ``POST``
has the export made in the background: 202 with the address of the file (``@id``), ready when
the clerk gets the mail; until then that address answers 409. The file is for the asking user
only and expires after 24 hours. Same filters as ``@inbox``, refused with 400 naming them.
"""

import json
from datetime import datetime

from plone import api

from digitalgemeinde import _
from digitalgemeinde.identity.session_limits import require_recent_login
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.inbox import check_filters
from digitalgemeinde.services.params import refuse
from digitalgemeinde.submissions import export
from digitalgemeinde.submissions import export_jobs
from digitalgemeinde.submissions.delivery import TIMEZONE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options


class InboxExportGet(JsonService):
    """The file, streamed; 409 above the threshold."""

    background = False

    def render(self):
        try:
            self.check_permission()
            result = self.reply()
        except ApiError as error:
            return self.render_error(error)
        if isinstance(result, dict):
            self.request.response.setHeader("Content-Type", "application/json")
            return json.dumps(result, indent=2, sort_keys=True)
        return result

    def reply(self):
        # a cookie session needs a recent login (401); Basic auth and tokens pass
        require_recent_login(self.request)
        self.format = self.request.form.get("format", "csv")
        if not isinstance(self.format, str) or self.format not in export.FORMATS:
            raise ApiError(
                400,
                _("Choose the format csv or xlsx."),
                [{"field": "format", "message": _("Choose the format csv or xlsx.")}],
            )
        brains = self.results()
        total = len(brains)
        if self.background:
            return self.start(total)
        if total >= export_jobs.threshold():
            raise ApiError(
                409,
                _(
                    "The export holds ${count} requests: ask for it with POST, it is made in "
                    "the background.",
                    mapping={"count": total},
                ),
            )
        reader = export.Reader(
            self.context._p_jar.db(), self.catalog_path(), self.rids(brains), export.current_actor()
        )

        tr = export.translator(self.request)
        response = self.request.response
        response.setHeader("Content-Type", export.FORMATS[self.format])
        response.setHeader("Content-Disposition", f'attachment; filename="{self.filename()}"')
        response.setHeader("Cache-Control", "private, no-store")
        return export.ExportStream(
            reader, tr, export.with_office(self.context), self.format, tr(_("Inbox"))
        )

    def uids(self) -> list[str]:
        uids = self.request.form.get("uids") or []
        return [uids] if isinstance(uids, str) else [uid for uid in uids if isinstance(uid, str)]

    def results(self):
        service_uids = {service["uid"] for service in service_options(self.context)}
        refuse(check_filters(self.request, service_uids))
        if self.uids():
            return export.selected(self.context, self.uids())
        self.filters = InboxFilters.from_request(self.request, service_uids)
        if self.filters.errors:
            raise ApiError(400, self.filters.errors[0])
        brains, error = search_inbox(self.context, self.filters)
        if error is not None:
            raise ApiError(400, error, [{"field": "q", "message": error}])
        return brains

    def rids(self, brains) -> list[int]:
        return export.export_rids(brains)

    def catalog_path(self) -> str:
        return "/".join(api.portal.get_tool("portal_catalog").getPhysicalPath())

    def filename(self) -> str:
        today = datetime.now(TIMEZONE).date().isoformat()
        return f"posteingang-{self.context.getId()}-{today}.{self.format}"

    def start(self, total: int) -> dict:
        user = api.user.get_current()
        params = {"uids": self.uids()} if self.uids() else self.filters.params()
        job = export_jobs.request_export(
            self.context,
            user.getId(),
            params,
            self.format,
            language=self.request.get("LANGUAGE") or api.portal.get_current_language(),
            filename=self.filename(),
            download_url=f"{self.context.absolute_url()}/@@inbox-export-file",
            total=total,
        )
        self.request.response.setStatus(202)
        return {
            "@id": job.link,
            "state": job.state,
            "total": total,
            "expires": job.expires.isoformat(),
        }


class InboxExportPost(InboxExportGet):
    """The export made in the background, whatever its size."""

    background = True
