"""The portal's settings: the topics (life situations) services are filed under, and what
citizens may upload with a request."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.autoform import directives
from plone.supermodel import model
from plone.z3cform import layout
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.security.origin import check_origin_line
from digitalgemeinde.submissions.limits import DEFAULT_FILE_TYPES
from digitalgemeinde.submissions.limits import DEFAULT_MAX_MB
from digitalgemeinde.submissions.limits import FILE_KINDS
from digitalgemeinde.vocabularies.topics import parse_topic

FILE_KIND_VOCABULARY = SimpleVocabulary(
    [
        SimpleTerm(kind.token, kind.token, f"{kind.title} ({', '.join(kind.extensions)})")
        for kind in FILE_KINDS.values()
    ]
)


def check_topic_line(value: str) -> bool:
    try:
        parse_topic(value)
    except ValueError as error:
        raise Invalid(str(error)) from error
    return True


class ISettings(model.Schema):
    topics = schema.List(
        title=_("Topics"),
        description=_(
            "help_topics",
            default="One per line: token|German title|French title, e.g. "
            "building|Bauen|Construction. Tokens are stored on the services: "
            "do not change the token of a topic in use.",
        ),
        value_type=schema.TextLine(constraint=check_topic_line),
        min_length=1,
    )

    upload_max_mb = schema.Int(
        title=_("Largest upload in MB"),
        description=_("Per file, in every file field of the online forms."),
        default=DEFAULT_MAX_MB,
        min=1,
        max=100,
    )

    directives.widget("allowed_file_types", CheckBoxFieldWidget)
    allowed_file_types = schema.List(
        title=_("Allowed file types"),
        description=_(
            "Citizens may upload files of these types only. The content of a file is checked, "
            "not just its name."
        ),
        value_type=schema.Choice(vocabulary=FILE_KIND_VOCABULARY),
        default=list(DEFAULT_FILE_TYPES),
        min_length=1,
    )

    model.fieldset(
        "delivery",
        label=_("Specialist applications"),
        fields=[
            "delivery_max_attempts",
            "delivery_max_hours",
            "delivery_retry_seconds",
            "delivery_timeout_seconds",
        ],
    )
    delivery_max_attempts = schema.Int(
        title=_("Attempts per delivery"),
        description=_(
            "A request that could not be delivered after this many attempts is flagged in "
            "the office's inbox."
        ),
        default=12,
        min=1,
        max=100,
    )
    delivery_max_hours = schema.Int(
        title=_("Give up after (hours)"),
        description=_("A request is flagged as not delivered at the latest after this time."),
        default=72,
        min=1,
        max=24 * 30,
    )
    delivery_retry_seconds = schema.Int(
        title=_("First retry after (seconds)"),
        description=_("Each further retry waits twice as long, at most one hour."),
        default=30,
        min=1,
        max=3600,
    )
    delivery_timeout_seconds = schema.Int(
        title=_("Timeout of a delivery (seconds)"),
        default=10,
        min=1,
        max=120,
    )

    model.fieldset("origins", label=_("Other websites"), fields=["allowed_origins"])
    allowed_origins = schema.List(
        title=_("Further allowed origins"),
        description=_(
            "help_allowed_origins",
            default="Changes by logged-in users are accepted only from this site's own "
            "address. One per line: further addresses whose pages may send them, e.g. "
            "https://www.liestal.ch. Programs that log in with a password or a token are not "
            "affected.",
        ),
        value_type=schema.TextLine(constraint=check_origin_line),
        required=False,
        default=[],
        missing_value=[],
    )


class SettingsEditForm(RegistryEditForm):
    schema = ISettings
    schema_prefix = "digitalgemeinde"
    label = _("Einwohnerportal settings")


SettingsView = layout.wrap_form(SettingsEditForm, ControlPanelFormWrapper)
