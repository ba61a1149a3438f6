"""The office's routing form (``@@routing``): where its requests go, for who may route them.

Site administrators also find these fields in the office's edit form; the tenant's admins may
not edit the office otherwise, and its editors do not see the fields there (security.routing)."""

from plone.base import PloneMessageFactory as _p
from plone.z3cform import layout
from z3c.form import button
from z3c.form import field
from z3c.form import form

from digitalgemeinde import _
from digitalgemeinde.content_types.office import IOfficeSchema
from digitalgemeinde.content_types.office_routing import ROUTING_FIELDS
from digitalgemeinde.identity.session_limits import require_recent_login


class RoutingForm(form.EditForm):
    fields = field.Fields(IOfficeSchema).select(*ROUTING_FIELDS)
    label = _("Where this office's requests go")
    description = _(
        "help_routing_form",
        default="The notice of every new request, with what the citizen entered, goes to "
        "this address; the specialist application receives the whole request. Only the "
        "tenant's administrators change this, and every change is logged.",
    )
    successMessage = _p("Changes saved")
    noChangesMessage = _p("No changes were made.")

    def update(self):
        # a sensitive step: a recent login before the form is shown or saved
        require_recent_login(self.request, came_from=f"{self.context.absolute_url()}/@@routing")
        super().update()

    @button.buttonAndHandler(_p("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        self.status = self.successMessage if self.applyChanges(data) else self.noChangesMessage

    @button.buttonAndHandler(_p("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


RoutingView = layout.wrap_form(RoutingForm)
