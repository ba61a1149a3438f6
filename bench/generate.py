"""Build the benchmark data: sites ``bench86`` and ``bench3`` in the bench instance.

    make bench-data                 # full size, into BENCH_VAR (default bench/var)
    BENCH_VAR=/tmp/b make bench-data BENCH_MUNICIPALITIES=2 BENCH_SERVICES=3 \
        BENCH_INBOX_100K=5 BENCH_INBOX_10K=10 BENCH_INBOX_100=20 BENCH_SPREAD=10
    .venv/bin/zconsole run bench/etc/zope.conf bench/generate.py --help

Run through zconsole with bench/etc/zope.conf (never instance/etc/zope.conf). It is idempotent:
what exists is kept and only what is missing is made (an interrupted run continues where it
stopped); ``--force`` deletes both sites first. At the end it writes ``manifest.json`` into
BENCH_VAR: the URL paths, form values and users the harness (bench/run.py) requests.

``bench86``: canton BL (number 13, two offices), 86 municipalities with three offices and 150
published services each, one published request form per service (with "Deliver to office"),
requests in three inboxes (100,000 / 10,000 / 100) and ~2,000 spread over other offices, and
the baselines under ``/bench86/baseline``: a Document with the texts of a service, a plain
EasyForm (Save Data + Mailer) with the fields of that service's form, and one whose Save Data
adapter holds 10,000 rows. ``bench3``: the same with three municipalities, for the finder.

The manifest (all paths absolute from the Zope root, e.g. ``/bench86/liestal/...``)::

    {"generated", "zope_conf", "bench_var", "scale": {...},
     "admin": {"user", "password"},
     "sites": {"bench86": {
         "site", "municipality", "service", "form", "rest_service", "rest_form",
         "rest_submit",                       # <form>/@submit (POST JSON)
         "form_values", "form_json_values",   # field -> value: browser (strings) / @submit
         "document", "rest_document",         # /bench86/baseline/document
         "plain_form", "plain_form_values", "plain_form_json_values",
         "saved_form", "saved_data_10k",      # <saved form>/actions/savedata/@@data
         "saved_data_10k_overview",           # <saved form>/@@saveddata (redirects there)
         "inbox_100k", "inbox_10k", "inbox_100",      # <office>/@@inbox
         "inboxes": {"inbox_100k": {"office", "url", "requests", "state_counts", "clerk"}, ...},
         "finder",                            # <municipality #1>/@@services
         "clerk": {"user", "password", "groups"},     # staff of all three inboxes
         "clerks": {"inbox_100k": {"user", "password", "groups"}, ...},
         "counts": {"municipalities", "offices", "services", "forms", "submissions"}},
       "bench3": {the same without the baselines}},
     "size_before_pack", "size": {"data_fs_bytes", "blobs_bytes", "total_bytes"},
     "timings_seconds": {phase: seconds, "total": seconds}}

The browser forms want plone.protect's ``_authenticator``: GET the form page first and send the
token of its hidden input along (for anonymous visitors one token serves many posts). The same
values twice within ten minutes count as a second click: vary name and email per request.

Requests are not made through ``deliver`` (far too slow for 100,000): each is created and added
as ``delivery.add_to_inbox`` does (``createContent``, ``_setObject(suppress_events=True)``), but
instead of its added event it gets what that event's subscribers give it, once: an intid, its
workflow history and state (``setStatusOf``, ``updateRoleMappingsFor``), its count
(``counts.bump``) and one catalog entry. It is filled in as ``deliver`` fills it in (reference
from ``reference.next_reference``, typed values, token hash, log); a commit every 1,000. Services
and forms are made with ``plone.api`` as demo/setup.py makes them, and published by setting the
workflow state the "publish" transition sets.
"""

import argparse
import json
import logging
import math
import os
import random
import re
import secrets
import sys
import time
from collections import Counter
from dataclasses import asdict
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path


def _root() -> Path:
    """The checkout (zconsole runs this file without ``__file__``: its path is in argv)."""
    if "__file__" in globals():
        return Path(__file__).resolve().parent.parent
    for arg in sys.argv:
        if arg.endswith("generate.py"):
            return Path(arg).resolve().parent.parent
    return Path.cwd()


ROOT = _root()

if __name__ == "__main__" and str(ROOT) not in sys.path:  # run by zconsole: import bench.*
    sys.path.insert(0, str(ROOT))

