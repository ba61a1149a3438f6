"""Request form settings of an EasyForm: how its submissions are handled and kept."""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider

from digitalgemeinde import _


@provider(IFormFieldProvider)
class IRequestForm(model.Schema):
    model.fieldset(
        "request",
        label=_("Request"),
        fields=["sensitive", "retention_days", "as_steps"],
    )
    sensitive = schema.Bool(
        title=_("Sensitive personal data"),
        description=_(
            "The office's notice then carries only the reference number and a link, "
            "never the values the citizen entered."
        ),
        required=False,
        default=False,
    )
    retention_days = schema.Int(
        title=_("Retention period in days"),
        description=_(
            "Closed requests are deleted, with their files, this many days after they were "
            "completed or rejected. Only anonymous counts remain."
        ),
        default=90,
        min=1,
        max=3650,
    )
    as_steps = schema.Bool(
        title=_("as_steps", default="Show the fieldsets as steps"),
        description=_(
            "help_as_steps",
            default="Each fieldset of the form is one step (the fields outside a fieldset "
            'first), with its progress, "Back" and "Continue", and a summary of everything '
            "entered before sending.",
        ),
        required=False,
        default=False,
    )

    model.fieldset(
        "identity",
        label=_("Login"),
        fields=["login_level", "prefill_claims", "ahv_purpose"],
    )
    login_level = schema.Choice(
        title=_("Login required"),
        description=_(
            "help_login_level",
            default="None: anyone may submit. Any login: citizens log in first (with a password "
            "or a login service). A login service's level: citizens log in there at this level "
            "or higher, and the office sees who submitted the request and at which level.",
        ),
        vocabulary="digitalgemeinde.LoginLevels",
        required=False,
        default="",
        missing_value="",
    )
    directives.widget("prefill_claims", rows=5)
    prefill_claims = schema.List(
        title=_("Fields filled in from the login"),
        description=_(
            "help_prefill_claims",
            default="One per line: field name|data, e.g. vorname|given_name. Data: given_name, "
            "family_name, email, birthdate, street, postal_code, city, ahv_number. A field "
            "whose data the login service vouches for is filled in and cannot be changed; "
            "otherwise the citizen may change it.",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        missing_value=[],
    )
    ahv_purpose = schema.Text(
        title=_("Why this form needs the AHV number"),
        description=_(
            "help_ahv_purpose",
            default="The AHV number is filled in from the login only when this says why the "
            "service needs it (shown to the citizen next to the field). Empty: never.",
        ),
        required=False,
        default="",
        missing_value="",
    )

    model.fieldset(
        "availability",
        label=_("Availability"),
        fields=["open_from", "open_until", "max_requests", "draft_days"],
    )
    open_from = schema.Datetime(
        title=_("Open from"),
        description=_(
            "help_open_from",
            default="Before this moment the form and the service's page say when it opens. "
            "Empty: open now.",
        ),
        required=False,
    )
    open_until = schema.Datetime(
        title=_("Open until"),
        description=_(
            "help_open_until",
            default="From this moment the form takes no more requests. Empty: no end.",
        ),
        required=False,
    )
    max_requests = schema.Int(
        title=_("Maximum number of requests"),
        description=_(
            "help_max_requests",
            default="E.g. the places in a course: once this many requests were made, the form "
            "says it is fully booked. Empty: no limit.",
        ),
        required=False,
        min=1,
    )
    draft_days = schema.Int(
        title=_("draft_days", default="Keep drafts (days)"),
        description=_(
            "help_draft_days",
            default="A citizen may save the form half filled in and continue later: the draft, "
            "with its files, is deleted this many days after it was last saved.",
        ),
        default=30,
        min=1,
        max=365,
    )

    @invariant
    def open_until_after_open_from(data):
        start = getattr(data, "open_from", None)
        end = getattr(data, "open_until", None)
        if start is not None and end is not None and end <= start:
            raise Invalid(
                _(
                    "invalid_open_until",
                    default="The form must close after it opens: "
                    '"Open until" must be later than "Open from".',
                )
            )
