"""The virus scan of every upload by ClamAV's daemon ``clamd``, when Site Setup names its address.

Site Setup → Einwohnerportal → "Virus scan": ``digitalgemeinde.clamd_address`` (a unix socket
path such as ``/run/clamav/clamd.ctl``, or ``host:port``; empty: no scan) and
``digitalgemeinde.clamd_unavailable`` (what to do with a file when clamd cannot tell:
``refuse`` it, or ``accept`` it and flag the request for the office in its case log).

clamd's protocol (clamd(8)), spoken here over the socket: ``zINSTREAM\\0``, then the file in
chunks, each led by its length as a 4-byte big-endian number, ended by a chunk of length 0.
clamd answers ``stream: OK\\0``, ``stream: <signature> FOUND\\0``, or ``<reason> ERROR\\0``: past
its ``StreamMaxLength`` it answers ``INSTREAM size limit exceeded. ERROR`` and stops reading.
An error, a timeout or no clamd at all is "clamd cannot tell": never "clean".

The routes do not call this module themselves: ``digitalgemeinde.submissions.limits`` does,
next to its checks of size and type, for every route a file comes in by.
"""

import logging
import socket
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.globalrequest import getRequest
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions.log import record

logger = logging.getLogger("digitalgemeinde.antivirus")

PREFIX = "digitalgemeinde"
REFUSE = "refuse"
ACCEPT = "accept"
CHUNK_SIZE = 64 * 1024
CONNECT_TIMEOUT = 5.0  # seconds
SCAN_TIMEOUT = 60.0  # seconds for the whole file; clamd scans 10 MB in well under one
MAX_REPLY = 4096
# The files accepted unscanned during this request (``request.other``, never the form: a
# citizen cannot set it), until ``flag_unscanned`` logs them on the request they belong to.
UNSCANNED_KEY = "digitalgemeinde.unscanned"
UNSCANNED_ACTION = "unscanned"


class ClamdUnavailable(OSError):
    """clamd cannot tell: not reachable, too slow, an error, or the file past StreamMaxLength."""


class ScanRefused(ValueError):
    """The file is not accepted; ``message`` says why, translatable, without the signature."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ScanSettings:
    address: str = ""
    when_unavailable: str = REFUSE


def scan_settings() -> ScanSettings:
    """The settings of Site Setup; no scan where the records are missing (not yet upgraded)."""
    registry = queryUtility(IRegistry)
    if registry is None:
        return ScanSettings()
    address = (registry.get(f"{PREFIX}.clamd_address") or "").strip()
    when = registry.get(f"{PREFIX}.clamd_unavailable") or REFUSE
    return ScanSettings(address=address, when_unavailable=when if when == ACCEPT else REFUSE)


# -- clamd's protocol -----------------------------------------------------------------------


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> socket.socket:
    """A socket connected to clamd: a unix socket path, or ``host:port`` (``[::1]:3310``)."""
    try:
        if address.startswith("/"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                sock.connect(address)
            except OSError:
                sock.close()
                raise
            return sock
        host, _sep, port = address.rpartition(":")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    except ValueError as error:
        raise ClamdUnavailable(f"not a socket path nor host:port: {address!r}") from error
    except OSError as error:
        raise ClamdUnavailable(f"cannot connect to {address}: {error}") from error


def read_reply(sock: socket.socket) -> str:
    """clamd's answer up to its NUL (the ``z`` commands end answers with one)."""
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
        part = sock.recv(MAX_REPLY)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def ping(address: str) -> bool:
    """Whether clamd answers ``PONG``."""
    try:
        with connect(address) as sock:
            sock.sendall(b"zPING\0")
            return read_reply(sock) == "PONG"
    except OSError:
        return False


def instream(address: str, chunks, timeout: float = SCAN_TIMEOUT) -> str | None:
    """The name of the signature clamd finds in the stream of ``chunks``, None if clean;
    ``ClamdUnavailable`` when clamd cannot tell."""
    try:
        with connect(address) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"zINSTREAM\0")
            try:
                for chunk in chunks:
                    if chunk:
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
            except (BrokenPipeError, ConnectionResetError):
                pass  # clamd stopped reading (past StreamMaxLength): its answer says why
            reply = read_reply(sock)
    except ClamdUnavailable:
        raise
    except OSError as error:  # timeouts too
        raise ClamdUnavailable(f"clamd at {address}: {error}") from error
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply[len("stream: ") : -len(" FOUND")]
    raise ClamdUnavailable(f"clamd at {address} answered {reply!r}")


def chunks_of(content, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The bytes of ``content`` in chunks: bytes, a NamedBlobFile (read from its blob, not
    whole), a NamedFile, or an open file."""
    if isinstance(content, bytes | bytearray | memoryview):
        view = memoryview(content)
        for start in range(0, len(view), size):
            yield bytes(view[start : start + size])
        return
    if hasattr(content, "open"):  # NamedBlobFile
        with content.open() as blob:
            yield from iter(lambda: blob.read(size), b"")
        return
    if hasattr(content, "read"):
        content.seek(0)
        yield from iter(lambda: content.read(size), b"")
        content.seek(0)
        return
    yield from chunks_of(bytes(content.data), size)  # NamedFile


# -- what the portal does with a file -------------------------------------------------------


def scan(content, filename: str, field) -> None:
    """Nothing if the scan is off or the file clean; ``ScanRefused`` if clamd finds something,
    or cannot tell and the portal refuses then. ``field`` is the field's label, for the message;
    the signature goes to the log only."""
    settings = scan_settings()
    if not settings.address:
        return
    mapping = {"field": field, "filename": filename}
    try:
        signature = instream(settings.address, chunks_of(content))
    except ClamdUnavailable as error:
        if settings.when_unavailable == ACCEPT:
            logger.error("Accepted %r unscanned (flagged for the office): %s", filename, error)
            note_unscanned(filename, field)
            return
        logger.error("Refused %r: no virus scan: %s", filename, error)
        raise ScanRefused(
            _(
                "«${field}»: the file «${filename}» could not be checked for viruses just now "
                "and was not accepted. Please try again later.",
                mapping=mapping,
            )
        ) from error
    if signature is not None:
        logger.warning("Refused %r: clamd found %s", filename, signature)
        raise ScanRefused(
            _(
                "«${field}»: the file «${filename}» contains a virus or other malware and was "
                "not accepted.",
                mapping=mapping,
            )
        )


def note_unscanned(filename: str, field) -> None:
    request = getRequest()
    if request is None:
        return
    label = translate(field, context=request)
    request.other.setdefault(UNSCANNED_KEY, []).append(f"{label}: {filename}")


def flag_unscanned(submission) -> None:
    """Log on ``submission`` the files of this request accepted without a scan, for the office
    (its request page shows them; the citizen's status page does not)."""
    request = getRequest()
    files = request.other.pop(UNSCANNED_KEY, None) if request is not None else None
    if files:
        record(submission, UNSCANNED_ACTION, "; ".join(files))


def unscanned_files(submission) -> list[str]:
    """What the case log says was accepted without a virus scan."""
    return [
        entry.get("comment", "")
        for entry in getattr(submission, "log", ())
        if entry.get("action") == UNSCANNED_ACTION
    ]