import transaction  # noqa: E402
from AccessControl.SpecialUsers import nobody  # noqa: E402
from DateTime import DateTime  # noqa: E402
from five.intid.intid import addIntIdSubscriber  # noqa: E402
from persistent.mapping import PersistentMapping  # noqa: E402
from plone import api  # noqa: E402
from plone.app.textfield.value import RichTextValue  # noqa: E402
from plone.dexterity.utils import createContent  # noqa: E402
from plone.supermodel import loadString  # noqa: E402
from plone.uuid.interfaces import IUUID  # noqa: E402
from zope.lifecycleevent import ObjectAddedEvent  # noqa: E402

from bench import texts  # noqa: E402
from digitalgemeinde.association.adopting import actions_model  # noqa: E402
from digitalgemeinde.demo import content as demo_content  # noqa: E402
from digitalgemeinde.demo.build import fields_of  # noqa: E402
from digitalgemeinde.submissions.counts import bump  # noqa: E402
from digitalgemeinde.submissions.counts import state_counts  # noqa: E402
from digitalgemeinde.submissions.reference import next_reference  # noqa: E402
from digitalgemeinde.submissions.tokens import hash_token  # noqa: E402
from digitalgemeinde.submissions.values import TIMEZONE  # noqa: E402
from digitalgemeinde.submissions.values import typed_values  # noqa: E402
from digitalgemeinde.tenancy import office_group_id  # noqa: E402

logger = logging.getLogger("bench.generate")

BIG_SITE = "bench86"
SMALL_SITE = "bench3"
WORKFLOW = "digitalgemeinde_submission_workflow"
OFFICES = ("einwohnerdienste", "bauverwaltung", "sozialdienst")
INBOX_KEYS = ("inbox_100k", "inbox_10k", "inbox_100")
COMMIT_EVERY = 1000
# Closed requests of the bench must outlive the two years of generated history: a purge run
# on the bench instance would otherwise delete most of them.
RETENTION_DAYS = 1095
HISTORY_DAYS = 730
CANTON_ID = "bl"
BASELINE = "baseline"
SAVE_DATA = "savedata"


# --- scale -----------------------------------------------------------------------------------


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass
class Scale:
    """How much to make. Full size by default; environment variables and options override."""

    municipalities: int = 86
    services: int = 150  # per municipality
    inbox_100k: int = 100_000
    inbox_10k: int = 10_000
    inbox_100: int = 100
    spread: int = 2_000  # requests in other offices of bench86
    saved_rows: int = 10_000  # rows of /bench86/baseline/saved-10k
    small_municipalities: int = 3  # bench3
    small_submissions: int = 10  # requests in bench3

    @classmethod
    def from_environment(cls) -> "Scale":
        defaults = cls()
        return cls(
            **{
                name: env_int(f"BENCH_{name.upper()}", getattr(defaults, name))
                for name in asdict(defaults)
            }
        )

    def inbox_sizes(self) -> dict[str, int]:
        return {
            "inbox_100k": self.inbox_100k,
            "inbox_10k": self.inbox_10k,
            "inbox_100": self.inbox_100,
        }


# --- progress and timing ---------------------------------------------------------------------


class Clock:
    """Phases and their durations; every line goes to stdout at once (the log is tailed)."""

    def __init__(self, out=None):
        self.start = time.perf_counter()
        self.phases: dict[str, float] = {}
        self.out = out if out is not None else sys.stdout

    def say(self, text: str) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"[{elapsed:8.1f}s] {text}", file=self.out, flush=True)

    def phase(self, name: str):
        return _Phase(self, name)

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


class _Phase:
    def __init__(self, clock: Clock, name: str):
        self.clock, self.name = clock, name

    def __enter__(self):
        self.begin = time.perf_counter()
        self.clock.say(f"{self.name} …")
        return self

    def __exit__(self, *exc):
        took = time.perf_counter() - self.begin
        self.clock.phases[self.name] = self.clock.phases.get(self.name, 0.0) + took
        if exc[0] is None:
            self.clock.say(f"{self.name}: {took:.1f}s")
        return False


def commit(portal=None) -> None:
    transaction.commit()
    if portal is not None:
        portal._p_jar.cacheGC()


def seeded(seed) -> random.Random:
    """Bench data, not secrets: a reproducible generator."""
    return random.Random(seed)  # noqa: S311


# --- text helpers ----------------------------------------------------------------------------

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug(text: str) -> str:
    text = text.translate(UMLAUTS).replace("é", "e").replace("è", "e").replace("ã", "a")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rich(html: str) -> RichTextValue:
    return RichTextValue(html, "text/html", "text/x-html-safe")


# --- municipalities --------------------------------------------------------------------------


