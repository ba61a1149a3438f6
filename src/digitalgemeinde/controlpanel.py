"""The portal's settings: the topics (life situations) services are filed under."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid

from digitalgemeinde import _
from digitalgemeinde.vocabularies.topics import parse_topic


def check_topic_line(value: str) -> bool:
    try:
        parse_topic(value)
    except ValueError as error:
        raise Invalid(str(error)) from error
    return True


class ISettings(Interface):
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


class SettingsEditForm(RegistryEditForm):
    schema = ISettings
    schema_prefix = "digitalgemeinde"
    label = _("Einwohnerportal settings")


SettingsView = layout.wrap_form(SettingsEditForm, ControlPanelFormWrapper)
