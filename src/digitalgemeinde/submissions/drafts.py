"""Drafts: a request form in progress, kept on the server until it is sent or expires.

A draft holds the values a citizen has entered so far (typed, as ``values.typed_values`` keeps
them; files as NamedBlobFile), the step reached and the form it belongs to. Drafts live in the
site's own storage for them (a BTree in a site annotation), never in the form or the office:
the office never sees them, the catalog never holds them.

The browser finds its draft of a form by a cookie (``dg_draft_<form UID>``, a random secret
of which only the hash is stored); the resume link mailed to the citizen carries another token
(again only its hash is stored). A draft expires after its form's "drafts kept for N days"
(default 30) from its last change; the daily purge (``retention.purge``) deletes it then, with
its files.
"""

import secrets
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ValidationError

from digitalgemeinde.submissions.tokens import hash_token
from digitalgemeinde.submissions.values import storable

KEY = "digitalgemeinde.drafts"
COOKIE_PREFIX = "dg_draft_"
DEFAULT_DRAFT_DAYS = 30
EMPTY = (None, "", [], ())


class Draft(Persistent):
    """A form in progress (see the module)."""

    def __init__(self, form_uid: str, userid: str | None, now: datetime, days: int):
        self.id = secrets.token_urlsafe(12)
        self.form_uid = form_uid
        self.values = PersistentMapping()
        self.step = 0
        self.created = self.modified = now
        self.expires = now + timedelta(days=days)
        self.userid = userid
        self.saved = False
        self.model = ""
        self.email = ""  # where the resume link was last sent
        self.mails = 0  # how many resume links were mailed (draft_mail.MAX_MAILS)
        self.cookie_hash = ""
        self.resume_hash = ""
        self.form_title = ""

    # its state changes through these, as a request's does (content_types/submission.py)
    def keep(self, name: str, value) -> None:
        self.values[name] = value

    def follow(self, form_model: str, title: str) -> None:
        """The form as it is now: its fields (what ``values_for`` checks against) and title."""
        self.model = form_model
        self.form_title = title

    def empty(self) -> None:
        self.values.clear()


class DraftStorage(Persistent):
    """The site's drafts by id, the hashes of their cookies and resume tokens (-> id), and
    the citizens' drafts by ``(userid, id)`` (Meine Anliegen reads only its own)."""

    def __init__(self):
        self.drafts = OOBTree()
        self.hashes = OOBTree()
        self.owners = OOBTree()


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def storage(portal=None, create: bool = False) -> DraftStorage | None:
    annotations = IAnnotations(portal or api.portal.get())
    found = annotations.get(KEY)
    if found is None and create:
        found = annotations[KEY] = DraftStorage()
    return found


def draft_days(form) -> int:
    """How long the form keeps drafts (its setting "Entwürfe aufbewahren (Tage)")."""
    return getattr(form, "draft_days", None) or DEFAULT_DRAFT_DAYS


def cookie_name(form) -> str:
    return f"{COOKIE_PREFIX}{api.content.get_uuid(form)}"


def current_userid() -> str | None:
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def is_live(draft: Draft | None, now: datetime | None = None) -> bool:
    return draft is not None and aware(draft.expires) > (now or datetime.now(UTC))


def find(token_hash: str, portal=None) -> Draft | None:
    """The draft a cookie's or resume token's hash points at, expired or not."""
    found = storage(portal)
    if found is None or not token_hash:
        return None
    draft_id = found.hashes.get(token_hash)
    return found.drafts.get(draft_id) if draft_id is not None else None


def may_use(draft: Draft) -> bool:
    """A citizen's draft is theirs alone: another login never continues it."""
    return draft.userid is None or draft.userid == current_userid()


def current(form, request) -> Draft | None:
    """The draft the request's cookie points at (None if expired, unknown or another's)."""
    secret = request.cookies.get(cookie_name(form))
    if not secret:
        return None
    draft = find(hash_token(secret))
    if not is_live(draft) or draft.form_uid != api.content.get_uuid(form):
        return None
    return draft if may_use(draft) else None


def set_cookie(draft: Draft, form, request) -> None:
    """A fresh secret for ``draft`` in the browser's cookie (HttpOnly, SameSite=Lax, path =
    the form's path, Secure over https); the previous one no longer opens it."""
    found = storage(create=True)
    if draft.cookie_hash:
        found.hashes.pop(draft.cookie_hash, None)
    secret = secrets.token_urlsafe(24)
    draft.cookie_hash = hash_token(secret)
    found.hashes[draft.cookie_hash] = draft.id
    path = "/" + form.absolute_url(1).lstrip("/")
    secure = request.get("SERVER_URL", "").startswith("https://")
    left = aware(draft.expires) - datetime.now(UTC)
    request.response.setCookie(
        cookie_name(form),
        secret,
        path=path,
        http_only=True,
        secure=secure,
        same_site="Lax",
        max_age=max(int(left.total_seconds()), 0),
    )


def open_draft(form, request) -> Draft:
    """``current()`` or a new draft of ``form`` (its cookie set on the response)."""
    draft = current(form, request)
    if draft is not None:
        return draft
    now = datetime.now(UTC)
    draft = Draft(api.content.get_uuid(form), None, now, draft_days(form))
    draft.follow(form.fields_model or "", form.Title())
    storage(create=True).drafts[draft.id] = draft
    claim(draft, current_userid())
    set_cookie(draft, form, request)
    return draft


