"""Save and resume a request form (``submissions.drafts``).

"Speichern und später weitermachen" (``form.buttons.save_draft``, below the submit button,
``formnovalidate``) keeps what the citizen has entered so far: nothing is validated, every
value that can be read is kept, and the files already uploaded. The page then says until when
the draft is kept and asks where to mail the link that resumes it (the form's e-mail field,
else the citizen's account, is filled in). ``@@draft-resume?token=…`` opens the draft in this
browser (its cookie) and goes to the form, at the step reached.

The form then shows the draft's values that still fit (``values_for``): after each widget is
updated (z3c.form's ``AfterWidgetUpdateEvent``, in fieldsets too) its value is the draft's,
through the widget's own converter. The form keeps ``ignoreContext`` (its content stays the
form, so every widget template and default registered for a request form still applies);
values from the request win, and a field the login vouches for keeps the login's value. The
draft's files are named on the page and sent again with the form as a file kept after an
error is (``send_kept_files``, ``widgets.KeptFileWidget``). Values of fields the form changed
since are named as to be filled in again.
"""

from datetime import datetime
from urllib.parse import quote
from uuid import uuid4

from collective.easyform.browser.view import EasyFormForm
from persistent.mapping import PersistentMapping
from plone import api
from plone.formwidget.namedfile.interfaces import IFileUploadTemporaryStorage
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from plone.schema.email import IEmail
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form.interfaces import NO_VALUE
from z3c.form.interfaces import IDataConverter
from zExceptions import NotFound
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.emails import is_email
from digitalgemeinde.submissions import draft_mail
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions import steps
from digitalgemeinde.submissions.delivery import current_language
from digitalgemeinde.submissions.draft_mail import kept_until
from digitalgemeinde.submissions.draft_mail import mail_resume_link

SAVE = "form.buttons.save_draft"
VALUES = "digitalgemeinde.draft_values"  # on the request: the values its widgets show


def is_post(request) -> bool:
    return request.get("REQUEST_METHOD", "GET") == "POST"


def handle(view) -> str | None:
    """On the form's page: a POST of "save for later" saves and answers its page; a GET of a
    form with a saved draft fills the draft in. None: the form goes on as usual."""
    request = view.request
    if is_post(request) and SAVE in request.form:
        return save(view)
    if is_post(request):
        send_kept_files(view)
    else:
        fill_in(view)
    return None


# --- saving ---------------------------------------------------------------------------------


def widgets_of(form):
    for group in [form, *(form.groups or ())]:
        yield from group.widgets.values()


def readable_values(form) -> dict:
    """Every value of the posted form that its widget can read, valid or not."""
    data = {}
    for widget in widgets_of(form):
        raw = widget.extract()
        if raw is NO_VALUE:
            continue
        field = widget.field
        try:
            value = IDataConverter(widget).toFieldValue(raw)
        except (ValidationError, ValueError, TypeError, LookupError):
            if getattr(field, "_type", None) is not str or not isinstance(raw, str):
                continue  # e.g. "zwei" in a number field: not kept
            value = raw  # text as typed (a half-typed address): sending checks it
        data[field.__name__] = value
    return data


def save(view) -> str:
    form = view.form_instance
    # z3c.form's update builds the widgets (in fieldsets too) and runs no action: easyform's
    # own update would validate the POST and send it
    base_update(form)
    data = readable_values(form)
    draft = drafts.open_draft(view.context, view.request)
    drafts.remember(draft, view.context, data)
    draft.saved = True
    drafts.claim(draft, drafts.current_userid())
    page = DraftSaved(view.context, view.request)
    page.draft = draft
    page.address = email_of(view.context, data)
    view.request.response.setHeader("Cache-Control", "no-store")
    return page()


def base_update(form) -> None:
    super(EasyFormForm, form).update()


def email_of(form_object, data: dict) -> str:
    """The address to mail the link to: the form's e-mail field's value, else the account's."""
    for name, value in data.items():
        field = drafts.form_schema(form_object).get(name)
        if field is not None and IEmail.providedBy(field) and is_email(value):
            return value
    if drafts.current_userid():
        return api.user.get_current().getProperty("email", "") or ""
    return ""


class DraftSaved(BrowserView):
    """The page after "save for later": until when, and where to mail the link."""

    index = ViewPageTemplateFile("templates/draft_saved.pt")
    draft = None
    address = ""
    sent_to = ""
    error = ""

    def __call__(self):
        return self.index()

    def kept_until(self) -> str:
        return kept_until(self.draft, current_language())

    def logged_in(self) -> bool:
        return self.draft.userid is not None


class DraftMail(BrowserView):
    """``<form>/@@draft-mail`` (POST): mail the link that resumes this browser's draft."""

    def __call__(self):
        if not is_post(self.request):
            raise NotFound("draft-mail")
        CheckAuthenticator(self.request)
        draft = drafts.current(self.context, self.request)
        if draft is None or not draft.saved:
            raise NotFound("draft-mail")
        address = (self.request.form.get("email") or "").strip()
        page = DraftSaved(self.context, self.request)
        page.draft = draft
        page.address = address
        self.request.response.setHeader("Cache-Control", "no-store")
        result = mail_resume_link(draft, address, current_language())
        if result == draft_mail.SENT:
            page.sent_to = address
            return page()
        if result == draft_mail.TOO_MANY:
            self.request.response.setStatus(429)
            message = _(
                "draft_too_many_mails",
                default="The link to this draft was sent several times already. Please use "
                "one of those mails.",
            )
        else:
            self.request.response.setStatus(400)
            message = _(
                "draft_email_invalid",
                default="Please enter your e-mail address, e.g. name@example.ch.",
            )
        page.error = translate(message, context=self.request)
        return page()


