"""The office's PDF of a request: its facts, what the citizen sent, the messages between office
and citizen (with the names of their files) and the case log. Tagged, in German (the staff's
language); the citizen's receipt is ``submissions.receipt``."""

from plone import api
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.identity.requirements import describe as describe_identification
from digitalgemeinde.submissions.mail import OFFICE_LANGUAGE
from digitalgemeinde.submissions.messages import OFFICE
from digitalgemeinde.submissions.messages import thread
from digitalgemeinde.submissions.receipt import pdf_language
from digitalgemeinde.submissions.receipt import receipt_facts
from digitalgemeinde.submissions.receipt import write_facts
from digitalgemeinde.submissions.receipt import write_letterhead
from digitalgemeinde.submissions.tagged_pdf import TaggedPDF
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.tenants import tenant_of


def person(userid: str) -> str:
    user = api.user.get(userid=userid) if userid else None
    if user is None:
        return userid or ""
    return user.getProperty("fullname") or user.getUserName()


def write_messages(pdf: TaggedPDF, submission, t) -> None:
    messages = thread(submission)
    pdf.heading(t(_("Messages")), 2)
    if not messages:
        pdf.paragraph(t(_("No messages yet.")))
        return
    for message in messages:
        if message["sender"] == OFFICE:
            sender = t(_("The office"))
            if message["actor"]:
                sender = f"{sender} ({person(message['actor'])})"
        else:
            sender = t(_("The citizen"))
        pdf.paragraph(f"{local_time(message['time'])} – {sender}", "B", 10)
        pdf.paragraph(message["text"])
        file_label = t(_("File"))
        for item in message["files"]:
            pdf.paragraph(f"{file_label}: {item['blob'].filename}", size=9)
        pdf.ln(1)


def write_log(pdf: TaggedPDF, submission, t) -> None:
    pdf.heading(t(_("History")), 2)
    for entry in submission.log:
        state = STATE_LABELS.get(entry.get("state"), entry.get("state") or "")
        line = f"{local_time(entry.get('time'))} – {entry.get('action')}"
        if state:
            line += f" – {t(state)}"
        pdf.paragraph(line, size=9)


def version_fact(submission, t) -> list[tuple]:
    """The form's version the request was made against (its labels are that version's)."""
    if not submission.form_version:
        return []
    return [(t(_("Form version")), str(submission.form_version))]


def request_pdf(submission, language: str = OFFICE_LANGUAGE) -> bytes:
    """The request as a tagged PDF for the office."""
    t = lambda message: translate(message, target_language=language)  # noqa: E731
    tenant = tenant_of(submission)
    request_label = t(_("Request"))  # outside the f-string, where i18ndude finds it
    title = f"{request_label} {submission.reference}"
    pdf = TaggedPDF(pdf_language(language), title)
    pdf.set_author(tenant.Title() if tenant is not None else api.portal.get().Title())
    pdf.set_creator(api.portal.get().Title())
    pdf.set_subject(f"{submission.service_title} – {submission.__parent__.Title()}")
    write_letterhead(pdf, tenant)
    pdf.heading(title, 1)
    state = api.content.get_state(submission, default="")
    write_facts(
        pdf,
        [
            *receipt_facts(submission, language),
            (t(_("State")), t(STATE_LABELS.get(state, state))),
            (t(_("Identification")), t(describe_identification(submission.identification))),
            *version_fact(submission, t),
        ],
    )
    pdf.heading(t(_("What the citizen sent")), 2)
    for row in labelled_values(submission, language):
        pdf.paragraph(row["label"], "B", 10)
        pdf.paragraph(row["text"])
    write_messages(pdf, submission, t)
    write_log(pdf, submission, t)
    return pdf.output_bytes()
