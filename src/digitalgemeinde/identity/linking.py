"""Requests made before the login, with the same e-mail: into Meine Anliegen, once confirmed.

A request made without an account keeps only the e-mail the citizen typed
(``submitter_email``). The e-mail alone proves nothing: such requests are linked to an account
(``submitter_userid``) only when the provider vouches for the account's e-mail (``email`` in the
account's ``verified``), and only after the citizen confirms, once, that they are theirs. The
confirmed e-mail is kept on the account (``confirmed_emails``), so that the question is asked
once. An e-mail the provider does not vouch for links nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from plone import api

from digitalgemeinde.emails import is_email
from digitalgemeinde.identity.prefill import account

CONFIRMED = "confirmed_emails"


@dataclass(frozen=True)
class Pending:
    """Earlier requests the citizen may take into Meine Anliegen."""

    email: str
    count: int


def vouched_email(userid: str | None) -> str:
    """The account's e-mail if the provider vouches for it, else ""."""
    record = account(userid)
    if record is None or "email" not in record.get("verified", ()):
        return ""
    email = str(record.get("data", {}).get("email") or "").strip()
    return email if is_email(email) else ""


def email_key(email) -> str:
    """An e-mail as requests are found by it (catalog index ``submitter_email_key``): the
    case of its letters does not count."""
    return str(email or "").strip().lower()


def unlinked_requests(email: str) -> list:
    """The requests with ``email`` that no account has (objects, oldest first)."""
    if not email:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Submission", submitter_email_key=email_key(email), sort_on="created"
    )
    found = []
    for brain in brains:
        submission = brain._unrestrictedGetObject()
        if not submission.submitter_userid and email_key(submission.submitter_email) == (
            email_key(email)
        ):
            found.append(submission)
    return found


def confirmed(record, email: str) -> bool:
    return email_key(email) in {email_key(each) for each in record.get(CONFIRMED, ())}


def pending(userid: str | None) -> Pending | None:
    """The earlier requests to ask the citizen about, or None (no vouched e-mail, confirmed
    before, or none there)."""
    email = vouched_email(userid)
    if not email or confirmed(account(userid), email):
        return None
    count = len(unlinked_requests(email))
    return Pending(email, count) if count else None


def link(userid: str | None) -> int:
    """The citizen confirms: their earlier requests with the vouched e-mail get their user id,
    and the e-mail is kept as confirmed. How many were linked (0 when nothing was asked)."""
    email = vouched_email(userid)
    record = account(userid)
    if not email or confirmed(record, email):
        return 0
    requests = unlinked_requests(email)
    with api.env.adopt_roles(["Manager"]):
        for submission in requests:
            submission.fill_in(submitter_userid=userid)
            submission.reindexObject(idxs=["submitter_userid"])
    record[CONFIRMED] = (*record.get(CONFIRMED, ()), email_key(email))
    return len(requests)