def form_schema(form):
    from collective.easyform.api import get_schema

    return get_schema(form)


def claim(draft: Draft, userid: str | None) -> None:
    """The logged-in citizen's from now on (a draft begun before the login, saved after it);
    a draft already someone's stays theirs."""
    if draft.userid is None and userid:
        draft.userid = userid
        storage(create=True).owners[(userid, draft.id)] = draft


def touch(draft: Draft, form=None) -> None:
    now = datetime.now(UTC)
    draft.modified = now
    if form is not None:
        draft.expires = now + timedelta(days=draft_days(form))
        draft.follow(form.fields_model or "", form.Title())


def remember(draft: Draft, form, data: dict) -> None:
    """Store these field values (typed), keep the others. A file field without a new file
    keeps the file stored before (a step or a save does not upload it again)."""
    for name, field in getFieldsInOrder(form_schema(form)):
        if name not in data:
            continue
        value = storable(field, data[name])
        if value is None and getattr(draft.values.get(name), "filename", None):
            continue
        draft.keep(name, value)
    touch(draft, form)


def set_step(draft: Draft, step: int) -> None:
    draft.step = max(int(step), 0)
    touch(draft)


def fits(field, value, context) -> bool:
    try:
        field.bind(context).validate(value)
    except (ValidationError, Invalid, ValueError, TypeError):
        return False
    return True


def check(draft: Draft, form) -> tuple[dict, list[str]]:
    """(values that fit the form's current schema, names of stored fields that do not).

    While the form is the one the draft was saved with, every value of a field it has is kept
    as the citizen left it (a half-typed address too: sending the form checks it); once the
    form changed, each value must pass its field's current checks."""
    fields = dict(getFieldsInOrder(form_schema(form)))
    unchanged = draft.model == (form.fields_model or "")
    kept, stale = {}, []
    for name, value in draft.values.items():
        field = fields.get(name)
        if value in EMPTY or (unchanged and field is not None):
            if field is not None:
                kept[name] = value
            continue
        if field is not None and fits(field, value, form):
            kept[name] = value
        else:
            stale.append(name)
    return kept, stale


def values_for(draft: Draft, form) -> dict:
    """The stored values that still fit the form's CURRENT schema."""
    return check(draft, form)[0]


def stale_fields(draft: Draft, form) -> list[str]:
    """Names of stored fields the form no longer has or whose value no longer fits."""
    return check(draft, form)[1]


def stale_titles(draft: Draft, form) -> list[str]:
    """The titles of the form's fields whose stored value no longer fits (to fill in again);
    fields the form no longer has need nothing."""
    fields = dict(getFieldsInOrder(form_schema(form)))
    return [fields[name].title for name in stale_fields(draft, form) if name in fields]


def mint_resume_token(draft: Draft) -> str:
    """A new token for the mailed resume link (only its hash is kept; the previous link no
    longer opens the draft)."""
    found = storage(create=True)
    if draft.resume_hash:
        found.hashes.pop(draft.resume_hash, None)
    token = secrets.token_urlsafe(24)
    draft.resume_hash = hash_token(token)
    found.hashes[draft.resume_hash] = draft.id
    return token


def by_resume_token(token: str) -> Draft | None:
    """The live draft a resume token opens; None when tampered, unknown or expired."""
    draft = find(hash_token(token or ""))
    if not is_live(draft) or draft.resume_hash != hash_token(token or ""):
        return None
    return draft


def own_draft(draft_id: str, userid: str | None) -> Draft | None:
    """A logged-in citizen's live draft by its id (Meine Anliegen's link); None for another's."""
    found = storage()
    draft = found.drafts.get(draft_id) if found is not None and draft_id else None
    if not userid or not is_live(draft) or draft.userid != userid:
        return None
    return draft


def drafts_of(userid: str, now: datetime | None = None) -> list[Draft]:
    """A citizen's saved, live drafts, the newest first."""
    found = storage()
    if found is None or not userid:
        return []
    mine = [
        draft
        for draft in found.owners.values(min=(userid,), max=(userid, "\uffff"))
        if draft.userid == userid and draft.saved and is_live(draft, now)
    ]
    return sorted(mine, key=lambda draft: draft.modified, reverse=True)


def discard(draft: Draft, portal=None) -> None:
    """Delete the draft (after its request was sent, or by the purge); its files go with it."""
    found = storage(portal)
    if found is None:
        return
    for token_hash in (draft.cookie_hash, draft.resume_hash):
        if token_hash and found.hashes.get(token_hash) == draft.id:
            del found.hashes[token_hash]
    found.drafts.pop(draft.id, None)
    if draft.userid:
        found.owners.pop((draft.userid, draft.id), None)
    draft.empty()


def discard_current(form, request) -> None:
    """The request was sent: the draft this browser filled it in from goes, and its cookie."""
    draft = current(form, request)
    if draft is not None:
        discard(draft)
    if request.cookies.get(cookie_name(form)):
        request.response.expireCookie(cookie_name(form), path="/" + form.absolute_url(1))


def purge_expired(portal, now: datetime) -> int:
    """Delete every draft past its expiry, with its files; how many."""
    found = storage(portal)
    if found is None:
        return 0
    now = aware(now)
    expired = [draft for draft in found.drafts.values() if not is_live(draft, now)]
    for draft in expired:
        discard(draft, portal)
    return len(expired)
