"""The receipt of a request: what the citizen sent, when, and what happens next; also as PDF."""

import unicodedata

from fpdf import FPDF
from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time

# The PDF core fonts know Latin-1: German and French fit; typographic signs are mapped.
REPLACEMENTS = {
    "–": "-",
    "—": "-",
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "…": "...",
    "€": "EUR",
    "\u00a0": " ",
}


def latin1(text: str) -> str:
    text = "".join(REPLACEMENTS.get(char, char) for char in str(text))
    text = unicodedata.normalize("NFC", text)
    return text.encode("latin-1", "replace").decode("latin-1")


def next_steps(submission) -> str:
    """What happens next, from the service's processing time when it names one."""
    service = (
        uuidToObject(submission.service_uid, unrestricted=True)
        if (submission.service_uid)
        else None
    )
    processing_time = effective(service, "processing_time") if service is not None else None
    if processing_time:
        return _(
            "receipt_next_steps_processing",
            default="The office checks your request. Processing time: ${time}. "
            "You will get an email when something changes.",
            mapping={"time": processing_time},
        )
    return _(
        "receipt_next_steps",
        default="The office checks your request. You will get an email when something changes.",
    )


def receipt_facts(submission, language: str) -> list[tuple[str, str]]:
    office = submission.__parent__
    return [
        (translate(_("Reference number"), target_language=language), submission.reference),
        (translate(_("Service"), target_language=language), submission.service_title),
        (translate(_("Office"), target_language=language), office.Title()),
        (translate(_("Submitted"), target_language=language), local_time(submission.submitted)),
    ]


def receipt_pdf(submission, language: str | None = None) -> bytes:
    language = language or submission.language
    t = lambda message: translate(message, target_language=language)  # noqa: E731
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"{t(_('Receipt'))} {submission.reference}"))
    pdf.set_author(latin1(api.portal.get().Title()))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(t(_("Receipt"))), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, latin1(api.portal.get().Title()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in receipt_facts(submission, language):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(50, 7, latin1(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 7, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 6, latin1(t(next_steps(submission))), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, latin1(t(_("What you sent"))), new_x="LMARGIN", new_y="NEXT")
    for row in labelled_values(submission, language):
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, latin1(row["label"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, latin1(row["text"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
