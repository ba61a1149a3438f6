"""Submission: one citizen request, kept in the inbox of the office responsible for it.

What the citizen entered is kept in ``values`` (field name -> typed value; files as blobs),
together with ``form_model``, the form's schema as it was when the request was made, so the
values are always shown with the labels the citizen saw. No IP address or user agent is kept.
"""

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
    language = schema.Choice(title=_("Language"), values=["de", "fr"], default="de", readonly=True)
    submitted = schema.Datetime(title=_("Submitted"), readonly=True)
    form_uid = schema.ASCIILine(title=_("Form"), required=False, readonly=True)
    service_uid = schema.ASCIILine(title=_("Service"), required=False, readonly=True)
    sensitive = schema.Bool(title=_("Sensitive"), default=False, readonly=True)
    retention_days = schema.Int(title=_("Retention period in days"), default=90, readonly=True)


@implementer(ISubmission)
class Submission(Item):
    """A citizen's request."""

    reference = ""
    submitter_email = ""
    language = "de"
    submitted = None
    form_uid = ""
    service_uid = ""
    form_title = ""
    service_title = ""
    form_model = ""
    sensitive = False
    retention_days = 90
    closed = None  # when it was completed or rejected
    token_hashes = ()  # sha256 of each capability token handed to the citizen
    submitter_userid = None  # set when a logged-in citizen submitted

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.values = PersistentMapping()
        self.log = PersistentList()
        self.notes = PersistentList()

    def Title(self):
        return self.reference or super().Title()
