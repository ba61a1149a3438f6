"""Numbered versions of a request form, and the version each request was made against.

A published form is live: every change an editor saves is what the next citizen fills in. So
there is no separate "release" step (as standard services have, whose adopters follow releases
only): a version is made

- when a form is published (version 1 the first time; a new one if its fields changed while it
  was not published),
- when the fields of a published form change (field editor, XML model, edit form, REST, an
  update from its standard service) — one version per saved change,
- and, as a safety net, when a request is delivered against fields that differ from the newest
  version (a change made without an event, or a form never published): the request always
  names a version whose fields are exactly the ones it was made with.

Saving without a change in the fields (formatting, another setting of the form) makes no
version. Each version keeps its number, date (UTC), who made it (None: made on delivery) and
the fields model, and what made it (``origin``); they are kept on the form (an annotation),
oldest first.
"""

from datetime import UTC
from datetime import datetime

from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.submissions.form_changes import canonical
from digitalgemeinde.submissions.form_changes import changes

KEY = "digitalgemeinde.form_versions"
PUBLISHED = "published"
EDITED, REQUEST, UPGRADE = "edited", "request", "upgrade"  # what made a version


def versions(form) -> list:
    """The form's versions, oldest first: ``{number, date, actor, origin, fields_model}``."""
    return list(IAnnotations(form).get(KEY, ()))


def latest(form):
    """The form's newest version, or None."""
    stored = IAnnotations(form).get(KEY)
    return stored[-1] if stored else None


def is_published(form) -> bool:
    return api.content.get_state(form, default=None) == PUBLISHED


def current_actor() -> str | None:
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def record(form, model: str | None = None, actor: str | None = None, origin: str = EDITED):
    """A new version of ``form`` with ``model`` (default: its fields now), unless the newest
    version has the same fields; returns the new version or None. ``origin``: what made it
    (``EDITED`` by ``actor``, on a ``REQUEST``, on the ``UPGRADE`` that introduced versions)."""
    model = form.fields_model or "" if model is None else model
    newest = latest(form)
    if newest is not None and canonical(newest["fields_model"]) == canonical(model):
        return None
    annotations = IAnnotations(form)
    stored = annotations.get(KEY)
    if stored is None:
        stored = annotations[KEY] = PersistentList()
    version = PersistentMapping(
        number=(newest["number"] if newest is not None else 0) + 1,
        date=datetime.now(UTC),
        actor=actor,
        origin=origin,
        fields_model=model,
    )
    stored.append(version)
    return version


def version_for_request(form) -> int:
    """The number of the version a request made now is made against (in the turn to store):
    the newest, or a new one when the fields changed since it."""
    made = record(form, actor=None, origin=REQUEST)
    return made["number"] if made is not None else latest(form)["number"]


def history(form) -> list[dict]:
    """The versions newest first, each with what changed from the one before (empty for the
    first: it is the form as it was published)."""
    items, previous = [], None
    for version in versions(form):
        found = (
            [] if previous is None else changes(previous["fields_model"], version["fields_model"])
        )
        items.append({**version, "changes": found})
        previous = version
    return list(reversed(items))


# Events (submissions/form_versions.zcml)


def fields_changed(form, model: str | None = None) -> None:
    """The form's fields were saved: a version when it is published."""
    if is_published(form):
        record(form, model, actor=current_actor())


def form_modified(form, event) -> None:
    """The edit form, REST PATCH or a program that says it modified the form."""
    fields_changed(form)


def schema_modified(fields_context, event) -> None:
    """The field editor saved: the schema it changed is what the form's model becomes
    (collective.easyform's own handler writes it; this may run before or after it)."""
    from plone.supermodel import serializeSchema

    fields_changed(fields_context.aq_parent, serializeSchema(fields_context.schema))


def form_transitioned(form, event) -> None:
    """Published: the fields as they are now are a version (unless they are the newest)."""
    if event.new_state is not None and event.new_state.id == PUBLISHED:
        record(form, actor=current_actor())
