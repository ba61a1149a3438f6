"""Serving a stored file as a download: always an attachment, never rendered in the browser."""

import re

SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(filename: str) -> str:
    name = SAFE.sub("_", filename or "").strip("._") or "datei"
    return name[:120]


def attachment(request, blob, filename: str):
    response = request.response
    response.setHeader("Content-Type", blob.contentType or "application/octet-stream")
    response.setHeader("Content-Disposition", f'attachment; filename="{safe_filename(filename)}"')
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Content-Length", str(blob.getSize()))
    return blob.data
