"""The mail with the link that resumes a saved draft (``submissions.drafts``).

Plain text in the citizen's language (de, fr, it), queued through the portal's MailHost like
the request's mails (``mail.send``: sent when the transaction commits). Each mail carries a
fresh resume token; only its hash is kept, and the link of an earlier mail then opens nothing.
"""

from urllib.parse import quote

from plone import api
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.emails import is_email
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions.availability import long_date
from digitalgemeinde.submissions.mail import send

LANGUAGES = ("de", "fr", "it")
MAX_MAILS = 5  # per draft: the page is no mail relay for anyone's addresses
SENT, INVALID, TOO_MANY = "sent", "invalid", "too_many"


def resume_url(token: str) -> str:
    return f"{api.portal.get().absolute_url()}/@@draft-resume?token={quote(token)}"


def kept_until(draft, language: str) -> str:
    """``1. März 2027, 08:00``: until when the draft is kept, in Swiss time."""
    return long_date(drafts.aware(draft.expires), language if language in LANGUAGES else "de")


def mail_resume_link(draft, address: str, language: str) -> str:
    """Mail ``address`` a new link that resumes ``draft``: ``SENT``; ``INVALID`` for an address
    that is not one bare e-mail address, ``TOO_MANY`` after ``MAX_MAILS`` mails of this draft
    (nothing sent then)."""
    address = (address or "").strip()
    if not is_email(address):
        return INVALID
    if getattr(draft, "mails", 0) >= MAX_MAILS:
        return TOO_MANY
    language = language if language in LANGUAGES else "de"
    mapping = {
        "title": draft.form_title,
        "url": resume_url(drafts.mint_resume_token(draft)),
        "date": kept_until(draft, language),
        "portal": api.portal.get().Title(),
    }
    subject = _("draft_mail_subject", default="Your draft: ${title}", mapping=mapping)
    body = _(
        "draft_mail_body",
        default="Hello\n\nYou saved the form \u00ab${title}\u00bb to continue later. With "
        "this link you continue where you stopped:\n\n${url}\n\nYour draft, with the files "
        "you uploaded, is kept until ${date} and then deleted. Anyone who has this link can "
        "open the draft: please do not pass it on.\n\n${portal}",
        mapping=mapping,
    )
    queued = send(
        [address],
        translate(subject, target_language=language),
        translate(body, target_language=language),
    )
    if not queued:
        return INVALID
    draft.email = address
    draft.mails = getattr(draft, "mails", 0) + 1
    return SENT
