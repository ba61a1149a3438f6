"""Figure 8's forms (issue 19): a move in 4 steps with a repeating group of 4 persons, and the
same fields on one page (the baseline), both delivered to the office of the harness's service.

Both forms share one model: 4 fieldsets (no field outside them, so 4 steps), the third one
the persons who move (``submissions.groups``' field, up to 4 entries). Only ``as_steps``
differs. The manifest gets both paths, the steps' field names and the browser's values (the
group as its widget posts it: ``persons.count``, ``persons.N.widgets.<field>``).
"""

from plone import api

from bench.generation.common import RETENTION_DAYS
from bench.generation.common import path_of
from bench.generation.places import ensure
from bench.generation.places import publish_in_bulk
from digitalgemeinde.association.adopting import actions_model

STEPS_FORM = "formular-umzug-in-schritten"
ONE_PAGE_FORM = "formular-umzug-eine-seite"
PERSONS = 4  # entries of the group in every walk


def _line(name: str, title: str, kind: str = "zope.schema.TextLine", required=True) -> str:
    optional = "" if required else "<required>False</required>"
    return f'<field name="{name}" type="{kind}"><title>{title}</title>{optional}</field>'


STEPS = (
    (
        "angaben",
        "Ihre Angaben",
        [
            _line("vorname", "Vorname"),
            _line("nachname", "Nachname"),
            _line("email", "E-Mail", "plone.schema.email.Email"),
            _line("telefon", "Telefon", required=False),
        ],
    ),
    (
        "adresse",
        "Neue Adresse",
        [
            _line("strasse", "Strasse und Hausnummer"),
            _line("plz", "Postleitzahl"),
            _line("ort", "Ort"),
            _line("datum", "Datum des Umzugs", "zope.schema.Date"),
        ],
    ),
    (
        "personen",
        "Wer zieht um?",
        [
            '<field name="persons" type="digitalgemeinde.submissions.groups.RepeatingGroup">'
            "<title>Personen</title><min_length>1</min_length>"
            f"<max_length>{PERSONS}</max_length>"
            "<add_label>weitere Person hinzufügen</add_label><row>"
            + _line("name", "Name")
            + _line("vorname", "Vorname")
            + _line("geburtsdatum", "Geburtsdatum", "zope.schema.Date", required=False)
            + _line("beziehung", "Beziehung", required=False)
            + "</row></field>"
        ],
    ),
    (
        "weiteres",
        "Weiteres",
        [_line("bemerkungen", "Bemerkungen", "zope.schema.Text", required=False)],
    ),
)

STEP_FIELDS = [["vorname", "nachname", "email", "telefon"], ["strasse", "plz", "ort", "datum"]]
STEP_FIELDS += [["persons"], ["bemerkungen"]]

MODEL = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n  <schema>\n'
    + "".join(
        f'    <fieldset name="{name}" label="{label}">\n      '
        + "\n      ".join(fields)
        + "\n    </fieldset>\n"
        for name, label, fields in STEPS
    )
    + "  </schema>\n</model>\n"
)

FAMILY = (("Muster", "Anna", "1980-02-01", "Ich"), ("Muster", "Ben", "1982-07-12", "Partner"))
FAMILY += (("Muster", "Cleo", "2012-03-30", "Tochter"), ("Muster", "Dan", "2015-11-05", "Sohn"))


def browser_values() -> dict:
    """The values of both forms as the browser posts them (without ``form.widgets.``)."""
    values = {
        "vorname": "Anna",
        "nachname": "Muster",
        "email": "anna.muster@example.ch",
        "telefon": "061 123 45 67",
        "strasse": "Rheinstrasse 20",
        "plz": "4410",
        "ort": "Liestal",
        "datum": "2026-12-31",
        "persons.count": str(PERSONS),
        "bemerkungen": "Wir ziehen mit dem ganzen Haushalt um.",
    }
    for index, (name, vorname, born, relation) in enumerate(FAMILY[:PERSONS]):
        prefix = f"persons.{index}"
        values[f"{prefix}.widgets.name"] = name
        values[f"{prefix}.widgets.vorname"] = vorname
        values[f"{prefix}.widgets.geburtsdatum"] = born
        values[f"{prefix}.widgets.beziehung"] = relation
        values[f"{prefix}-empty-marker"] = "1"
    return values


def ensure_step_forms(municipality, office) -> dict:
    """Both forms in ``municipality`` (published, delivered to ``office``); their manifest
    entry."""
    common = {
        "fields_model": MODEL,
        "actions_model": actions_model(api.content.get_uuid(office)),
        "includeEmpties": False,
        "retention_days": RETENTION_DAYS,
    }
    steps, _ = ensure(
        municipality,
        "EasyForm",
        STEPS_FORM,
        {"title": "Umzug melden (in Schritten)", **common},
        publisher=publish_in_bulk,
    )
    steps.as_steps = True
    one_page, _ = ensure(
        municipality,
        "EasyForm",
        ONE_PAGE_FORM,
        {"title": "Umzug melden (eine Seite)", **common},
        publisher=publish_in_bulk,
    )
    one_page.as_steps = False
    return {
        "steps_form": path_of(steps),
        "one_page_form": path_of(one_page),
        "steps_form_steps": STEP_FIELDS,
        "steps_form_values": browser_values(),
        "steps_form_persons": PERSONS,
    }
