"""Submission: one citizen request, kept in the inbox of the office responsible for it.

What the citizen entered is kept in ``values`` (field name -> typed value; files as blobs),
together with ``form_model``, the form's schema as it was when the request was made, so the
values are always shown with the labels the citizen saw. No IP address or user agent is kept.

All a request carries is declared on the class, with a default that is safe to read, and is
changed only through the class's methods: a request stored before an attribute existed reads
the default until a method stores the attribute on it.
"""

from contextlib import suppress
from types import MappingProxyType

from BTrees.OOBTree import OOBTree
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone.dexterity.content import Item
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer

from digitalgemeinde import _
from digitalgemeinde.interfaces import ISubmission


class ISubmissionSchema(model.Schema):
    reference = schema.TextLine(title=_("Reference number"), readonly=True)
    submitter_email = Email(title=_("Email of the submitter"), required=False, readonly=True)
    language = schema.Choice(
        title=_("Language"), values=["de", "fr", "it"], default="de", readonly=True
    )
    submitted = schema.Datetime(title=_("Submitted"), readonly=True)
    form_uid = schema.ASCIILine(title=_("Form"), required=False, readonly=True)
    service_uid = schema.ASCIILine(title=_("Service"), required=False, readonly=True)
    sensitive = schema.Bool(title=_("Sensitive"), default=False, readonly=True)
    retention_days = schema.Int(title=_("Retention period in days"), default=90, readonly=True)
    identification = schema.Dict(
        title=_("Identification"),
        description=_("How the citizen logged in when making the request."),
        required=False,
        readonly=True,
    )


# What delivery fills in once, when the request arrives (``Submission.fill_in``).
PARTICULARS = (
    "reference",
    "submitter_email",
    "language",
    "submitted",
    "form_uid",
    "form_title",
    "form_model",
    "form_version",
    "service_uid",
    "service_title",
    "sensitive",
    "retention_days",
    "submitter_userid",
    "identification",
    "payment",
)


