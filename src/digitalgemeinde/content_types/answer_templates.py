"""The format of an office's answer templates, and its check when the office is saved.

One text field; each template starts with a line ``[kind] Title``, followed by its text (any
number of lines, up to the next ``[kind]`` line). ``kind`` is what the template is for:
``ask`` (Rückfrage), ``message`` (Nachricht), ``complete`` (Abschliessen) or ``reject``
(Ablehnen), in English or German. The text may use the placeholders {reference}, {name} and
{service}; any other placeholder is refused, naming its line. For example::

    [ask] Fehlender Impfausweis
    Guten Tag {name}
    Für Ihr Anliegen {reference} ({service}) fehlt der Impfausweis. Bitte laden Sie ihn hoch.
"""

import re
from dataclasses import dataclass

from zope.i18nmessageid import Message
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _

KINDS = {
    "ask": "ask",
    "rückfrage": "ask",
    "message": "message",
    "nachricht": "message",
    "complete": "complete",
    "abschliessen": "complete",
    "reject": "reject",
    "ablehnen": "reject",
}
PLACEHOLDERS = ("reference", "name", "service")
HEADER = re.compile(r"^\[([^\]]*)\]\s*(.*)$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class AnswerTemplate:
    kind: str  # ask, message, complete or reject
    title: str
    text: str


class TemplateError(ValidationError):
    """A line of the templates is wrong: the message names it."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def doc(self):
        return self.message


def parse(value: str) -> list[AnswerTemplate]:
    """The templates of the field's text; ``TemplateError`` names the first wrong line."""
    templates: list[AnswerTemplate] = []
    current: dict | None = None
    for number, line in enumerate((value or "").splitlines(), start=1):
        header = HEADER.match(line.strip())
        if header:
            if current is not None:
                templates.append(finish(current))
            current = start(number, header.group(1), header.group(2))
            continue
        if current is None:
            if line.strip():
                raise TemplateError(
                    _(
                        "error_template_start",
                        default="Line ${line}: a template starts with [kind] and its title, "
                        "e.g. [ask] Missing document.",
                        mapping={"line": number},
                    )
                )
            continue
        check_placeholders(number, line)
        current["lines"].append(line)
    if current is not None:
        templates.append(finish(current))
    return templates


def start(number: int, kind: str, title: str) -> dict:
    normalized = KINDS.get(kind.strip().lower())
    if normalized is None:
        raise TemplateError(
            _(
                "error_template_kind",
                default="Line ${line}: unknown kind «${kind}»; use ask, message, complete or "
                "reject.",
                mapping={"line": number, "kind": kind},
            )
        )
    if not title.strip():
        raise TemplateError(
            _(
                "error_template_title",
                default="Line ${line}: the template needs a title after [${kind}].",
                mapping={"line": number, "kind": kind},
            )
        )
    return {"kind": normalized, "title": title.strip(), "lines": [], "line": number}


def finish(current: dict) -> AnswerTemplate:
    text = "\n".join(current["lines"]).strip()
    if not text:
        raise TemplateError(
            _(
                "error_template_empty",
                default="Line ${line}: the template «${title}» has no text.",
                mapping={"line": current["line"], "title": current["title"]},
            )
        )
    return AnswerTemplate(current["kind"], current["title"], text)


def check_placeholders(number: int, line: str) -> None:
    for name in PLACEHOLDER.findall(line):
        if name not in PLACEHOLDERS:
            raise TemplateError(
                _(
                    "error_template_placeholder",
                    default="Line ${line}: unknown placeholder {${name}}; use {reference}, "
                    "{name} or {service}.",
                    mapping={"line": number, "name": name},
                )
            )


def check_templates(value: str) -> bool:
    """The field's constraint: the text parses (see ``parse``)."""
    parse(value)
    return True
