"""Files a citizen or a clerk attaches to an answer or a message: at most five, each checked
like an uploaded file of the form (type, size, virus scan) before anything is stored."""

from plone.namedfile.file import NamedBlobFile

from digitalgemeinde import _
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_upload
from digitalgemeinde.submissions.limits import scan_upload
from digitalgemeinde.submissions.limits import upload_settings
from digitalgemeinde.submissions.safe_names import safe_filename

MAX_TEXT = 10_000  # characters of an answer or a message
MAX_FILES = 5


def read_upload(upload) -> tuple[str, bytes] | None:
    """Name and content of an uploaded file; None for an empty file field."""
    filename = getattr(upload, "filename", None)
    if not filename:
        return None
    upload.seek(0)
    return filename, upload.read()


def checked_files(uploads) -> list[NamedBlobFile]:
    """The uploads as blobs; ``UploadRefused`` (saying why) for too many or a refused file."""
    files = [item for item in (read_upload(upload) for upload in uploads or ()) if item]
    if len(files) > MAX_FILES:
        raise UploadRefused(_("Please attach at most five files."))
    settings = upload_settings()
    blobs = []
    for filename, data in files:
        kind = check_upload(filename, data, settings, field=_("Files"))
        scan_upload(filename, data, _("Files"))
        blobs.append(
            NamedBlobFile(
                data=data, filename=safe_filename(filename), contentType=kind.mime_types[0]
            )
        )
    return blobs