def municipality_specs(count: int) -> list[dict]:
    """``count`` municipalities: the names of Basel-Landschaft, then numbered ones."""
    rng = seeded(86)
    specs = []
    for index in range(count):
        if index < len(texts.MUNICIPALITY_NAMES):
            name = texts.MUNICIPALITY_NAMES[index]
        else:
            name = f"Gemeinde {index + 1:03d}"
        municipality_id = slug(name)
        postal_code = f"{4101 + index * 4:04d}"[-4:]
        street = texts.STREETS[index % len(texts.STREETS)]
        specs.append(
            {
                "id": municipality_id,
                "title": name,
                "description": f"Gemeinde {name} im Kanton Basel-Landschaft.",
                "authority": f"Gemeinde {name}",
                "bfs_number": 2761 + index,
                "canton": "BL",
                "postal_codes": [postal_code],
                "population": int(300 + rng.paretovariate(1.2) * 900) % 22000 + 250,
                "address": f"Gemeindeverwaltung {name}\n{street} {index % 40 + 1}\n"
                f"{postal_code} {name}",
                "phone": f"+41 61 {900 + index % 99:03d} {index % 90 + 10:02d} 00",
                "email": f"gemeinde@{municipality_id}.example.ch",
                "website": f"https://www.{municipality_id}.example.ch",
                "opening_hours": "Mo-Fr 08.00-11.30 und 14.00-17.00",
            }
        )
    return specs


def ensure(container, portal_type: str, obj_id: str, fields: dict, publisher=None):
    """``obj_id`` in ``container``: created with ``fields`` and published when missing."""
    if obj_id in container.objectIds():
        return container[obj_id], False
    obj = api.content.create(container=container, type=portal_type, id=obj_id, **fields)
    (publisher or publish)(obj)
    return obj, True


def publish(obj) -> None:
    if api.content.get_state(obj, default=None) not in (None, "published"):
        api.content.transition(obj=obj, transition="publish")


def publish_in_bulk(obj) -> None:
    """What the "publish" transition leaves behind (its state, the permissions of that state,
    a reindex) without its catalog search: services and forms are indexed once, at the
    commit, instead of four times each."""
    workflow = api.portal.get_tool("portal_workflow")
    (definition,) = workflow.getWorkflowsFor(obj)
    workflow.setStatusOf(
        definition.getId(),
        obj,
        {
            "action": "publish",
            "review_state": "published",
            "actor": api.user.get_current().getId(),
            "comments": "",
            "time": DateTime(),
        },
    )
    definition.updateRoleMappingsFor(obj)
    obj.reindexObject()


def ensure_canton(portal):
    canton, _created = ensure(portal, "Canton", CANTON_ID, fields_of(demo_content.CANTON, {}))
    for spec in demo_content.CANTON_OFFICES:
        ensure(canton, "Office", spec["id"], fields_of(spec, demo_content.CANTON_VALUES))
    return canton


def ensure_municipality(portal, spec: dict):
    fields = {k: v for k, v in spec.items() if k not in ("id", "authority")}
    municipality, _created = ensure(portal, "Municipality", spec["id"], fields)
    values = {"name": spec["title"], "authority": spec["authority"]}
    for office in demo_content.MUNICIPAL_OFFICES:
        office_fields = fields_of(office, values)
        office_fields.update(
            email=f"{office['id']}@{spec['id']}.example.ch",
            address=spec["address"],
            phone=spec["phone"],
            opening_hours=spec["opening_hours"],
        )
        ensure(municipality, "Office", office["id"], office_fields)
    return municipality


# --- services and their forms ----------------------------------------------------------------


@dataclass
class FormField:
    """A form field: its supermodel XML, a value for the browser form and for @submit, and a
    factory of typed values for generated requests."""

    name: str
    xml: str
    browser: str | None  # None: left empty in the manifest's values (optional field)
    json: object = None

    def typed(self, rng: random.Random, person: dict):
        return FIELD_VALUES[self.name](rng, person)


def _field(name, kind, title, description="", required=True, extra=""):
    parts = [f'<field name="{name}" type="{kind}">', f"<title>{title}</title>"]
    if description:
        parts.append(f"<description>{description}</description>")
    if not required:
        parts.append("<required>False</required>")
    if extra:
        parts.append(extra)
    parts.append("</field>")
    return "\n      ".join(parts)


CHOICES = ("Per E-Mail", "Per Post", "Am Schalter")