@implementer(ISubmission)
class Submission(Item):
    """A citizen's request.

    Its state, each attribute with the method that changes it:

    - the particulars, filled in on delivery (``fill_in``): ``reference``, ``submitter_email``,
      ``language``, ``submitted`` (UTC), ``form_uid``, ``form_title``, ``form_model``,
      ``form_version`` (the number of the form's version it was made against, None before
      versions existed: ``submissions.form_versions``),
      ``service_uid``, ``service_title``, ``sensitive``, ``retention_days`` and
      ``submitter_userid`` (None unless a logged-in citizen submitted) and
      ``identification`` (the login's provider, level, acr, userid and whether the person's
      data were vouched for: ``identity.requirements.identification``; None when anonymous)
      and ``payment`` (the fee paid online before delivery, a dict ``amount`` (centimes),
      ``currency``, ``provider``, ``transaction_id``, ``refno``, ``paid_at`` (UTC); None when
      nothing was paid online: ``payments.checkout``);
    - ``values``: what the citizen entered, field name -> typed value (``store_values``);
    - ``log``: the case log, one PersistentMapping an entry (``append_log``);
    - ``notes``: the office's internal notes, ``{time, actor, text}`` (``add_note``);
    - ``answers``: the citizen's answers, ``{time, text, files}`` (``add_answer``);
    - ``messages``: the thread between office and citizen, ``{time, sender, actor, text,
      files}`` (``add_message``; ``sender`` is "office" or "citizen");
    - ``result``: the document the office attached on completing it (``attach_result``);
    - ``closed``: when it was completed or rejected, else None (``set_closing_date``);
    - ``token_hashes``: sha256 of each capability token handed to the citizen
      (``add_token_hash``);
    - ``delivery_job``: the outbox's job to the specialist application, or None
      (``set_delivery_job``, ``drop_delivery_job``);
    - ``assignee``: the user id of the office's staff member the request is assigned to, or
      None (``assign``);
    - ``due``: when the office should have dealt with it (UTC), from the service's processing
      days, or None (``set_due``);
    - ``status_updates``: the specialist application's reports by Idempotency-Key, an OOBTree
      made with the first report, else None (``record_status_update``, ``status_update``).
    """

    reference = ""
    payment = None
    submitter_email = ""
    language = "de"
    submitted = None
    form_uid = ""
    service_uid = ""
    form_title = ""
    service_title = ""
    form_model = ""
    form_version = None
    sensitive = False
    retention_days = 90
    submitter_userid = None
    identification = None
    values = MappingProxyType({})  # read-only: each request stores its own (``__init__``)
    log = ()
    notes = ()
    answers = ()
    messages = ()
    result = None
    closed = None
    token_hashes = ()
    delivery_job = None
    status_updates = None
    assignee = None
    due = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.values = PersistentMapping()
        self.log = PersistentList()
        self.notes = PersistentList()

    def Title(self):
        return self.reference or super().Title()

    def _own(self, name: str, factory):
        """The request's own container ``name``, stored with ``factory`` while the request
        only reads the class's default."""
        value = getattr(self, name)
        if value is getattr(self.__class__, name):  # not type(): self may be wrapped
            value = factory()
            setattr(self, name, value)
        return value

    def fill_in(self, **particulars) -> None:
        """Set the particulars delivery knows of the request (see ``PARTICULARS``)."""
        unknown = set(particulars) - set(PARTICULARS)
        if unknown:
            raise TypeError(f"Not a particular of a request: {', '.join(sorted(unknown))}")
        for name, value in particulars.items():
            setattr(self, name, value)

    def store_values(self, values: dict) -> None:
        """Keep what the citizen entered (field name -> typed value)."""
        self._own("values", PersistentMapping).update(values)

    def append_log(self, entry: PersistentMapping) -> None:
        """Add an entry to the case log (``submissions.log.record`` builds it)."""
        self._own("log", PersistentList).append(entry)

    def add_note(self, text: str, actor: str, time) -> dict:
        """Add the office's internal note; returns it."""
        note = {"time": time, "actor": actor, "text": text}
        self._own("notes", PersistentList).append(note)
        return note

    def add_answer(self, text: str, files: list, time) -> PersistentMapping:
        """Add the citizen's answer with its files (blobs); returns it."""
        answer = PersistentMapping(time=time, text=text, files=PersistentList(files))
        self._own("answers", PersistentList).append(answer)
        return answer

    def add_message(self, sender: str, actor: str, text: str, files: list, time):
        """Add a message of the office or the citizen with its files (blobs); returns it."""
        message = PersistentMapping(
            time=time, sender=sender, actor=actor, text=text, files=PersistentList(files)
        )
        self._own("messages", PersistentList).append(message)
        return message

    def attach_result(self, document) -> None:
        """Keep the result document (a NamedBlobFile) the office attached."""
        self.result = document

    def set_closing_date(self, moment) -> None:
        """When the request was completed or rejected; None when it is open (again)."""
        self.closed = moment

    def add_token_hash(self, digest: str) -> None:
        """Keep the hash of a capability token handed to the citizen."""
        self.token_hashes = [*self.token_hashes, digest]

    def assign(self, userid: str | None) -> None:
        """Assign the request to the staff member ``userid``; None: to nobody."""
        self.assignee = userid or None

    def set_due(self, moment) -> None:
        """When the request is due (UTC datetime), or None."""
        self.due = moment

    def set_delivery_job(self, job) -> None:
        """The outbox's job delivering the request to the specialist application."""
        self.delivery_job = job

    def drop_delivery_job(self) -> None:
        """Forget the delivery job (it is dropped or replaced)."""
        with suppress(AttributeError):  # none stored on the request: the class's None
            del self.delivery_job

    def status_update(self, key: str):
        """The outcome of the specialist application's report ``key``, or None."""
        updates = self.status_updates
        return updates.get(key) if updates is not None else None

    def record_status_update(self, key: str, outcome: dict) -> None:
        """Keep the outcome of the report ``key``, so the same report again changes nothing."""
        if self.status_updates is None:
            self.status_updates = OOBTree()
        self.status_updates[key] = outcome
