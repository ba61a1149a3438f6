"""StandardService: a service the association defines once and every municipality adopts.

It has every descriptive field of a Service, a form template (an easyform field model) and an
office hint. Each release (workflow transition "release", with its change note) freezes the
fields into ``releases``: adopters follow those snapshots, never the draft being edited.
"""

from persistent.list import PersistentList
from plone.dexterity.content import Item
from plone.supermodel import loadString
from zope import schema
from zope.interface import implementer
from zope.schema.interfaces import ValidationError

from digitalgemeinde import _
from digitalgemeinde.content_types.service_description import IServiceDescription
from digitalgemeinde.content_types.validation import DetailedError
from digitalgemeinde.form_code import refused_in_template
from digitalgemeinde.interfaces import IStandardService


class InvalidFormTemplate(DetailedError):
    message = _(
        "error_form_template",
        default="The form template is not a valid form field model: ${value}",
    )


def parse_form_template(value: str):
    """The schema of a form template; InvalidFormTemplate naming the problem otherwise."""
    if not (value or "").strip():
        raise InvalidFormTemplate("it is empty.")
    try:
        model = loadString(value)
    except Exception as error:  # the parser's own message says where it failed
        raise InvalidFormTemplate(str(error).strip() or error.__class__.__name__) from error
    form_schema = model.schemata.get("")
    if form_schema is None or not form_schema.names():
        raise InvalidFormTemplate("it has no field.")
    return form_schema


class CodeInTemplate(ValidationError):
    """The template holds code (an expression, a script, a dotted name): site Managers only."""

    def doc(self):
        return self.args[0]


class FormTemplate(schema.Text):
    """An easyform field model (supermodel XML) that parses and has at least one field, and
    holds no code unless a site Manager puts it there."""

    def _validate(self, value):
        super()._validate(value)
        parse_form_template(value)
        if value == getattr(self.context, self.__name__, None):
            return  # unchanged: whoever stored it may have used code
        refused = refused_in_template(value)
        if refused is not None:
            raise CodeInTemplate(refused)


class IStandardServiceSchema(IServiceDescription):
    office_hint = schema.TextLine(
        title=_("Usual office"),
        description=_(
            "Name of the office that usually handles the service, e.g. Einwohnerdienste: "
            "adopting in many municipalities at once picks the office of that name."
        ),
        required=False,
    )
    form_template = FormTemplate(
        title=_("Form template"),
        description=_(
            "The fields of the online form as an easyform field model (XML). Adopting "
            "municipalities get a form with these fields."
        ),
        required=True,
    )
    form_as_steps = schema.Bool(
        title=_("form_as_steps", default="Show the form's fieldsets as steps"),
        description=_(
            "help_form_as_steps",
            default="Adopting municipalities get a form that shows each fieldset of the template "
            "as one step, with a summary before sending.",
        ),
        required=False,
        default=False,
    )


@implementer(IStandardService)
class StandardService(Item):
    """A standard service of the association's catalog."""

    releases = ()  # PersistentList of release snapshots, oldest first (see association.releases)

    def add_release(self, snapshot: dict) -> None:
        if not isinstance(self.releases, PersistentList):
            self.releases = PersistentList()
        self.releases.append(snapshot)

    @property
    def version(self) -> int:
        """The number of the latest released version; 0 before the first release."""
        return self.releases[-1]["version"] if self.releases else 0

    def latest_release(self) -> dict | None:
        return self.releases[-1] if self.releases else None

    def get_release(self, version: int) -> dict | None:
        for release in self.releases:
            if release["version"] == version:
                return release
        return None