def person_fields() -> list[FormField]:
    return [
        FormField("vorname", _field("vorname", "zope.schema.TextLine", "Vorname"), "Anna", "Anna"),
        FormField(
            "nachname",
            _field("nachname", "zope.schema.TextLine", "Nachname"),
            "Muster",
            "Muster",
        ),
        FormField(
            "email",
            _field(
                "email",
                "plone.schema.email.Email",
                "E-Mail",
                "An diese Adresse senden wir die Eingangsbestätigung.",
            ),
            "anna.muster@example.ch",
            "anna.muster@example.ch",
        ),
        FormField(
            "telefon",
            _field(
                "telefon",
                "zope.schema.TextLine",
                "Telefon",
                "Für Rückfragen tagsüber.",
                required=False,
            ),
            "061 123 45 67",
            "061 123 45 67",
        ),
    ]


def pool_fields(name: str) -> list[FormField]:
    return [
        FormField(
            "adresse",
            _field(
                "adresse",
                "zope.schema.TextLine",
                f"Adresse in {name}",
                "Strasse und Hausnummer.",
            ),
            "Hauptstrasse 12",
            "Hauptstrasse 12",
        ),
        FormField(
            "datum",
            _field("datum", "zope.schema.Date", "Gewünschtes Datum"),
            "2026-09-15",
            "2026-09-15",
        ),
        FormField(
            "anzahl",
            _field(
                "anzahl",
                "zope.schema.Int",
                "Anzahl",
                extra="<default>1</default><min>1</min><max>5</max>",
            ),
            "1",
            1,
        ),
        FormField(
            "zustellung",
            _field(
                "zustellung",
                "zope.schema.Choice",
                "Zustellung",
                extra="<values>"
                + "".join(f"<element>{choice}</element>" for choice in CHOICES)
                + "</values>",
            ),
            CHOICES[0],
            CHOICES[0],
        ),
        FormField(
            "geburtsdatum",
            _field("geburtsdatum", "zope.schema.Date", "Geburtsdatum"),
            "1985-04-12",
            "1985-04-12",
        ),
        FormField(
            "liegenschaft",
            _field(
                "liegenschaft",
                "zope.schema.TextLine",
                "Parzelle oder Liegenschaft",
                required=False,
            ),
            "Parzelle 1234",
            "Parzelle 1234",
        ),
        FormField(
            "bemerkungen",
            _field(
                "bemerkungen",
                "zope.schema.Text",
                "Bemerkungen",
                "Was wir sonst noch wissen sollten.",
                required=False,
            ),
            "Bitte um Rückruf am Vormittag.",
            "Bitte um Rückruf am Vormittag.",
        ),
    ]


