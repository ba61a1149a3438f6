"""What a request may carry: file size and type of each upload, and how many parameters.

``check_upload`` is the pure check, for the browser's forms (the validator below) and the REST
endpoint alike. A file's type is told by its first bytes, not by its name or the MIME type the
browser claims: a renamed program stays refused. The limits are set in Site Setup →
Einwohnerportal (``digitalgemeinde.upload_max_mb`` and ``digitalgemeinde.allowed_file_types``).
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.interfaces import IEasyForm
from plone.namedfile.interfaces import INamedField
from plone.registry.interfaces import IRegistry
from z3c.form.interfaces import NOT_CHANGED
from z3c.form.validator import InvariantsValidator
from z3c.form.validator import SimpleFieldValidator
from z3c.form.validator import WidgetsValidatorDiscriminators
from z3c.form.validator import WidgetValidatorDiscriminators
from zope.component import queryUtility
from zope.interface import Invalid
from zope.schema import getFields

from digitalgemeinde import _
from digitalgemeinde.security import antivirus

PREFIX = "digitalgemeinde"
DEFAULT_MAX_MB = 10
DEFAULT_FILE_TYPES = ("pdf", "png", "jpeg")
HEAD_SIZE = 32  # enough bytes for every signature below
MAX_FILENAME = 255  # characters, as most file systems allow

# A widget sends up to three parameters (value, empty marker, action); a page adds a few of
# its own (buttons, CSRF token, captcha). More than that is no form a browser filled in.
PARAMETERS_PER_FIELD = 3
PARAMETER_MARGIN = 20
MAX_PARAMETERS = 1000


@dataclass(frozen=True)
class FileKind:
    token: str
    title: str
    extensions: tuple[str, ...]
    mime_types: tuple[str, ...]  # the first is the canonical one, kept on the stored file
    # alternatives; each is a tuple of (offset, bytes) that must all match
    signatures: tuple[tuple[tuple[int, bytes], ...], ...]

    def matches(self, head: bytes) -> bool:
        return any(
            all(head[offset : offset + len(magic)] == magic for offset, magic in signature)
            for signature in self.signatures
        )


FILE_KINDS = {
    kind.token: kind
    for kind in (
        FileKind("pdf", "PDF", (".pdf",), ("application/pdf",), (((0, b"%PDF-"),),)),
        FileKind("png", "PNG", (".png",), ("image/png",), (((0, b"\x89PNG\r\n\x1a\n"),),)),
        FileKind(
            "jpeg",
            "JPEG",
            (".jpg", ".jpeg", ".jpe", ".jfif"),
            ("image/jpeg", "image/pjpeg"),
            (((0, b"\xff\xd8\xff"),),),
        ),
        FileKind("gif", "GIF", (".gif",), ("image/gif",), (((0, b"GIF87a"),), ((0, b"GIF89a"),))),
        FileKind(
            "tiff",
            "TIFF",
            (".tif", ".tiff"),
            ("image/tiff",),
            (((0, b"II*\x00"),), ((0, b"MM\x00*"),)),
        ),
        FileKind("webp", "WebP", (".webp",), ("image/webp",), (((0, b"RIFF"), (8, b"WEBP")),)),
        FileKind(
            "heic",
            "HEIC",
            (".heic", ".heif"),
            ("image/heic", "image/heif"),
            tuple(
                ((4, b"ftyp" + brand),)
                for brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
            ),
        ),
    )
}


@dataclass(frozen=True)
class UploadSettings:
    """The limits; the registry's records proxy (``ISettings``) has the same attributes."""

    upload_max_mb: int = DEFAULT_MAX_MB
    allowed_file_types: tuple[str, ...] = DEFAULT_FILE_TYPES


def upload_settings() -> UploadSettings:
    """The limits of Site Setup; the defaults where a record is missing."""
    registry = queryUtility(IRegistry)
    if registry is None:
        return UploadSettings()
    max_mb = registry.get(f"{PREFIX}.upload_max_mb") or DEFAULT_MAX_MB
    kinds = registry.get(f"{PREFIX}.allowed_file_types")
    return UploadSettings(
        upload_max_mb=max_mb,
        allowed_file_types=tuple(kinds) if kinds is not None else DEFAULT_FILE_TYPES,
    )


class UploadRefused(ValueError):
    """An upload breaks a limit; ``message`` says which, translatable."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def extension(filename: str | None) -> str:
    # browsers of old sent the whole Windows path
    return PurePosixPath((filename or "").replace("\\", "/")).suffix.lower()


def check_filename(filename, field) -> None:
    """``UploadRefused`` naming ``field`` (its label) when the file's name is too long."""
    length = len(filename or "")
    if length > MAX_FILENAME:
        raise UploadRefused(
            _(
                'The file name in "${field}" is too long: ${length} characters, at most '
                "${limit}. Please give the file a shorter name and try again.",
                mapping={"field": field, "length": length, "limit": MAX_FILENAME},
            )
        )


