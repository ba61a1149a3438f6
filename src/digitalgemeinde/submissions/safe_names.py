"""What a stored file is called and claims to be, made safe to keep, show and serve.

The clerk's result document is stored with these; the download helper (``browser.downloads``)
sends every file with them.
"""

import re
import unicodedata

from plone.namedfile.utils import safe_basename

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
    """The media type claimed, or ``application/octet-stream`` for what a browser would run."""
    media_type = str(content_type or "").split(";")[0].strip().lower()
    if not MIME_TYPE.match(media_type) or ACTIVE_TYPES.search(media_type):
        return "application/octet-stream"
    return media_type
