"""The receipt of a request: what the citizen sent, when, and what happens next; also as PDF.

The PDF names the municipality (or canton) and the office with their postal addresses, the
reference, the link to the status page with its QR code and, once payments exist, the amount
paid. It is tagged (headings, paragraphs, the QR code with its alt text) and in the request's
language.
"""

import io
from decimal import Decimal

import segno
from Acquisition import aq_base
from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.amounts import format_chf
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.payments.display import receipt_rows
from digitalgemeinde.submissions.tagged_pdf import TaggedPDF
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.tenants import tenant_of

QR_WIDTH = 38  # mm: scans from paper and from a screen
LABEL_WIDTH = 48


def next_steps(submission) -> str:
    """What happens next, from the service's processing time when it names one."""
    service = (
        uuidToObject(submission.service_uid, unrestricted=True)
        if (submission.service_uid)
        else None
    )
    processing_time = effective(service, "processing_time") if service is not None else None
    if not submission.submitter_email:  # no mail will come: the page is where news show
        if processing_time:
            return _(
                "receipt_next_steps_processing_no_mail",
                default="The office checks your request. Processing time: ${time}. "
                "Changes show on this page.",
                mapping={"time": processing_time},
            )
        return _(
            "receipt_next_steps_no_mail",
            default="The office checks your request. Changes show on this page.",
        )
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


def paid_amount(submission):
    """The amount (a Decimal of francs) the citizen paid online for the request, or None: from
    the request's ``payment`` (centimes, ``payments.checkout``); the receipt then shows it as
    "Paid amount", in Swiss notation."""
    payment = getattr(aq_base(submission), "payment", None)
    if payment:
        return Decimal(int(payment["amount"])).scaleb(-2)
    return getattr(aq_base(submission), "paid_amount", None)


def address_lines(obj) -> list[str]:
    """The postal address of a tenant or office, its own (an office never acquires one)."""
    text = getattr(aq_base(obj), "address", None) or ""
    return [line.strip() for line in text.splitlines() if line.strip()]


def pdf_language(language: str) -> str:
    """The document's language tag: ``de-CH``, ``fr-CH``, ``it-CH``."""
    return f"{(language or 'de')[:2].lower()}-CH"


def receipt_facts(submission, language: str) -> list[tuple[str, str]]:
    """(label, value) rows: reference, service, office with address, submitted, paid amount."""
    office = submission.__parent__
    facts = [
        (translate(_("Reference number"), target_language=language), submission.reference),
        (translate(_("Service"), target_language=language), submission.service_title),
        (
            translate(_("Office"), target_language=language),
            "\n".join([office.Title(), *address_lines(office)]),
        ),
        (translate(_("Submitted"), target_language=language), local_time(submission.submitted)),
    ]
    amount = paid_amount(submission)
    if amount is not None:
        label = translate(_("receipt_paid_amount", default="Paid amount"), target_language=language)
        facts.append((label, format_chf(amount)))
        facts.extend(receipt_rows(submission, language))  # the provider's transaction
    return facts


def qr_png(link: str) -> io.BytesIO:
    """The QR code of ``link`` as a PNG: black modules on white, a quiet zone of four."""
    image = io.BytesIO()
    segno.make(link, error="m", micro=False).save(image, kind="png", scale=8, border=4)
    image.seek(0)
    return image


def write_letterhead(pdf: TaggedPDF, tenant) -> None:
    if tenant is None:
        return
    pdf.paragraph(tenant.Title(), "B", 13)
    for line in address_lines(tenant):
        pdf.paragraph(line, size=10)
    pdf.ln(4)


def write_facts(pdf: TaggedPDF, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        pdf.paragraph(label, "B", 10)
        pdf.paragraph(value or "–")
        pdf.ln(1)


def write_status(pdf: TaggedPDF, submission, link: str, t) -> None:
    pdf.heading(t(_("receipt_status_heading", default="The status of your request")), 2)
    pdf.paragraph(
        t(
            _(
                "receipt_status_text",
                default="You see where your request stands at this address, or by scanning "
                "the QR code:",
            )
        )
    )
    pdf.paragraph(link, size=9, link=link)
    pdf.ln(2)
    pdf.figure(
        qr_png(link),
        QR_WIDTH,
        t(_("receipt_qr_alt", default="QR code: link to the status")),
    )
    pdf.ln(2)
    pdf.paragraph(t(next_steps(submission)))


def receipt_pdf(submission, status_link: str, language: str | None = None) -> bytes:
    """The receipt as a tagged PDF in ``language`` (the request's own by default)."""
    language = language or submission.language or "de"
    t = lambda message: translate(message, target_language=language)  # noqa: E731
    tenant = tenant_of(submission)
    issuer = tenant.Title() if tenant is not None else api.portal.get().Title()
    receipt = t(_("Receipt"))  # outside the f-string, where i18ndude finds it
    title = f"{receipt} {submission.reference}"
    pdf = TaggedPDF(pdf_language(language), title)
    pdf.set_author(issuer)
    pdf.set_creator(api.portal.get().Title())
    pdf.set_subject(f"{submission.service_title} – {submission.__parent__.Title()}")
    pdf.set_keywords(title)
    write_letterhead(pdf, tenant)
    pdf.heading(title, 1)
    write_facts(pdf, receipt_facts(submission, language))
    write_status(pdf, submission, status_link, t)
    pdf.heading(t(_("What you sent")), 2)
    for row in labelled_values(submission, language):
        pdf.paragraph(row["label"], "B", 10)
        pdf.paragraph(row["text"])
    return pdf.output_bytes()
