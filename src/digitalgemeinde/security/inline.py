"""What a stored file may be shown as: inline only when a browser cannot run it.

Editors upload Files and Images; the type a file claims is whatever the browser sent or the name
suggested, so a file ``bild.png`` or ``text.txt`` may well be HTML. A file is served inline only
when its claimed type is one of ``INLINE_KINDS`` (a few raster image formats and PDF: no SVG, no
text, no HTML) AND its first bytes are those of that type, told by the project's one content
sniffer (``digitalgemeinde.submissions.limits``). Everything else is an attachment, in a sandbox.

The hooks are plone.namedfile's own views, overridden for our browser layer: ``@@display-file``
(inline when allowed), ``@@download`` (always an attachment, as before, now with a sandbox for what
could run) and the scales of ``@@images`` (the original image and its scales). plone.restapi's
download and scale URLs are these same views; the File and Image default views link to them.
"""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.namedfile.scaling import ImageScale
from plone.namedfile.scaling import ImageScaling
from plone.namedfile.utils import extract_media_type

from digitalgemeinde.submissions.limits import FILE_KINDS
from digitalgemeinde.submissions.limits import FileKind
from digitalgemeinde.submissions.limits import head_of

# Raster images and PDF: a browser shows them and runs nothing in them. Not SVG (it is a
# document that runs script), not text (old browsers sniff HTML in it).
INLINE_KINDS = ("png", "jpeg", "gif", "webp", "pdf")


def claimed_kind(file) -> FileKind | None:
    """The inline kind whose MIME type ``file`` claims, else None."""
    media_type = extract_media_type(getattr(file, "contentType", None) or "")
    for token in INLINE_KINDS:
        kind = FILE_KINDS[token]
        if media_type in kind.mime_types:
            return kind
    return None


def may_show_inline(file) -> bool:
    """Whether a browser may show ``file`` inline: an allowed type, and its content is of it."""
    kind = claimed_kind(file)
    if kind is None:
        return False
    try:
        head = head_of(file)
    except (OSError, AttributeError, TypeError):  # a missing blob, not a named file
        return False
    return kind.matches(head)


def is_markup_or_script(media_type: str) -> bool:
    """HTML, XML or script: a browser runs it, and the site's HTML transforms would rewrite it."""
    return "html" in media_type or media_type.endswith(("/xml", "javascript", "ecmascript"))


def sandbox(response) -> None:
    """Headers for a file that is not shown inline: never run it on our origin. Markup and
    script go out as plain bytes (also keeps Plone's HTML transforms from rewriting them)."""
    response.setHeader("Content-Security-Policy", "sandbox")
    response.setHeader("X-Content-Type-Options", "nosniff")
    if is_markup_or_script(extract_media_type(response.getHeader("Content-Type") or "")):
        response.setHeader("Content-Type", "application/octet-stream")


class SafeDownload(Download):
    """``@@download``: an attachment, as plone.namedfile serves it, in a sandbox."""

    def set_headers(self, file):
        super().set_headers(file)
        if not may_show_inline(file):
            sandbox(self.request.response)


class SafeDisplayFile(DisplayFile):
    """``@@display-file``: inline only after the content check, else as ``@@download``."""

    def set_headers(self, file):
        if not may_show_inline(file):
            Download.set_headers(self, file)
            sandbox(self.request.response)
            return
        super().set_headers(file)


class SafeImageScale(ImageScale):
    """A scale or the original of ``@@images``: inline only after the content check."""

    _inline = None  # whether the data may be shown inline, once known

    def _should_force_download(self):
        if self._inline is None:
            self._inline = may_show_inline(self.data)
        return not self._inline

    def set_headers(self, response=None):
        super().set_headers(response)
        if self._should_force_download():
            sandbox(response if response is not None else self.request.response)


class SafeImageScaling(ImageScaling):
    """``@@images`` whose scales are ``SafeImageScale``."""

    _scale_view_class = SafeImageScale