# --- resuming -------------------------------------------------------------------------------


class DraftResume(BrowserView):
    """``@@draft-resume?token=…``: the draft of the mailed link, in this browser, and on to
    its form. A tampered, replaced or expired token: 404, as a status link's."""

    def __call__(self):
        draft_id = self.request.form.get("draft")
        if draft_id:  # Meine Anliegen's link: the logged-in citizen's own draft
            draft = drafts.own_draft(str(draft_id), drafts.current_userid())
        else:
            draft = drafts.by_resume_token(str(self.request.form.get("token") or ""))
        form = api.content.get(UID=draft.form_uid) if draft is not None else None
        if form is None:
            raise NotFound("draft-resume")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        self.request.response.setHeader("Referrer-Policy", "no-referrer")
        if not drafts.may_use(draft):
            if drafts.current_userid() is not None:
                raise NotFound("draft-resume")  # another citizen's draft
            # the draft of an account: log in first, then here again
            came_from = self.request.get("ACTUAL_URL", "") + "?" + self.request["QUERY_STRING"]
            portal = api.portal.get().absolute_url()
            self.request.response.redirect(
                f"{portal}/login?came_from={quote(came_from, safe='')}", status=303
            )
            return ""
        # a link opened (GET) that gives this browser the draft's new cookie secret: a write
        # plone.protect would undo for a logged-in citizen. Harmless when forged: it opens a
        # draft the link's token (or the citizen's own login) already opens.
        alsoProvides(self.request, IDisableCSRFProtection)
        drafts.set_cookie(draft, form, self.request)
        self.request.response.redirect(steps.resume_address(form, draft.step), status=303)
        return ""


def draft_files(draft, form_object) -> dict:
    """``{field name: file}`` of the draft's files that still fit the form."""
    return {
        name: value
        for name, value in drafts.values_for(draft, form_object).items()
        if getattr(value, "filename", None)
    }


def send_kept_files(view) -> None:
    """A POST of a form filled in from a saved draft: each of the draft's files the citizen
    did not replace goes with it, as a file kept after an error does (``KeptFileWidget``:
    for this form and field only, checked by the field's validators again)."""
    request = view.request
    draft = drafts.current(view.context, request)
    if draft is None or not draft.saved:
        return
    storage = IFileUploadTemporaryStorage(api.portal.get()).upload_map
    for name, value in draft_files(draft, view.context).items():
        key = f"form.widgets.{name}"
        upload = request.form.get(key)
        if getattr(upload, "filename", None) or request.form.get(f"{key}.file_upload_id"):
            continue
        upload_id = uuid4().hex
        storage[upload_id] = PersistentMapping(
            filename=value.filename,
            data=value.data,
            dt=datetime.now(),
            form=api.content.get_uuid(view.context),
            field=key,
        )
        request.form[f"{key}.file_upload_id"] = upload_id


def show_draft_value(event) -> None:
    """After a widget of the form is updated (z3c.form's event): the draft's value in it,
    unless the request brings one or the login vouches for the field (read-only)."""
    widget = event.widget
    values = IAnnotations(widget.request).get(VALUES) if widget.request else None
    field = getattr(widget, "field", None)
    if not values or field is None or field.__name__ not in values:
        return
    if widget.name in widget.request.form or getattr(widget, "readonly", None):
        return
    try:
        widget.value = IDataConverter(widget).toWidgetValue(values[field.__name__])
    except (ValidationError, ValueError, TypeError, LookupError, AttributeError):
        return


def fill_in(view) -> None:
    """A GET of the form with a saved draft: the draft's values in the widgets, and what must
    be filled in again said."""
    draft = drafts.current(view.context, view.request)
    if draft is None or not draft.saved:
        return
    files = draft_files(draft, view.context)
    IAnnotations(view.request)[VALUES] = {
        name: value
        for name, value in drafts.values_for(draft, view.context).items()
        if name not in files  # a file is sent again with the form (send_kept_files)
    }
    language = current_language()
    api.portal.show_message(
        _(
            "draft_resumed",
            default="Your saved draft is filled in. It is kept until ${date}.",
            mapping={"date": kept_until(draft, language)},
        ),
        view.request,
        type="info",
    )
    if files:
        api.portal.show_message(
            _(
                "draft_kept_files",
                default="Sent with the form from your draft: ${files}. To send another file "
                "instead, choose it in its field.",
                mapping={"files": ", ".join(value.filename for value in files.values())},
            ),
            view.request,
            type="info",
        )
    stale = drafts.stale_titles(draft, view.context)
    if stale:
        titles = ", ".join(translate(title, context=view.request) for title in stale)
        api.portal.show_message(
            _(
                "draft_stale_fields",
                default="The form has changed since you saved it. Please fill in again: ${fields}",
                mapping={"fields": titles},
            ),
            view.request,
            type="warning",
        )
