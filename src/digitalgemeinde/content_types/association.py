"""Association (Verband): the project's home with news, status, service catalog and workshops."""

import re

from plone.app.textfield import RichText
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.content_types.contact import email_field
from digitalgemeinde.content_types.contact import website_field
from digitalgemeinde.interfaces import IAssociation

# One word a citizen may type: letters (any script), digits, hyphens and apostrophes.
SYNONYM_WORD = re.compile(r"^[\w'’-]+$")


class MalformedSynonymLine(ValidationError):
    """A line of the synonym list that is not "word, word = searched words"."""

    def doc(self):
        number, line = self.args
        return _(
            "error_synonym_line",
            default='Line ${number} ("${line}") is not a synonym group. Write the words citizens '
            'type, separated by commas, then "=" and the words to search for, e.g. '
            '"zügeln, umziehen = Umzug".',
            mapping={"number": number, "line": line[:80]},
        )


def parse_synonym_line(line: str) -> tuple[list[str], list[str]] | None:
    """The typed words and the searched words of one line of the synonym list, or None for an
    empty line or a comment (``#``). Raises ValueError for a malformed line."""
    line = " ".join((line or "").split())
    if not line or line.startswith("#"):
        return None
    typed, equals, searched = line.partition("=")
    typed_words = [word.strip() for word in typed.split(",")]
    searched_words = searched.split()
    if (
        not equals
        or "=" in searched
        or not searched_words
        or not all(SYNONYM_WORD.match(word) for word in typed_words + searched_words)
    ):
        raise ValueError(line)
    return typed_words, searched_words


class SynonymLines(schema.List):
    """The synonym list, one group a line: the first malformed line is named."""

    def __init__(self, **kw):
        kw.setdefault("value_type", schema.TextLine())
        super().__init__(**kw)

    def _validate(self, value):
        super()._validate(value)
        for number, line in enumerate(value or (), start=1):
            try:
                parse_synonym_line(line)
            except ValueError as error:
                raise MalformedSynonymLine(number, " ".join(line.split())) from error


class IAssociationSchema(model.Schema):
    canton = schema.Choice(
        title=_("Canton"),
        description=_("The canton whose municipalities the association brings together."),
        vocabulary="digitalgemeinde.vocabularies.cantons",
    )
    text = RichText(
        title=_("About the project"),
        description=_("Shown on the association's home page above the news."),
        required=False,
    )
    email = email_field()
    website = website_field()
    synonyms = SynonymLines(
        title=_("Synonyms for the service search"),
        description=_(
            "help_synonyms",
            default="One group a line: the everyday words citizens type, separated by commas, "
            '"=" and the words the search then looks for, e.g. "zügeln, umziehen = Umzug".',
        ),
        required=False,
        default=[],
        missing_value=[],
    )


@implementer(IAssociation)
class Association(Container):
    """The association of the canton's municipalities that runs the project."""
