"""The view of a request form (an EasyForm) on the add-on's layer.

easyform's form, with, after an error: a summary at the top that links to each field in error
and takes the focus (no script: ``autofocus``), the page title starting with "Fehler:", and each
field's layout saying what is wrong (``widgets.RenderWidget``). When the same values were just
sent, the form says so and links to that request instead of a second receipt.
"""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from plone.app.layout.viewlets.common import TitleViewlet
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.browser.forms import conditions as show_when
from digitalgemeinde.browser.forms.availability import enforce as enforce_availability
from digitalgemeinde.browser.forms.drafts import handle as handle_drafts
from digitalgemeinde.browser.forms.groups import button_pressed as group_button_pressed
from digitalgemeinde.browser.forms.interfaces import IForgivingWidget
from digitalgemeinde.browser.forms.interfaces import IStepForm
from digitalgemeinde.browser.forms.login_required import enforce as enforce_login
from digitalgemeinde.browser.forms.summary import Summary
from digitalgemeinde.browser.forms.summary import error_summary
from digitalgemeinde.browser.forms.summary import repeated_delivery
from digitalgemeinde.payments.fee_notice import fee_rule_notice
from digitalgemeinde.submissions.steps import shows_steps
from digitalgemeinde.submissions.tokens import status_url


class RequestForm(EasyFormForm):
    form_template = ViewPageTemplateFile("templates/form.pt")
    _summary = None
    _schema = None

    @property
    def schema(self):
        # easyform parses the form's model again at every use (four times per submission)
        if self._schema is None:
            self._schema = super().schema
        return self._schema

    def update(self):
        if not group_button_pressed(self.request):
            return super().update()
        # an entry of a repeating group added or removed (groups.py): the form again with
        # every value kept, neither validated nor sent (easyform takes any POST as sent)
        self.formMaybeForceSSL()
        super(EasyFormForm, self).update()
        self.markWidgets()
        self.template = self.form_template

    def markWidgets(self):
        super().markWidgets()
        for group in [self, *(self.groups or ())]:
            for widget in group.widgets.values():
                alsoProvides(widget, IForgivingWidget)
        show_when.mark(self)  # a field's condition: for the script, and its hint

    def summary(self) -> Summary:
        if self._summary is None:
            self._summary = error_summary(self, self.request)
        return self._summary

    def has_errors(self) -> bool:
        return bool(self.summary())

    @property
    def enable_autofocus(self):
        # after an error the summary takes the focus, not the first field
        if self.has_errors() or self.already_sent():
            return False
        return super().enable_autofocus

    def already_sent(self):
        """The earlier request with the same values: its message and the link to its page."""
        delivery = repeated_delivery(self.request)
        if delivery is None:
            return None
        return {
            "message": self.__dict__.get("formErrorsMessage", ""),
            "url": status_url(delivery.token),
            "reference": delivery.reference,
        }

    def extractData(self, setErrors=True):  # noqa: N802, N803 (z3c.form)
        if self.request.response.getStatus() in (302, 303):
            # delivered, on the way to the receipt: easyform would validate every field
            # again for a thank-you page nobody sees, while the request holds its turn to
            # store (submissions/store_turn.py)
            return {}, ()
        data, errors = super().extractData(setErrors=setErrors)
        # fields whose condition does not hold: neither required, nor validated, nor stored
        return show_when.drop_hidden(self, data, errors)

    def has_conditions(self) -> bool:
        return show_when.has_conditions(self)

    def fee_notice(self):
        """The service's fee rule and how it is paid, above the send button; None: no fee."""
        return fee_rule_notice(self.context)

    def render(self):
        if self.has_errors() or self.already_sent():
            # the summary (or the notice) says it all; not easyform's banner too
            self.status = ""
        return super().render()


class RequestFormView(EasyFormFormWrapper):
    form = RequestForm

    def __call__(self):
        # a form that requires a login the citizen lacks: to the login first (GET and POST)
        refused = enforce_login(self)
        # a form not yet open, closed or fully booked: the page says so, no fields (GET, POST)
        if refused is None:
            refused = enforce_availability(self)
        if refused is None and shows_steps(self.context):
            # a form shown as steps: one step, or the summary (browser/forms/steps.py)
            self.form_instance = getMultiAdapter((self.context, self.request), IStepForm)
            self.form_instance.__name__ = self.__name__
        # "save and continue later" answers its own page; a saved draft is filled in (GET)
        if refused is None:
            refused = handle_drafts(self)
        return refused if refused is not None else super().__call__()


class ErrorTitleViewlet(TitleViewlet):
    """The page's title: "Fehler: …" when the form shows errors (WCAG 2.1, 3.3.1)."""

    def update(self):
        super().update()
        form = getattr(self.view, "form_instance", None)
        if IStepForm.providedBy(form):  # each step its own title (WCAG 2.1, 2.4.2)
            self.site_title = f"{form.position()} – {self.site_title}"
        if form is not None and form.has_errors():
            self.site_title = translate(
                _("Error: ${title}", mapping={"title": self.site_title}), context=self.request
            )
