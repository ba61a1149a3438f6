"""Requests in an office's inbox, made in bulk as ``deliver`` and the clerks would have."""

import math
import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from AccessControl.SpecialUsers import nobody
from DateTime import DateTime
from five.intid.intid import addIntIdSubscriber
from persistent.mapping import PersistentMapping
from plone import api
from plone.dexterity.utils import createContent
from plone.supermodel import loadString
from plone.uuid.interfaces import IUUID
from zope.lifecycleevent import ObjectAddedEvent

from bench import texts
from bench.generation.common import COMMIT_EVERY
from bench.generation.common import HISTORY_DAYS
from bench.generation.common import WORKFLOW
from bench.generation.common import Clock
from bench.generation.common import commit
from bench.generation.common import slug
from bench.generation.fields import FIELD_VALUES
from bench.generation.workbench import fill_in_workbench
from digitalgemeinde.submissions.counts import bump
from digitalgemeinde.submissions.due_dates import processing_days
from digitalgemeinde.submissions.reference import next_reference
from digitalgemeinde.submissions.tokens import hash_token
from digitalgemeinde.submissions.values import TIMEZONE
from digitalgemeinde.submissions.values import typed_values


@dataclass
class Source:
    """A service of an office and its form, as ``deliver`` reads them."""

    service_uid: str
    service_title: str
    form_uid: str
    form_title: str
    form_model: str
    schema: object
    fields: list
    sensitive: bool
    retention_days: int
    processing_days: int | None = None


def sources_of(office) -> list[Source]:
    """The services whose responsible office is ``office`` (any service of its tenant when it
    has none), each with its form."""
    tenant = office.__parent__
    services = [obj for obj in tenant.objectValues() if obj.portal_type == "Service"]
    own = [
        service
        for service in services
        if service.responsible_office is not None
        and service.responsible_office.to_object is not None
        and service.responsible_office.to_object.getPhysicalPath() == office.getPhysicalPath()
    ]
    sources = []
    for service in own or services:
        form = service.online_form.to_object if service.online_form is not None else None
        if form is None:
            continue
        schema = loadString(form.fields_model).schema
        sources.append(
            Source(
                service_uid=IUUID(service),
                service_title=service.Title(),
                form_uid=IUUID(form),
                form_title=form.Title(),
                form_model=form.fields_model or "",
                schema=schema,
                fields=list(schema.names()),
                sensitive=bool(getattr(form, "sensitive", False)),
                retention_days=getattr(form, "retention_days", None) or 90,
                processing_days=processing_days(service),
            )
        )
    return sources


def creation_times(rng: random.Random, count: int, now: datetime) -> list[datetime]:
    """``count`` moments over the last two years, more of them lately (the portal grew),
    mostly in office hours; oldest first."""
    moments = []
    for _ in range(count):
        age_days = HISTORY_DAYS * (1 - math.sqrt(rng.random()))
        moment = now - timedelta(days=age_days)
        local = moment.astimezone(TIMEZONE)
        hour = min(23, max(6, int(rng.gauss(13, 4))))
        local = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
        moments.append(min(local.astimezone(UTC), now - timedelta(minutes=1)))
    moments.sort()
    return moments


STATE_WEIGHTS = (
    # (younger than days, weights of submitted, in_progress, waiting, completed, rejected)
    (3, (0.60, 0.30, 0.10, 0.0, 0.0)),
    (30, (0.10, 0.35, 0.15, 0.33, 0.07)),
    (None, (0.005, 0.02, 0.015, 0.88, 0.08)),
)
STATE_NAMES = ("submitted", "in_progress", "waiting", "completed", "rejected")
PATHS = {
    "submitted": [[]],
    "in_progress": [[("accept", "in_progress")]],
    "waiting": [[("ask", "waiting")], [("accept", "in_progress"), ("ask", "waiting")]],
    "completed": [
        [("accept", "in_progress"), ("complete", "completed")],
        [
            ("accept", "in_progress"),
            ("ask", "waiting"),
            ("resume", "in_progress"),
            ("complete", "completed"),
        ],
    ],
    "rejected": [[("reject", "rejected")], [("accept", "in_progress"), ("reject", "rejected")]],
}


def final_state(rng: random.Random, created: datetime, now: datetime) -> str:
    age = (now - created).days
    for limit, weights in STATE_WEIGHTS:
        if limit is None or age < limit:
            return rng.choices(STATE_NAMES, weights)[0]
    return "submitted"


def comment_for(rng, transition: str) -> str:
    if transition == "ask":
        return rng.choice(texts.ASK_COMMENTS)
    if transition == "reject":
        return rng.choice(texts.REJECT_COMMENTS)
    return ""


def steps_to(rng, state: str, created: datetime, now: datetime) -> list[tuple]:
    """(transition, new state, when, comment) that lead to ``state`` after ``created``."""
    steps, moment = [], created
    for transition, new_state in rng.choice(PATHS[state]):
        moment = min(moment + timedelta(hours=rng.uniform(0.5, 96)), now)
        steps.append((transition, new_state, moment, comment_for(rng, transition)))
    return steps