FIELD_VALUES = {
    "vorname": lambda rng, person: person["first"],
    "nachname": lambda rng, person: person["last"],
    "email": lambda rng, person: person["email"],
    "telefon": lambda rng, person: (
        f"07{rng.randint(6, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    ),
    "adresse": lambda rng, person: f"{rng.choice(texts.STREETS)} {rng.randint(1, 120)}",
    "datum": lambda rng, person: person["day"] + timedelta(days=rng.randint(3, 60)),
    "anzahl": lambda rng, person: rng.randint(1, 3),
    "zustellung": lambda rng, person: rng.choice(CHOICES),
    "geburtsdatum": lambda rng, person: (
        date(rng.randint(1940, 2006), rng.randint(1, 12), 1) + timedelta(days=rng.randint(0, 27))
    ),
    "liegenschaft": lambda rng, person: f"Parzelle {rng.randint(100, 4999)}",
    "bemerkungen": lambda rng, person: rng.choice(texts.REMARKS),
}


def form_fields(name: str, index: int) -> list[FormField]:
    """5–8 fields: the person, then 1–4 fields of the pool chosen by the service's index."""
    rng = seeded(index)
    pool = pool_fields(name)
    extra = rng.sample(pool, 1 + index % 4)
    extra.sort(key=pool.index)
    return [*person_fields(), *extra]


def fields_model(fields: list[FormField]) -> str:
    body = "\n    ".join(form_field.xml for form_field in fields)
    return (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema"\n'
        '       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">\n'
        f"  <schema>\n    {body}\n  </schema>\n</model>\n"
    )


DELIVER_ACTIONS = actions_model(None)  # the office: the service's responsible office


def plain_actions(recipient: str, subject: str) -> str:
    """easyform's own actions only: Mailer and Save Data."""
    return f"""<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="mailer" type="collective.easyform.actions.Mailer">
      <title>Mailer</title>
      <recipient_email>{recipient}</recipient_email>
      <replyto_field>email</replyto_field>
      <msg_subject>{subject}</msg_subject>
    </field>
    <field name="{SAVE_DATA}" type="collective.easyform.actions.SaveData">
      <title>Save Data</title>
      <ExtraData>
        <element>dt</element>
      </ExtraData>
    </field>
  </schema>
</model>
"""


def topic_tokens() -> list[str]:
    """The topics of the registry, in the order services are dealt out."""
    from digitalgemeinde.vocabularies.topics import configured_topics

    tokens = [token for token, _de, _fr in configured_topics()]
    ordered = [token for token in texts.TOPIC_ORDER if token in tokens]
    return ordered + [token for token in tokens if token not in ordered]


def service_specs(count: int, topics: list[str]) -> list[dict]:
    """``count`` services with distinct titles: subject × title pattern, topics in turn."""
    specs, seen = [], set()
    cursor = dict.fromkeys(topics, 0)
    index = 0
    while len(specs) < count:
        topic = topics[index % len(topics)]
        subjects = texts.SUBJECTS.get(topic) or texts.SUBJECTS["personal"]
        n = cursor[topic]
        cursor[topic] += 1
        subject, about = subjects[n % len(subjects)]
        pattern = texts.TITLE_PATTERNS[(n // len(subjects) * 7 + n) % len(texts.TITLE_PATTERNS)]
        title = pattern.format(s=subject)
        index += 1
        if slug(title) in seen:
            title = f"{title} ({topic})"
            if slug(title) in seen:
                continue
        seen.add(slug(title))
        specs.append(
            {
                "index": len(specs),
                "id": slug(title),
                "title": title,
                "topic": topic,
                "about": about,
                "office": texts.TOPIC_OFFICES.get(topic, "einwohnerdienste"),
            }
        )
    return specs


def service_fields(spec: dict, municipality: dict, office_title: str, seed: int) -> dict:
    rng = seeded(seed)
    days = rng.choice((2, 3, 5, 10, 15, 20, 30))
    fee = Decimal(rng.choice((0, 20, 30, 40, 50, 80, 120, 150, 250)))
    values = {
        "title": spec["title"],
        "about": spec["about"],
        "name": municipality["title"],
        "office": office_title,
        "days": days,
        "days2": days * 2,
        "fee": f"{fee:.2f}",
    }

    def pick(variants):
        return rng.choice(variants).format(**values)

    audience = ["private", "companies"] if spec["topic"] in ("work", "building") else ["private"]
    return {
        "title": spec["title"],
        "description": pick(texts.DESCRIPTIONS),
        "topics": [spec["topic"]],
        "audience": audience,
        "what_it_is": rich(pick(texts.WHAT_IT_IS)),
        "requirements": rich(pick(texts.REQUIREMENTS)),
        "documents": rich(pick(texts.DOCUMENTS)),
        "procedure": rich(pick(texts.PROCEDURE)),
        "fees_text": pick(texts.FEES),
        "fee_amount": fee,
        "processing_time": pick(texts.PROCESSING_TIMES),
        "legal_basis": rich(pick(texts.LEGAL_BASIS)),
    }


def form_id_of(service_id: str) -> str:
    return f"formular-{service_id}"


def ensure_services(municipality, spec: dict, count: int, clock: Clock, commit_every=50) -> int:
    """The municipality's ``count`` services, each with its published form; returns how many
    were made. Each service is made whole (form, relations, published) or not at all."""
    made = 0
    topics = topic_tokens()
    offices = {office_id: municipality[office_id] for office_id in OFFICES}
    existing = set(municipality.objectIds())
    for service in service_specs(count, topics):
        if service["id"] in existing:
            continue
        office = offices[service["office"]]
        form_fields_ = form_fields(spec["title"], service["index"])
        form, _ = ensure(
            municipality,
            "EasyForm",
            form_id_of(service["id"]),
            publisher=publish_in_bulk,
            fields={
                "title": service["title"],
                "description": f"Online-Formular: {service['title']}",
                "fields_model": fields_model(form_fields_),
                "actions_model": DELIVER_ACTIONS,
                "formPrologue": rich(
                    texts.FORM_PROLOGUE.format(
                        title=service["title"], office=office.title, name=spec["title"]
                    )
                ),
                "thanksPrologue": rich(texts.THANKS_PROLOGUE),
                "thanksEpilogue": rich(
                    texts.THANKS_EPILOGUE.format(office=office.title, phone=spec["phone"])
                ),
                "includeEmpties": False,
                "retention_days": RETENTION_DAYS,
            },
        )
        seed = spec["bfs_number"] * 1000 + service["index"]
        obj = api.content.create(
            container=municipality,
            type="Service",
            id=service["id"],
            **service_fields(service, spec, office.title, seed),
        )
        # as demo/setup.py: sets the fields and updates the relation catalog
        api.relation.create(source=obj, target=office, relationship="responsible_office")
        api.relation.create(source=obj, target=form, relationship="online_form")
        publish_in_bulk(obj)
        made += 1
        if made % commit_every == 0:
            commit(municipality)
    return made


# --- requests --------------------------------------------------------------------------------


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
    year = created.astimezone(TIMEZONE).year
    reference = next_reference(tenant, year)
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
    submission.add_token_hash(hash_token(secrets.token_urlsafe(24)))  # as mint_token
    submission.store_values(typed_values(source.schema, data))
    submission.append_log(
        PersistentMapping(time=created, actor="", action="submitted", state="submitted", comment="")
    )
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
    definition.updateRoleMappingsFor(submission)
    bump(office, state, +1)
    submission.set_closing_date(last if state in ("completed", "rejected") else None)
    submission.creation_date = DateTime(created)
    submission.modification_date = DateTime(last)
    submission.indexObject()  # queued: indexed once, at the commit
    return submission


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


# --- a site ----------------------------------------------------------------------------------


def path_of(obj) -> str:
    return "/".join(obj.getPhysicalPath())


def browser_values(fields: list[FormField]) -> dict:
    return {f.name: f.browser for f in fields if f.browser is not None}


def json_values(fields: list[FormField]) -> dict:
    return {f.name: f.json for f in fields if f.json is not None}


def fields_of_form(form) -> list[FormField]:
    """The FormField entries of a generated form, in its order."""
    names = list(loadString(form.fields_model).schema.names())
    known = {f.name: f for f in [*person_fields(), *pool_fields("")]}
    return [known[name] for name in names if name in known]


def inbox_offices(municipalities: list) -> list:
    """The offices of the three big inboxes: the Einwohnerdienste of municipalities #1, #2,
    #3 (other offices of the first ones when there are fewer than three municipalities)."""
    candidates = [m["einwohnerdienste"] for m in municipalities]
    candidates += [m[office] for m in municipalities for office in OFFICES[1:]]
    return candidates[:3]


def build_site(portal, site_id: str, scale: Scale, clock: Clock, *, small: bool) -> dict:
    """Fill ``portal`` (an existing site with our profile) and return its manifest entry."""
    rng = seeded(site_id)
    count = scale.small_municipalities if small else scale.municipalities
    specs = municipality_specs(count)
    with clock.phase(f"{site_id}: canton"):
        ensure_canton(portal)
        commit(portal)
    municipalities = []
    with clock.phase(f"{site_id}: municipalities, offices, services and forms"):
        total = 0
        for number, spec in enumerate(specs, start=1):
            municipality = ensure_municipality(portal, spec)
            made = ensure_services(municipality, spec, scale.services, clock)
            commit(portal)
            total += made
            municipalities.append(municipality)
            if made:
                clock.say(
                    f"{site_id}: municipality {number}/{count} {spec['title']}: "
                    f"{made} services and forms made ({total} in this run)"
                )
    offices = inbox_offices(municipalities)
    entry: dict = {"site": f"/{site_id}"}
    clerks = {}
    with clock.phase(f"{site_id}: clerks"):
        for key, office in zip(INBOX_KEYS, offices, strict=False):
            tenant_id = office.__parent__.getId()
            clerks[key] = ensure_clerk(
                f"clerk-{tenant_id}-{office.getId()}",
                [office_group_id(tenant_id, office.getId())],
            )
        entry["clerk"] = ensure_clerk(
            f"{site_id}-clerk",
            [office_group_id(o.__parent__.getId(), o.getId()) for o in offices],
        )
        commit(portal)
    entry["clerks"] = clerks

    if small:
        wanted = {
            "spread": scale.small_submissions,
        }
        sizes: dict[str, int] = {}
    else:
        sizes = scale.inbox_sizes()
        wanted = {"spread": scale.spread}
    for key, office in zip(INBOX_KEYS, offices, strict=False):
        if key not in sizes:
            continue
        missing = sizes[key] - office.objectCount()
        with clock.phase(f"{site_id}: {key} ({path_of(office)})"):
            add_submissions(
                office,
                missing,
                rng,
                clock,
                clerk_id=clerks[key]["user"],
                label=f"{site_id} {key}",
            )
    with clock.phase(f"{site_id}: requests in other offices"):
        spread_requests(
            municipalities, [] if small else offices, wanted["spread"], rng, clock, site_id
        )

    first = municipalities[0]
    service, form = manifest_service(first, offices[0])
    fields = fields_of_form(form)
    entry.update(
        {
            "municipality": path_of(first),
            "service": path_of(service),
            "form": path_of(form),
            "form_values": browser_values(fields),
            "form_json_values": json_values(fields),
            "finder": f"{path_of(first)}/@@services",
            "rest_service": path_of(service),
            "rest_form": path_of(form),
            "rest_submit": f"{path_of(form)}/@submit",
        }
    )
    for key, office in zip(INBOX_KEYS, offices, strict=False):
        entry[key] = f"{path_of(office)}/@@inbox"
    if not small:
        with clock.phase(f"{site_id}: baselines"):
            baselines = ensure_baselines(portal, service, form, scale.saved_rows, rng, clock)
        entry.update(
            {
                "document": path_of(baselines["document"]),
                "rest_document": path_of(baselines["document"]),
                "plain_form": path_of(baselines["plain"]),
                "plain_form_values": browser_values(fields),
                "plain_form_json_values": json_values(fields),
                "saved_data_10k": f"{path_of(baselines['saved'])}/actions/{SAVE_DATA}/@@data",
                "saved_data_10k_overview": f"{path_of(baselines['saved'])}/@@saveddata",
                "saved_form": path_of(baselines["saved"]),
            }
        )
    entry["inboxes"] = {
        key: {
            "office": path_of(office),
            "url": f"{path_of(office)}/@@inbox",
            "requests": office.objectCount(),
            "state_counts": state_counts(office),
            "clerk": clerks[key]["user"],
        }
        for key, office in zip(INBOX_KEYS, offices, strict=False)
    }
    entry["counts"] = site_counts(portal)
    return entry


def manifest_service(municipality, office):
    """The service of ``municipality`` for the harness, and its form: one whose responsible
    office is ``office`` (the big inbox: what the harness submits lands there), with the most
    form fields (the first of those)."""
    best, best_fields = None, -1
    services = [obj for obj in municipality.objectValues() if obj.portal_type == "Service"]
    for service in services:
        relation = service.responsible_office
        target = relation.to_object if relation is not None else None
        if target is None or target.getPhysicalPath() != office.getPhysicalPath():
            continue
        form = service.online_form.to_object if service.online_form is not None else None
        if form is None:
            continue
        fields = len(loadString(form.fields_model).schema.names())
        if fields > best_fields:
            best, best_fields = (service, form), fields
    if best is not None:
        return best
    for service in services:
        if service.online_form is not None and service.online_form.to_object is not None:
            return service, service.online_form.to_object
    raise RuntimeError(f"{path_of(municipality)} has no service with a form")


def spread_requests(municipalities, big, count, rng, clock, site_id) -> int:
    """About ``count`` requests in total in the offices other than the big inboxes."""
    big_paths = {office.getPhysicalPath() for office in big}
    others = [
        m[office_id]
        for m in municipalities
        for office_id in OFFICES
        if m[office_id].getPhysicalPath() not in big_paths
    ]
    if not others or count <= 0:
        return 0
    have = sum(office.objectCount() for office in others)
    missing = count - have
    if missing <= 0:
        return 0
    shares = Counter(rng.choice(others).getPhysicalPath() for _ in range(missing))
    made = 0
    for office in others:
        share = shares.get(office.getPhysicalPath(), 0)
        if share:
            made += add_submissions(
                office, share, rng, clock, label=f"{site_id} {path_of(office)}", quiet=True
            )
    clock.say(f"{site_id}: {made} requests in {len(shares)} other offices")
    return made


def site_counts(portal) -> dict:
    catalog = api.portal.get_tool("portal_catalog")
    path = path_of(portal)
    counts = {}
    for portal_type, key in (
        ("Municipality", "municipalities"),
        ("Office", "offices"),
        ("Service", "services"),
        ("EasyForm", "forms"),
        ("Submission", "submissions"),
    ):
        counts[key] = len(catalog.unrestrictedSearchResults(portal_type=portal_type, path=path))
    return counts


# --- the sites, the database, the manifest ---------------------------------------------------


def ensure_bench_site(app, site_id: str, title: str, force: bool, clock: Clock):
    from digitalgemeinde.sitesetup import SiteSettings
    from digitalgemeinde.sitesetup import ensure_site

    if force and site_id in app.objectIds():
        with clock.phase(f"{site_id}: delete (--force)"):
            # no events: the catalog and the intids go with the site
            app._delObject(site_id, suppress_events=True)
            commit()
    with clock.phase(f"{site_id}: site"):
        site, created = ensure_site(
            app, SiteSettings(site_id=site_id, title=title, with_demo=False)
        )
        commit()
    clock.say(f"/{site_id} {'created' if created else 'exists'}")
    return site


def var_dir() -> Path:
    value = os.environ.get("BENCH_VAR", "").strip()
    if value:
        return Path(value)
    from App.config import getConfiguration

    return Path(getConfiguration().clienthome)


def disk_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def database_size(var: Path) -> dict:
    data_fs = var / "filestorage" / "Data.fs"
    blobs = var / "blobstorage"
    sizes = {
        "data_fs_bytes": disk_size(data_fs) if data_fs.exists() else 0,
        "blobs_bytes": disk_size(blobs) if blobs.exists() else 0,
    }
    sizes["total_bytes"] = sizes["data_fs_bytes"] + sizes["blobs_bytes"]
    return sizes


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def parse_args(argv: list[str]) -> argparse.Namespace:
    defaults = Scale.from_environment()
    parser = argparse.ArgumentParser(
        prog="zconsole run bench/etc/zope.conf bench/generate.py",
        description="Build the benchmark sites bench86 and bench3 (idempotent).",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        default=os.environ.get("BENCH_FORCE", "") not in ("", "0"),
        help="delete both sites first and build them anew (env BENCH_FORCE=1)",
    )
    for name, value in asdict(defaults).items():
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=int,
            default=value,
            help=f"default {value} (env BENCH_{name.upper()})",
        )
    parser.add_argument(
        "--sites", default="bench86,bench3", help="which sites to build (default both)"
    )
    parser.add_argument(
        "--no-pack", action="store_true", help="do not pack the database at the end"
    )
    return parser.parse_args(argv)


def main(app, argv: list[str]) -> int:
    from digitalgemeinde.sitesetup import act_as
    from digitalgemeinde.sitesetup import ensure_admin

    args = parse_args(argv)
    scale = Scale(**{name: getattr(args, name) for name in asdict(Scale())})
    clock = Clock()
    var = var_dir()
    var.mkdir(parents=True, exist_ok=True)
    clock.say(f"Bench data in {var}: {scale}")
    admin = {
        "user": os.environ.get("ADMIN_USER", "admin"),
        "password": os.environ.get("ADMIN_PASSWORD", "admin"),
    }
    ensure_admin(app, admin["user"], admin["password"])
    commit()
    act_as(app, admin["user"])
    wanted = [site.strip() for site in args.sites.split(",") if site.strip()]
    manifest_path = var / "manifest.json"
    previous = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "zope_conf": "bench/etc/zope.conf",
        "bench_var": str(var),
        "admin": admin,
        "scale": asdict(scale),
        "sites": dict(previous.get("sites", {})),
    }
    for site_id in wanted:
        small = site_id != BIG_SITE
        site = ensure_bench_site(
            app, site_id, f"Einwohnerportal Bench ({site_id})", args.force, clock
        )
        manifest["sites"][site_id] = build_site(site, site_id, scale, clock, small=small)
        write_manifest(manifest_path, manifest)
    size_before = database_size(var)
    clock.say(f"Database before packing: {describe(size_before)}")
    manifest["size_before_pack"] = size_before
    if not args.no_pack:
        with clock.phase("pack"):
            app._p_jar.db().pack(days=0)
    size = database_size(var)
    manifest["size"] = size
    manifest["timings_seconds"] = {name: round(took, 1) for name, took in clock.phases.items()}
    manifest["timings_seconds"]["total"] = round(clock.total, 1)
    write_manifest(manifest_path, manifest)
    clock.say("Timings:")
    for name, took in clock.phases.items():
        print(f"    {took:9.1f}s  {name}", flush=True)
    print(f"    {clock.total:9.1f}s  total", flush=True)
    clock.say(f"Database: {describe(size)}")
    clock.say(f"Manifest: {manifest_path}")
    return 0


def describe(size: dict) -> str:
    return (
        f"Data.fs {megabytes(size['data_fs_bytes'])} + blobs {megabytes(size['blobs_bytes'])}"
        f" = {megabytes(size['total_bytes'])}"
    )


def write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n")
    temporary.replace(path)


def script_arguments() -> list[str]:
    """The arguments after the script's name (zconsole leaves its own in sys.argv)."""
    for index, arg in enumerate(sys.argv):
        if arg.endswith("generate.py"):
            return sys.argv[index + 1 :]
    return sys.argv[1:]


if __name__ == "__main__" and "app" in globals():
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main(app, script_arguments()))  # noqa: F821 (bound by zconsole)
