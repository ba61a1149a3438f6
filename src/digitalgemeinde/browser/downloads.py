"""Serving a stored file as a download: always an attachment, never rendered on our site."""

import re
import unicodedata
from urllib.parse import quote

from plone.namedfile.utils import safe_basename
from plone.namedfile.utils import stream_data

# Types a browser would render or run: served as plain bytes.
ACTIVE_TYPES = re.compile(r"html|xml|svg|script|ecmascript", re.IGNORECASE)
MIME_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$", re.IGNORECASE)


def safe_filename(filename) -> str:
    """The last part of a file name, without control characters, quotes or separators."""
    name = safe_basename(str(filename or "")) or ""
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = name.replace('"', "").replace(";", "_").strip(" .")
    return name[:200] or "download"


def safe_content_type(content_type) -> str:
    media_type = str(content_type or "").split(";")[0].strip().lower()
    if not MIME_TYPE.match(media_type) or ACTIVE_TYPES.search(media_type):
        return "application/octet-stream"
    return media_type


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