FILE_LABEL = _("File")


def check_upload(
    filename, data: bytes, settings, size: int | None = None, field=FILE_LABEL
) -> FileKind:
    """The kind of an acceptable upload, else ``UploadRefused``.

    ``data`` is the file's content, or at least its first ``HEAD_SIZE`` bytes when ``size``
    gives the full size. The name may have ``MAX_FILENAME`` characters (a refusal names
    ``field``, the label of the file's field). Both the name's extension and the content must
    be of an allowed kind.
    """
    check_filename(filename, field)
    size = len(data) if size is None else size
    max_mb = settings.upload_max_mb
    if size > max_mb * 1024 * 1024:
        raise UploadRefused(_("The file is larger than ${limit} MB.", mapping={"limit": max_mb}))
    allowed = [FILE_KINDS[token] for token in settings.allowed_file_types if token in FILE_KINDS]
    suffix = extension(filename)
    head = bytes(data[:HEAD_SIZE])
    for kind in allowed:
        if suffix in kind.extensions and kind.matches(head):
            return kind
    raise UploadRefused(
        _(
            "Only these file types are allowed: ${types}.",
            mapping={"types": ", ".join(kind.title for kind in allowed)},
        )
    )


def scan_upload(filename, content, field) -> None:
    """The virus scan of the whole file (``digitalgemeinde.security.antivirus``), when Site
    Setup names a clamd: ``UploadRefused`` naming ``field`` (its label) if infected, or if
    clamd cannot tell and the portal refuses then. Every route a file comes in by calls it."""
    try:
        antivirus.scan(content, filename, field)
    except antivirus.ScanRefused as refused:
        raise UploadRefused(refused.message) from refused


def head_of(value) -> bytes:
    """The first bytes of a NamedFile or NamedBlobFile, without reading a large blob whole."""
    if hasattr(value, "open"):  # NamedBlobFile
        with value.open() as blob:
            return blob.read(HEAD_SIZE)
    return bytes(value.data[:HEAD_SIZE])


class UploadValidator(SimpleFieldValidator):
    """Every file field of every EasyForm: size and type as set in Site Setup.

    More specific than easyform's own ``FileSizeValidator`` (by the view), so it replaces it:
    ``easyform.max_filesize`` no longer applies to these forms, ``upload_max_mb`` does.
    """

    def validate(self, value, force=False):
        super().validate(value, force)
        if value is NOT_CHANGED or value is None:
            return
        try:
            kind = check_upload(
                value.filename,
                head_of(value),
                upload_settings(),
                size=value.getSize(),
                field=self.field.title or self.field.__name__,
            )
            scan_upload(value.filename, value, self.field.title or self.field.__name__)
        except UploadRefused as refused:
            # The file widget would keep the upload in the portal's annotations for the next
            # try (plone.formwidget.namedfile): a refused file is not kept anywhere.
            self.widget.value = None
            raise Invalid(refused.message) from refused
        # keep the type the content has, not the one the browser claimed
        value.contentType = kind.mime_types[0]


WidgetValidatorDiscriminators(
    UploadValidator, context=IEasyForm, view=EasyFormForm, field=INamedField
)


def parameter_limit(field_count: int) -> int:
    return min(PARAMETERS_PER_FIELD * field_count + PARAMETER_MARGIN, MAX_PARAMETERS)


def check_parameter_count(field_count: int, parameter_count: int) -> None:
    """``UploadRefused`` when a request carries more parameters than the form can have."""
    limit = parameter_limit(field_count)
    if parameter_count > limit:
        raise UploadRefused(
            _(
                "The form was sent with too many fields (${count}, at most ${limit}). "
                "Please reload the form and fill it in again.",
                mapping={"count": parameter_count, "limit": limit},
            )
        )


def request_parameter_count(request) -> int:
    """How many parameters (names) a request carries; the ticked options of a multiple choice
    share one name, so a long list of options is no reason to refuse."""
    return len(request.form)


class ParameterCountValidator(InvariantsValidator):
    """The form's invariants, after refusing a request with too many parameters."""

    def validate(self, data):
        field_count = len(getFields(self.view.schema))  # all of the form's, in every fieldset
        try:
            check_parameter_count(field_count, request_parameter_count(self.request))
        except UploadRefused as refused:
            return (Invalid(refused.message),)
        return super().validate(data)


WidgetsValidatorDiscriminators(ParameterCountValidator, view=EasyFormForm)
