"""«New service with form» (``@@new-service`` on a municipality or canton): one page asks what
the service is, which office handles it and which standard fields its form starts with; the
domain (``submissions.new_service``) makes the service, its form and the delivery; the editor
lands on the form's field editor with a message saying what was made and what is left."""

from plone import api
from plone.app.z3cform.widgets.select import SelectFieldWidget
from plone.uuid.interfaces import IUUID
from plone.z3cform.layout import wrap_form
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.form.interfaces import WidgetActionExecutionError
from zExceptions import Unauthorized
from zope import schema
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from digitalgemeinde import _
from digitalgemeinde.amounts import SwissAmount
from digitalgemeinde.association.adopting import allowed_offices
from digitalgemeinde.submissions import new_service
from digitalgemeinde.submissions.form_starter import FIELDS
from digitalgemeinde.submissions.form_starter import STANDARD_FIELDS


@provider(IContextSourceBinder)
def offices_here(context):
    """The offices a service of the tenant may name: its own first, then its canton's."""
    terms = []
    for office in allowed_offices(context):
        tenant = office.aq_parent
        title = office.title if tenant == context else f"{office.title} ({tenant.title})"
        terms.append(SimpleTerm(IUUID(office), IUUID(office), title))
    return SimpleVocabulary(terms)


STARTING_FIELDS = SimpleVocabulary(
    [
        SimpleTerm("name", "name", _("Name (first and last name)")),
        SimpleTerm("address", "address", _("Address (street, postcode and place)")),
        SimpleTerm("email", "email", _("E-mail (for the receipt)")),
    ]
)


class INewService(Interface):
    title = schema.TextLine(title=_("Title"), description=_("e.g. Hund anmelden"))
    description = schema.Text(
        title=_("Short description"),
        description=_("One or two sentences: what the citizen gets."),
        required=False,
    )
    topics = schema.List(
        title=_("Topics"),
        description=_("Life situations under which citizens find the service."),
        value_type=schema.Choice(vocabulary="digitalgemeinde.vocabularies.topics"),
        min_length=1,
    )
    office = schema.Choice(
        title=_("Responsible office"),
        description=_("Requests through the form arrive in this office's inbox."),
        source=offices_here,
    )
    fee_amount = SwissAmount(title=_("Fee in CHF"), description=_("Optional."), required=False)
    processing_time = schema.TextLine(
        title=_("Processing time"), description=_("e.g. 3 working days"), required=False
    )
    standard_fields = schema.List(
        title=_("The form starts with"),
        description=_("You add the service's own fields next."),
        value_type=schema.Choice(vocabulary=STARTING_FIELDS),
        default=list(STANDARD_FIELDS),
        required=False,
    )


class NewServiceForm(form.Form):
    fields = field.Fields(INewService)
    fields["topics"].widgetFactory = CheckBoxFieldWidget
    fields["standard_fields"].widgetFactory = CheckBoxFieldWidget
    fields["office"].widgetFactory = SelectFieldWidget
    ignoreContext = True
    label = _("New service with form")
    description = _(
        "One step: the service, its form with the standard fields in the site's language, "
        "the purpose and data protection text, and the delivery to the office. Then you add "
        "the form's fields and publish."
    )

    def update(self):
        if not new_service.may_add(self.context):
            raise Unauthorized("You may not add services here.")
        super().update()

    @button.buttonAndHandler(_("Create service and form"), name="create")
    def handle_create(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        answers = new_service.Answers(**{name: data.get(name) for name in INewService.names()})
        answers.standard_fields = data.get("standard_fields") or []
        try:
            created = new_service.create(self.context, answers)
        except new_service.NewServiceRefused as refused:
            name, message = next(iter(refused.errors.items()))
            raise WidgetActionExecutionError(name, Invalid(message)) from refused
        api.portal.show_message(created_message(created, self.request), self.request)
        self.request.response.redirect(f"{created.form.absolute_url()}/fields", status=303)


def created_message(created, request) -> str:
    labels = [
        translate(term.title, context=request)
        for term in STARTING_FIELDS
        if any(spec[0] in created.fields for spec in FIELDS[term.value])
    ]
    message = _(
        "new_service_created",
        default="«${title}» and its form were created as drafts; requests go to ${office}. "
        "The form starts with: ${fields}. Left to do: add the service's own fields here, "
        "then publish the service and the form.",
        mapping={
            "title": created.service.title,
            "office": created.office.title,
            "fields": ", ".join(labels) or "–",
        },
    )
    return translate(message, context=request)


NewServiceView = wrap_form(NewServiceForm)
