"""The fields of the generated request forms: supermodel XML, manifest values, typed values."""

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from plone.supermodel import loadString

from bench import texts
from bench.generation.common import seeded


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
    """The optional fields a form may add to the person's, in their order."""
    return [*_request_fields(name), *_detail_fields()]


def _request_fields(name: str) -> list[FormField]:
    """Where, when, how many and how: the first half of the pool."""
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
    ]


def _detail_fields() -> list[FormField]:
    """Birth date, property and remarks: the second half of the pool."""
    return [
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


def browser_values(fields: list[FormField]) -> dict:
    return {f.name: f.browser for f in fields if f.browser is not None}


def json_values(fields: list[FormField]) -> dict:
    return {f.name: f.json for f in fields if f.json is not None}


def fields_of_form(form) -> list[FormField]:
    """The FormField entries of a generated form, in its order."""
    names = list(loadString(form.fields_model).schema.names())
    known = {f.name: f for f in [*person_fields(), *pool_fields("")]}
    return [known[name] for name in names if name in known]
