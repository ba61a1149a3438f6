"""``@@inbox-export``: the filtered inbox (or the selected requests, ``uids``) as CSV or Excel
file, streamed; from the threshold in Site Setup on, made in the background and fetched with
``@@inbox-export-file``. ``@@inbox-exports`` shows the user's exports on the inbox page.

The logic is ``submissions.export`` (the table, the stream) and ``submissions.export_jobs``
(the background).
"""

from datetime import datetime

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from ZPublisher.Iterators import filestream_iterator

from digitalgemeinde import _
from digitalgemeinde.identity.session_limits import require_recent_login
from digitalgemeinde.submissions import export
from digitalgemeinde.submissions import export_jobs
from digitalgemeinde.submissions.delivery import TIMEZONE
from digitalgemeinde.submissions.inbox import InboxFilters
from digitalgemeinde.submissions.inbox import search_inbox
from digitalgemeinde.submissions.inbox import service_options
from digitalgemeinde.submissions.values import local_time

FORMATS = export.FORMATS
neutralise = export.neutralise  # where tests and older code look for it


def refuse(request, status: int, message) -> str:
    """A plain-text refusal in the user's language."""
    response = request.response
    response.setStatus(status)
    response.setHeader("Content-Type", "text/plain; charset=utf-8")
    response.setHeader("Cache-Control", "private, no-store")
    return translate(message, context=request)


def file_headers(response, content_type: str, filename: str) -> None:
    response.setHeader("Content-Type", content_type)
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    response.setHeader("Cache-Control", "private, no-store")
    response.setHeader("X-Content-Type-Options", "nosniff")


def current_userid() -> str:
    user = api.user.get_current()
    return (user.getId() or "") if user is not None else ""


class InboxExport(BrowserView):
    """``@@inbox-export?format=csv|xlsx`` with the filters of ``@@inbox``, or ``uids``."""

    background_form = ViewPageTemplateFile("templates/export_background.pt")

    def __call__(self):
        require_recent_login(self.request)  # a sensitive step: a recent login
        format = self.request.form.get("format", "csv")
        if not isinstance(format, str) or format not in FORMATS:
            return refuse(self.request, 400, _("Choose the format csv or xlsx."))
        self.format = format
        brains = self.results()
        self.total = len(brains)
        if self.total >= export_jobs.threshold():
            return self.background()
        reader = export.Reader(
            self.context._p_jar.db(), self.catalog_path(), self.rids(brains), export.current_actor()
        )
        tr = export.translator(self.request)
        stream = export.ExportStream(
            reader, tr, export.with_office(self.context), format, tr(_("Inbox"))
        )
        file_headers(self.request.response, FORMATS[format], self.filename())
        return stream

    def results(self):
        uids = self.request.form.get("uids")
        if uids:
            return export.selected(self.context, uids)
        services = {service["uid"] for service in service_options(self.context)}
        self.filters = InboxFilters.from_request(self.request, services)
        brains, _message = search_inbox(self.context, self.filters)
        return brains

    def rids(self, brains) -> list[int]:
        return export.export_rids(brains)

    def params(self) -> dict:
        uids = self.request.form.get("uids")
        if uids:
            return {"uids": [uids] if isinstance(uids, str) else list(uids)}
        return self.filters.params()

    def catalog_path(self) -> str:
        return "/".join(api.portal.get_tool("portal_catalog").getPhysicalPath())

    def filename(self) -> str:
        today = datetime.now(TIMEZONE).date().isoformat()
        return f"posteingang-{self.context.getId()}-{today}.{self.format}"

    def inbox_url(self) -> str:
        return f"{self.context.absolute_url()}/@@inbox"

    def hidden_fields(self) -> list[dict]:
        fields = [{"name": "format", "value": self.format}]
        for name, value in self.params().items():
            for item in value if isinstance(value, list) else [value]:
                fields.append({"name": "uids:list" if name == "uids" else name, "value": item})
        return fields

    def background(self):
        """From the threshold on: a button starts the export in the background (a POST: it
        writes), then the inbox says it is being made."""
        if self.request.method != "POST" or "form.buttons.start" not in self.request.form:
            return self.background_form()
        CheckAuthenticator(self.request)
        export_jobs.request_export(
            self.context,
            current_userid(),
            self.params(),
            self.format,
            language=self.request.get("LANGUAGE") or api.portal.get_current_language(),
            filename=self.filename(),
            download_url=f"{self.context.absolute_url()}/@@inbox-export-file",
            total=self.total,
        )
        api.portal.show_message(
            _(
                "Your export of ${count} requests is being made. You will get a mail with the "
                "link; it is also shown here when it is ready.",
                mapping={"count": self.total},
            ),
            request=self.request,
        )
        self.request.response.redirect(self.inbox_url())
        return ""


class ExportFile(BrowserView):
    """``@@inbox-export-file?token=…``: a background export's file, for its user only."""

    def __call__(self):
        require_recent_login(self.request)
        job = export_jobs.find(api.portal.get(), self.request.form.get("token"))
        path = "/".join(self.context.getPhysicalPath())
        if job is None or job.context_path != path:
            return refuse(self.request, 404, _("There is no such export."))
        if job.userid != current_userid():
            return refuse(
                self.request, 403, _("Only the person who asked for an export can download it.")
            )
        if job.expired():
            return refuse(
                self.request,
                410,
                _(
                    "This export has expired and its file was deleted. Export the inbox again "
                    "to get a new one."
                ),
            )
        if job.state != export_jobs.READY or job.file is None:
            return refuse(self.request, 409, _("This export is not ready yet."))
        file_headers(self.request.response, FORMATS[job.format], job.filename)
        return filestream_iterator(job.file.committed(), "rb")


class ExportStatus(BrowserView):
    """The user's exports of this inbox, pending and ready (a part of the inbox page)."""

    index = ViewPageTemplateFile("templates/export_status.pt")

    def __call__(self):
        portal = api.portal.get()
        self.jobs = export_jobs.jobs_of(
            portal, current_userid(), "/".join(self.context.getPhysicalPath())
        )
        export_jobs.resume_stale(portal, self.jobs)
        return self.index() if self.jobs else ""

    def items(self) -> list[dict]:
        return [
            {
                "state": job.state,
                "link": job.link,
                "until": local_time(job.expires),
                "count": job.rows or job.total,
                "format": job.format.upper(),
            }
            for job in self.jobs
        ]
