"""The services of a municipality and their published request forms."""

from decimal import Decimal

from plone import api

from bench import texts
from bench.generation.common import OFFICES
from bench.generation.common import RETENTION_DAYS
from bench.generation.common import SAVE_DATA
from bench.generation.common import Clock
from bench.generation.common import commit
from bench.generation.common import rich
from bench.generation.common import seeded
from bench.generation.common import slug
from bench.generation.fields import fields_model
from bench.generation.fields import form_fields
from bench.generation.places import ensure
from bench.generation.places import publish_in_bulk
from digitalgemeinde.association.adopting import actions_model

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
