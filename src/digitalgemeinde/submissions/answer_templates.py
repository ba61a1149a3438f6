"""The office's answer templates on a request: which apply to a step, and their text filled in.

The templates are kept on the Office (``answer_templates``, its format and check in
``content_types.answer_templates``). The placeholders are filled here, on the server:
{reference} the request's reference, {service} its service, {name} the citizen's name from the
form's first and last name fields (or a single name field); without one, an empty name.
"""

from digitalgemeinde.content_types.answer_templates import PLACEHOLDER
from digitalgemeinde.content_types.answer_templates import TemplateError
from digitalgemeinde.content_types.answer_templates import parse

# Which templates a step of the workflow, or a message, offers.
KIND_OF_ACTION = {"ask": "ask", "complete": "complete", "reject": "reject", "message": "message"}
FIRST_NAMES = ("vorname", "first_name", "firstname", "prenom", "prénom", "nome")
LAST_NAMES = ("nachname", "last_name", "lastname", "surname", "nom", "cognome")
FULL_NAMES = ("name", "full_name", "fullname", "name_vorname")


def office_templates(office) -> list:
    """The office's templates; none when its text does not parse (it was checked on saving)."""
    try:
        return parse(getattr(office, "answer_templates", "") or "")
    except TemplateError:
        return []


def templates_for(submission, action: str) -> list[dict]:
    """``[{index, title}]``: the templates of the request's office for ``action`` (a step id or
    "message"); ``index`` is what ``filled_template`` takes."""
    kind = KIND_OF_ACTION.get(action)
    if kind is None:
        return []
    return [
        {"index": index, "title": template.title}
        for index, template in enumerate(office_templates(submission.__parent__))
        if template.kind == kind
    ]


def submitter_name(submission) -> str:
    """The citizen's name from the form: first and last name fields, or one name field."""
    values = {name.lower(): value for name, value in submission.values.items()}

    def first_text(names) -> str:
        for name in names:
            value = values.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    both = " ".join(part for part in (first_text(FIRST_NAMES), first_text(LAST_NAMES)) if part)
    return both or first_text(FULL_NAMES)


def fill(text: str, submission) -> str:
    """``text`` with its placeholders filled in for ``submission``."""
    mapping = {
        "reference": submission.reference or "",
        "name": submitter_name(submission),
        "service": submission.service_title or "",
    }
    return PLACEHOLDER.sub(lambda match: mapping.get(match.group(1), match.group(0)), text)


def filled_template(submission, action: str, index) -> str:
    """The text of the office's template ``index`` for ``action``, filled in; "" if none."""
    try:
        index = int(index)
    except (TypeError, ValueError):
        return ""
    templates = office_templates(submission.__parent__)
    if not 0 <= index < len(templates):
        return ""
    template = templates[index]
    if template.kind != KIND_OF_ACTION.get(action):
        return ""
    return fill(template.text, submission)
