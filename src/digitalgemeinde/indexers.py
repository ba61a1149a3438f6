"""Catalog indexers: values only from the objects that carry them (never acquired)."""

import re

from plone.base.utils import safe_text
from plone.indexer import indexer
from zope.interface import Interface

from digitalgemeinde.identity.linking import email_key
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.interfaces import IService
from digitalgemeinde.interfaces import ISubmission
from digitalgemeinde.submissions.assignment import NOBODY
from digitalgemeinde.submissions.due_dates import indexed_due
from digitalgemeinde.submissions.due_dates import indexed_due_day
from digitalgemeinde.submissions.export import columns_key

TAG = re.compile(r"<[^>]+>")


def _text(value) -> str:
    """Plain text of a RichText value or a string."""
    if value is None:
        return ""
    output = getattr(value, "output", None)
    if output is not None:
        return TAG.sub(" ", safe_text(output))
    return str(value)


@indexer(Interface)
def no_bfs_number(obj):
    raise AttributeError("bfs_number")


@indexer(IMunicipality)
def bfs_number(obj):
    return obj.bfs_number


@indexer(Interface)
def no_postal_codes(obj):
    raise AttributeError("postal_codes")


@indexer(IMunicipality)
def postal_codes(obj):
    return tuple(obj.postal_codes or ())


def _joined(*parts) -> str:
    return " ".join(part for part in parts if part)


@indexer(IMunicipality)
def municipality_searchable_text(obj):
    return _joined(
        obj.title,
        obj.description,
        str(obj.bfs_number or ""),
        " ".join(obj.postal_codes or ()),
        obj.canton,
    )


@indexer(IOffice)
def office_searchable_text(obj):
    return _joined(obj.title, obj.description, _text(obj.duties), obj.address, obj.email)


@indexer(IService)
def service_searchable_text(obj):
    """The texts a citizen reads, including those an adopted service shows from its standard."""
    from digitalgemeinde.content_types.inheritance import effective
    from digitalgemeinde.vocabularies.topics import configured_topics

    topic_titles = [
        f"{de} {fr}" for token, de, fr in configured_topics() if token in (obj.topics or ())
    ]
    return _joined(
        obj.title,
        effective(obj, "description"),
        " ".join(topic_titles),
        *(
            _text(effective(obj, name))
            for name in ("what_it_is", "requirements", "documents", "procedure")
        ),
        effective(obj, "fees_text"),
        _text(effective(obj, "legal_basis")),
        obj.ech0070_id,
    )


NAME_FIELD = re.compile(r"name", re.IGNORECASE)


@indexer(ISubmission)
def submission_searchable_text(obj):
    """Reference, email and the name fields: what clerks search by, and no more."""
    names = [str(value) for key, value in obj.values.items() if NAME_FIELD.search(key) and value]
    return _joined(obj.reference, sequence_number(obj.reference), obj.submitter_email, *names)


def sequence_number(reference: str) -> str:
    """The running number of a reference without its leading zeros ("42" of
    2829-2026-000042): what clerks say and type."""
    last = (reference or "").rsplit("-", 1)[-1]
    return last.lstrip("0") if last.isdigit() and last.strip("0") else ""


@indexer(ISubmission)
def submitter_email_key(obj):
    """The submitter's e-mail as ``identity.linking`` looks it up (lower case); none: not
    indexed."""
    key = email_key(obj.submitter_email)
    if not key:
        raise AttributeError("submitter_email_key")
    return key


@indexer(ISubmission)
def submission_assignee(obj):
    return obj.assignee or NOBODY


@indexer(ISubmission)
def submission_due(obj):
    """When the request is due (a DateTime); far in the future for none (``NO_DUE``)."""
    return indexed_due(obj.due)


@indexer(ISubmission)
def submission_due_day(obj):
    """The due day of an open request (``YYYYMMDD``), a stand-in after all days without one or
    when closed (see ``submissions.due_dates``)."""
    return indexed_due_day(obj.due, obj.closed is not None)


@indexer(ISubmission)
def submission_export_columns(obj):
    """What decides the request's columns in an export (``submissions.export``)."""
    return columns_key(obj)


@indexer(ISubmission)
def submission_delivery_state(obj):
    """pending / delivered / failed while the request has a job for a specialist application."""
    job = getattr(obj, "delivery_job", None)
    return job.state if job is not None else None


@indexer(ISubmission)
def submission_delivery_due(obj):
    """When the outbox worker should try next; only pending jobs are due."""
    from DateTime import DateTime

    from digitalgemeinde.outbox import PENDING

    job = getattr(obj, "delivery_job", None)
    if job is None or job.state != PENDING:
        return None
    return DateTime(job.next_try)
