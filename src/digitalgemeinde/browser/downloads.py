"""Serving a stored file as a download: always an attachment, never rendered on our site."""

import re
import unicodedata
from urllib.parse import quote

from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from digitalgemeinde.submissions.access_log import DOWNLOAD
from digitalgemeinde.submissions.access_log import record_access
from digitalgemeinde.submissions.safe_names import safe_content_type
from digitalgemeinde.submissions.safe_names import safe_filename


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII name for old clients and the UTF-8 name for the others."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def serve_file(response, file):
    """A stored file as a download, never shown inline (no HTML or SVG runs on our site)."""
    response.setHeader("Content-Type", safe_content_type(file.contentType))
    response.setHeader("Content-Length", str(file.getSize()))
    response.setHeader("Content-Disposition", content_disposition(safe_filename(file.filename)))
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Content-Security-Policy", "sandbox")
    response.setHeader("Cache-Control", "private, no-store")
    return stream_data(file)


def serve_logged(response, file, submission):
    """A file of a request as a download, noted in the access log (who downloaded, when)."""
    record_access(submission, None, DOWNLOAD)
    return serve_file(response, file)


@implementer(IPublishTraverse)
class RequestFileView(BrowserView):
    """``@@<view>/<name>``: one file of a request, found by ``file(name)``, as a download
    noted in the access log; 404 for a name that names no file."""

    name = None

    def publishTraverse(self, request, name):
        if self.name is None:
            self.name = name
            return self
        raise NotFound(self, name, request)

    def file(self, name: str | None):
        raise NotImplementedError

    def __call__(self):
        value = self.file(self.name)
        if getattr(value, "filename", None) is None or not hasattr(value, "getSize"):
            raise NotFound(self, self.name, self.request)
        return serve_logged(self.request.response, value, self.context)