def person(rng: random.Random, created: datetime, n: int) -> dict:
    first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
    email = f"{slug(first)}.{slug(last)}.{n}@example.ch"
    return {"first": first, "last": last, "email": email, "day": created.date()}


def add_submissions(
    office,
    count: int,
    rng: random.Random,
    clock: Clock,
    clerk_id: str = "",
    label: str = "",
    now: datetime | None = None,
    quiet: bool = False,
) -> int:
    """Add ``count`` requests to ``office``, as ``deliver`` would have made them over two
    years and clerks would have moved them on; returns how many were made."""
    if count <= 0:
        return 0
    now = now or datetime.now(UTC)
    sources = sources_of(office)
    if not sources:
        clock.say(f"{label or office.getId()}: no form delivers here, no requests made")
        return 0
    # a few services get most requests (Wohnsitzbestätigung, Parkkarte …)
    popularity = [1 / (rank + 1) for rank in range(len(sources))]
    tenant = office.__parent__
    workflow = api.portal.get_tool("portal_workflow")
    definition = workflow[WORKFLOW]
    clerk = clerk_id or f"clerk-{tenant.getId()}-{office.getId()}"
    started = time.perf_counter()
    made = 0
    with api.env.adopt_user(user=nobody), api.env.adopt_roles(["Manager"]):
        for created in creation_times(rng, count, now):
            source = rng.choices(sources, popularity)[0]
            submission = add_one(
                office, tenant, source, created, rng, workflow, definition, clerk, now
            )
            made += 1
            if made % COMMIT_EVERY == 0 or made == count:
                commit(office)
                if quiet:
                    continue
                rate = made / (time.perf_counter() - started)
                clock.say(
                    f"{label or office.getId()}: {made}/{count} requests "
                    f"({rate:.0f}/s, last {submission.getId()})"
                )
    return made


def add_to_inbox_in_bulk(office, reference: str):
    """The Submission as ``delivery.add_to_inbox`` adds it, without the added event: what its
    subscribers do is done here, once (``add_one``): the intid, the workflow state, the count
    and one catalog entry, where the event would have the request indexed twice (the
    workflow's security reindex searches the catalog and so flushes its queue)."""
    submission = createContent("Submission", id=reference, title=reference)
    office._setObject(reference, submission, suppress_events=True)
    submission = office[reference]
    addIntIdSubscriber(submission, ObjectAddedEvent(submission, office, reference))
    return submission


def add_one(office, tenant, source, created, rng, workflow, definition, clerk, now):
    """One request of ``source`` in ``office``, created at ``created`` and moved on by ``clerk``
    to a state chosen for its age."""
    year = created.astimezone(TIMEZONE).year
    reference = next_reference(tenant, year, in_transaction=True)  # one writer, one commit
    submission = add_to_inbox_in_bulk(office, reference)
    data_person = person(rng, created, rng.randrange(10**6))
    data = {name: FIELD_VALUES[name](rng, data_person) for name in source.fields}
    data = {name: value for name, value in data.items() if value not in ("", None)}
    # as deliver() fills it in
    submission.fill_in(
        reference=reference,
        submitter_email=data_person["email"],
        language="fr" if rng.random() < 0.04 else "de",
        submitted=created,
        form_uid=source.form_uid,
        form_title=source.form_title,
        form_model=source.form_model,
        service_uid=source.service_uid,
        service_title=source.service_title,
        sensitive=source.sensitive,
        retention_days=source.retention_days,
    )
    fill_in_workbench(submission, source.processing_days, created, clerk)
    submission.add_token_hash(hash_token(secrets.token_urlsafe(24)))  # as mint_token
    submission.store_values(typed_values(source.schema, data))
    submission.append_log(
        PersistentMapping(time=created, actor="", action="submitted", state="submitted", comment="")
    )
    state, last = _move_on(submission, workflow, rng, created, now, clerk)
    definition.updateRoleMappingsFor(submission)
    bump(office, state, +1)
    submission.set_closing_date(last if state in ("completed", "rejected") else None)
    submission.creation_date = DateTime(created)
    submission.modification_date = DateTime(last)
    submission.indexObject()  # queued: indexed once, at the commit
    return submission


def _move_on(submission, workflow, rng, created: datetime, now: datetime, clerk: str):
    """The workflow history and log of ``submission``: the state it came in with, then the
    clerk's transitions to a final state; returns that state and the last moment."""
    # the workflow history: the initial state when it came in, then the clerks' transitions
    workflow.setStatusOf(
        WORKFLOW,
        submission,
        {
            "action": None,
            "review_state": "submitted",
            "actor": None,
            "comments": "",
            "time": DateTime(created),
        },
    )
    state = final_state(rng, created, now)
    last = created
    for transition, new_state, moment, comment in steps_to(rng, state, created, now):
        workflow.setStatusOf(
            WORKFLOW,
            submission,
            {
                "action": transition,
                "review_state": new_state,
                "actor": clerk,
                "comments": comment,
                "time": DateTime(moment),
            },
        )
        submission.append_log(
            PersistentMapping(
                time=moment, actor=clerk, action=transition, state=new_state, comment=comment
            )
        )
        last = moment
    return state, last
