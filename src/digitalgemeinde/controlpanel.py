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
from digitalgemeinde.outgoing_addresses import check_allowed_host_line
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


CLAMD_UNAVAILABLE_VOCABULARY = SimpleVocabulary(
    [
        SimpleTerm(
            "refuse", "refuse", _("Refuse the upload: the citizen is asked to try again later")
        ),
        SimpleTerm(
            "accept",
            "accept",
            _("Accept the upload and flag the request for the office as not scanned"),
        ),
    ]
)


def check_clamd_address(value: str) -> bool:
    value = value.strip()
    host, colon, port = value.rpartition(":")
    if not value or value.startswith("/") or (colon and host and port.isdigit()):
        return True
    raise Invalid(_("A unix socket path (starting with /) or host:port."))


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

    model.fieldset(
        "antivirus",
        label=_("Virus scan"),
        fields=["clamd_address", "clamd_unavailable"],
    )
    clamd_address = schema.TextLine(
        title=_("Address of clamd"),
        description=_(
            "help_clamd_address",
            default="ClamAV's daemon, which checks every uploaded file for viruses: the path "
            "of its unix socket (e.g. /run/clamav/clamd.ctl) or host:port. Empty: no virus scan.",
        ),
        required=False,
        default="",
        constraint=check_clamd_address,
    )
    clamd_unavailable = schema.Choice(
        title=_("When clamd cannot be reached"),
        vocabulary=CLAMD_UNAVAILABLE_VOCABULARY,
        default="refuse",
    )

    model.fieldset(
        "outgoing",
        label=_("Outgoing connections"),
        fields=["outgoing_allowed_hosts", "outgoing_allow_http"],
    )
    outgoing_allowed_hosts = schema.List(
        title=_("Allowed internal hosts"),
        description=_(
            "help_outgoing_allowed_hosts",
            default="Requests are delivered to specialist applications at https:// addresses "
            "on the internet only. One per line, host or host:port (e.g. fachapp.intern:8443, "
            "10.0.0.5:443, [fd00::5]:443): hosts that may also be reached over plain http:// "
            "and at addresses of the hosting network (loopback, private, link-local). List "
            "only hosts you trust, with their port.",
        ),
        value_type=schema.TextLine(constraint=check_allowed_host_line),
        required=False,
        default=[],
        missing_value=[],
    )
    outgoing_allow_http = schema.Bool(
        title=_("Also deliver over plain http://"),
        description=_(
            "help_outgoing_allow_http",
            default="Off: only https:// addresses, except for the allowed hosts above. On: "
            "also http:// addresses on the internet; the requests then travel unencrypted.",
        ),
        required=False,
        default=False,
    )

    model.fieldset(
        "login",
        label=_("Login protection"),
        fields=[
            "login_window_minutes",
            "login_account_delay_after",
            "login_account_limit",
            "login_address_delay_after",
            "login_address_limit",
        ],
    )
    login_window_minutes = schema.Int(
        title=_("Window of failed logins (minutes)"),
        description=_(
            "help_login_window_minutes",
            default="Failed logins are counted within this time. Once the limit is reached, "
            "logging in is blocked until this time has passed since the last failed login.",
        ),
        default=15,
        min=1,
        max=24 * 60,
    )
    login_account_delay_after = schema.Int(
        title=_("Failed logins of an account before a wait"),
        description=_(
            "After this many failed logins of one account, each further attempt must wait "
            "longer than the one before (1, 2, 4 … seconds)."
        ),
        default=3,
        min=1,
        max=100,
    )
    login_account_limit = schema.Int(
        title=_("Failed logins of an account before it is blocked"),
        default=10,
        min=1,
        max=100,
    )
    login_address_delay_after = schema.Int(
        title=_("Failed logins from an address before a wait"),
        description=_(
            "help_login_address",
            default="Counted per client address, across all accounts. Behind a proxy, set "
            "trusted-proxy in zope.conf, or every login seems to come from the proxy.",
        ),
        default=10,
        min=1,
        max=1000,
    )
    login_address_limit = schema.Int(
        title=_("Failed logins from an address before it is blocked"),
        default=50,
        min=1,
        max=1000,
    )


class SettingsEditForm(RegistryEditForm):
    schema = ISettings
    schema_prefix = "digitalgemeinde"
    label = _("Einwohnerportal settings")


SettingsView = layout.wrap_form(SettingsEditForm, ControlPanelFormWrapper)
