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
from digitalgemeinde.colours import DEFAULT as DEFAULT_COLOUR
from digitalgemeinde.colours import check_brand_colour
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


def count(title, default: int, maximum: int, description=None) -> schema.Int:
    """A setting that counts something: a whole number from 1 to ``maximum``."""
    return schema.Int(title=title, description=description, default=default, min=1, max=maximum)


def optional_lines(title, description, constraint) -> schema.List:
    """An optional list of lines, each one checked by ``constraint``."""
    return schema.List(
        title=title,
        description=description,
        value_type=schema.TextLine(constraint=constraint),
        required=False,
        default=[],
        missing_value=[],
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

    upload_max_mb = count(
        _("Largest upload in MB"),
        DEFAULT_MAX_MB,
        100,
        description=_("Per file, in every file field of the online forms."),
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
    delivery_max_attempts = count(
        _("Attempts per delivery"),
        12,
        100,
        description=_(
            "A request that could not be delivered after this many attempts is flagged in "
            "the office's inbox."
        ),
    )
    delivery_max_hours = count(
        _("Give up after (hours)"),
        72,
        24 * 30,
        description=_("A request is flagged as not delivered at the latest after this time."),
    )
    delivery_retry_seconds = count(
        _("First retry after (seconds)"),
        30,
        3600,
        description=_("Each further retry waits twice as long, at most one hour."),
    )
    delivery_timeout_seconds = count(
        _("Timeout of a delivery (seconds)"),
        10,
        120,
    )

    model.fieldset("origins", label=_("Other websites"), fields=["allowed_origins"])
    allowed_origins = optional_lines(
        _("Further allowed origins"),
        _(
            "help_allowed_origins",
            default="Changes by logged-in users are accepted only from this site's own "
            "address. One per line: further addresses whose pages may send them, e.g. "
            "https://www.liestal.ch. Programs that log in with a password or a token are not "
            "affected.",
        ),
        check_origin_line,
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
    outgoing_allowed_hosts = optional_lines(
        _("Allowed internal hosts"),
        _(
            "help_outgoing_allowed_hosts",
            default="Requests are delivered to specialist applications at https:// addresses "
            "on the internet only. One per line, host or host:port (e.g. fachapp.intern:8443, "
            "10.0.0.5:443, [fd00::5]:443): hosts that may also be reached over plain http:// "
            "and at addresses of the hosting network (loopback, private, link-local). List "
            "only hosts you trust, with their port.",
        ),
        check_allowed_host_line,
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
    login_window_minutes = count(
        _("Window of failed logins (minutes)"),
        15,
        24 * 60,
        description=_(
            "help_login_window_minutes",
            default="Failed logins are counted within this time. Once the limit is reached, "
            "logging in is blocked until this time has passed since the last failed login.",
        ),
    )
    login_account_delay_after = count(
        _("Failed logins of an account before a wait"),
        3,
        100,
        description=_(
            "After this many failed logins of one account, each further attempt must wait "
            "longer than the one before (1, 2, 4 … seconds)."
        ),
    )
    login_account_limit = count(
        _("Failed logins of an account before it is blocked"),
        10,
        100,
    )
    login_address_delay_after = count(
        _("Failed logins from an address before a wait"),
        10,
        1000,
        description=_(
            "help_login_address",
            default="Counted per client address, across all accounts. Behind a proxy, set "
            "trusted-proxy in zope.conf, or every login seems to come from the proxy.",
        ),
    )
    login_address_limit = count(
        _("Failed logins from an address before it is blocked"),
        50,
        1000,
    )

    model.fieldset("access_log", label=_("Access log"), fields=["access_log_days"])
    access_log_days = count(
        _("Keep the access log (days)"),
        365,
        3650,
        description=_(
            "help_access_log_days",
            default="Who opened, downloaded, exported or forwarded which request is kept this "
            "long; the daily purge removes older entries.",
        ),
    )

    model.fieldset(
        "privacy", label=_("Purpose and data protection"), fields=["privacy_text", "privacy_url"]
    )
    privacy_text = schema.Text(
        title=_("Purpose and data protection"),
        description=_(
            "help_privacy_text",
            default="Shown above the submit button of every form made with «New service with "
            "form»: what the details are used for and who gets them. Empty: a standard text "
            "in the site's language.",
        ),
        required=False,
        default="",
    )
    privacy_url = schema.URI(
        title=_("Address of the privacy statement"),
        description=_("Linked below that text, e.g. https://www.liestal.ch/datenschutz."),
        required=False,
    )

    model.fieldset("exports", label=_("Exports"), fields=["export_background_from"])
    export_background_from = count(
        _("Export in the background from (requests)"),
        5000,
        10_000_000,
        description=_(
            "help_export_background_from",
            default="An export of the inbox with this many requests or more is made in the "
            "background: the clerk gets a mail with a link to the file, kept for 24 hours. "
            "Smaller exports are downloaded at once.",
        ),
    )

    model.fieldset("appearance", label=_("Appearance"), fields=["brand_colour"])
    brand_colour = schema.TextLine(
        title=_("Colour of the portal"),
        description=_(
            "help_brand_colour",
            default="As #rrggbb, e.g. #00557f: the main navigation's background and the colour "
            "of links. Only colours that text can be read on (contrast 4.5:1) are taken.",
        ),
        default=DEFAULT_COLOUR,
        constraint=check_brand_colour,
    )


class SettingsEditForm(RegistryEditForm):
    schema = ISettings
    schema_prefix = "digitalgemeinde"
    label = _("Einwohnerportal settings")


SettingsView = layout.wrap_form(SettingsEditForm, ControlPanelFormWrapper)
