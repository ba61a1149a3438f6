"""The clerks' accounts and the plain-Plone baselines of bench86 (Document, EasyForms)."""

import random
from datetime import UTC
from datetime import datetime

from DateTime import DateTime
from plone import api
from plone.supermodel import loadString

from bench.generation.common import BASELINE
from bench.generation.common import SAVE_DATA
from bench.generation.common import Clock
from bench.generation.common import commit
from bench.generation.common import rich
from bench.generation.fields import FIELD_VALUES
from bench.generation.places import ensure
from bench.generation.requests import creation_times
from bench.generation.requests import person
from bench.generation.services import plain_actions

# --- users -----------------------------------------------------------------------------------


def password_of(username: str) -> str:
    return f"Bench-{username}"


def ensure_clerk(username: str, groups: list[str]) -> dict:
    user = api.user.get(username=username)
    if user is None:
        user = api.user.create(
            email=f"{username}@example.ch",
            username=username,
            password=password_of(username),
            properties={"fullname": f"Sachbearbeitung {username}"},
        )
    member_of = {group.getId() for group in api.group.get_groups(user=user)}
    for group_id in groups:
        if group_id not in member_of:
            api.group.add_user(groupname=group_id, user=user)
    return {"user": username, "password": password_of(username), "groups": groups}


# --- baselines -------------------------------------------------------------------------------

SECTIONS = (
    ("what_it_is", "Worum geht es?"),
    ("requirements", "Voraussetzungen"),
    ("documents", "Benötigte Unterlagen"),
    ("procedure", "Ablauf"),
    ("legal_basis", "Rechtsgrundlagen"),
)


def document_text(service) -> str:
    """The texts a service page shows, as one HTML text."""
    parts = []
    for name, heading in SECTIONS:
        value = getattr(service, name, None)
        if value is not None and value.raw:
            parts.append(f"<h2>{heading}</h2>{value.raw}")
    if service.fees_text:
        parts.append(f"<h2>Gebühren</h2><p>{service.fees_text}</p>")
    if service.processing_time:
        parts.append(f"<h2>Bearbeitungsdauer</h2><p>{service.processing_time}</p>")
    return "".join(parts)


def ensure_baselines(portal, service, form, rows: int, rng, clock: Clock) -> dict:
    folder, _ = ensure(
        portal,
        "Folder",
        BASELINE,
        {"title": "Baselines", "description": "Plain Plone content to compare with."},
    )
    document, _ = ensure(
        folder,
        "Document",
        "document",
        {
            "title": service.Title(),
            "description": service.Description(),
            "text": rich(document_text(service)),
        },
    )
    office = service.responsible_office.to_object
    actions = plain_actions(office.email, f"Neue Anfrage: {service.Title()}")
    common = {
        "fields_model": form.fields_model,
        "actions_model": actions,
        "formPrologue": form.formPrologue,
        "thanksPrologue": form.thanksPrologue,
        "thanksEpilogue": form.thanksEpilogue,
        "includeEmpties": False,
    }
    plain, _ = ensure(
        folder, "EasyForm", "plain-form", {"title": form.Title(), "description": "", **common}
    )
    saved, _ = ensure(
        folder,
        "EasyForm",
        "saved-10k",
        {"title": f"{form.Title()} (10'000 Einträge)", "description": "", **common},
    )
    commit(portal)
    fill_saved_data(saved, rows, rng, clock)
    return {"document": document, "plain": plain, "saved": saved}


def save_data_action(form):
    from collective.easyform.api import get_actions

    return get_actions(form)[SAVE_DATA]


def fill_saved_data(form, rows: int, rng: random.Random, clock: Clock) -> int:
    """Rows as easyform's Save Data stores them (field values, ``dt``, ``id`` = ms key),
    added straight into its storage."""
    action = save_data_action(form)
    missing = rows - action.itemsSaved()
    if missing <= 0:
        return 0
    schema = loadString(form.fields_model).schema
    names = list(schema.names())
    now = datetime.now(UTC)
    for n, created in enumerate(creation_times(rng, missing, now)):
        data_person = person(rng, created, n)
        row = {name: FIELD_VALUES[name](rng, data_person) for name in names}
        key = int(created.timestamp() * 1000)
        while key in action._storage:
            key += 1
        row["dt"] = str(DateTime(created))
        row["id"] = key
        action.setDataRow(key, row)
        if (n + 1) % 5000 == 0:
            commit(form)
    commit(form)
    clock.say(f"{form.getId()}: {action.itemsSaved()} saved rows")
    return missing
