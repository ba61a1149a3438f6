"""Demo data: the request forms of every municipality and a few requests in Liestal's inbox.

The entries are in ``data/forms.yaml`` (its header says what they may name), their field models
composed of the fragments in ``data/fields/``; ``setup.py`` creates them. Each form is linked
from the service named by ``service`` and delivers, through the "Deliver to office" action, to
that service's responsible office.
"""

from dataclasses import dataclass

from digitalgemeinde.association.adopting import actions_model
from digitalgemeinde.demo.loading import fields_model
from digitalgemeinde.demo.loading import read


@dataclass(frozen=True)
class DemoFile:
    """An upload as the form hands it over (what ``storable`` reads)."""

    filename: str
    data: bytes
    contentType: str = "application/pdf"  # noqa: N815 (the name plone.namedfile uses)


def demo_pdf(*lines: str) -> bytes:
    """A one-page PDF that shows ``lines``: enough for a viewer to open the demo upload."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 760 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def demo_value(value):
    """A value of a demo request: an upload (``filename``, ``pdf_lines``) as a ``DemoFile``."""
    if isinstance(value, dict):
        return DemoFile(value["filename"], demo_pdf(*value["pdf_lines"]))
    return value


_FORMS = read("forms.yaml")

# Exactly one action: the request goes to the inbox of the linked service's responsible office
# (no ``office``), and the receipt to the address in the field ``email``.
ACTIONS_MODEL = actions_model(None)  # the office: the service's responsible office

THANKS_PROLOGUE = _FORMS["thanks_prologue"]
THANKS_EPILOGUE = _FORMS["thanks_epilogue"]
REQUEST_FORMS = [
    {**spec, "fields_model": fields_model(spec["fields_model"])} for spec in _FORMS["request_forms"]
]

DEMO_REQUESTS_TENANT = _FORMS["demo_requests"]["tenant"]
DEMO_REQUESTS_CLERK = _FORMS["demo_requests"]["clerk"]
DEMO_REQUESTS = [
    {**spec, "values": {name: demo_value(value) for name, value in spec["values"].items()}}
    for spec in _FORMS["demo_requests"]["requests"]
]
