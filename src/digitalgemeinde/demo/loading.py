"""Reading the demo data: the YAML files and the form-field fragments in ``demo/data/``.

A fragment (``data/fields/<name>.xml``) is a supermodel model of its own with fields that
several forms share or that one form adds. A form's field model names its fragments in order;
``fields_model`` writes their fields into one model, each start tag on one line, as the form
then shows it to an editor. An entry ``{fieldset, label, fragments}`` puts the fields of its
fragments into a fieldset (a step of a form shown as steps).
"""

import re
from importlib.resources import files

import yaml

DATA = files("digitalgemeinde.demo") / "data"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
MODEL_HEAD = '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n  <schema>'
MODEL_TAIL = "\n  </schema>\n</model>\n"
START_TAG = re.compile(r'<(\w+)((?:\s+[\w:]+="[^"]*")*)\s*>')
ATTRIBUTE = re.compile(r'[\w:]+="[^"]*"')


def read(name: str):
    """The content of the YAML file ``name`` in ``demo/data/``."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def fields_model(fragments: list) -> str:
    """One supermodel XML with the fields of the fragments named ``fragments``, in order; an
    entry ``{fieldset, label, fragments}`` is a fieldset of its fragments' fields."""
    return MODEL_HEAD + "".join(part(entry) for entry in fragments) + MODEL_TAIL


def part(entry) -> str:
    """The fields of a fragment name, or the fieldset of a ``{fieldset, label, fragments}``."""
    if isinstance(entry, str):
        return fragment(entry)
    fields = "".join(fragment(name) for name in entry["fragments"]).replace("\n", "\n  ")
    return (
        f'\n    <fieldset name="{entry["fieldset"]}" label="{entry["label"]}">'
        f"{fields}\n    </fieldset>"
    )


def fragment(name: str) -> str:
    """The fields of the fragment ``name``: what its file has inside ``<schema>``."""
    text = (DATA / "fields" / f"{name}.xml").read_text(encoding="utf-8")
    text = START_TAG.sub(one_line, text.removeprefix(XML_DECLARATION))
    if not (text.startswith(MODEL_HEAD) and text.endswith(MODEL_TAIL)):
        raise ValueError(f"Demo field fragment {name}.xml: not one model with one schema")
    return text[len(MODEL_HEAD) : -len(MODEL_TAIL)]


def one_line(match: re.Match) -> str:
    """A start tag with its attributes on one line (the fragment files have one a line)."""
    attributes = "".join(f" {attribute}" for attribute in ATTRIBUTE.findall(match.group(2)))
    return f"<{match.group(1)}{attributes}>"
