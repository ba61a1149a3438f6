"""What a request form's editors see above it, its field editor and its action editor: what
keeps it from reaching the office or the citizen (no e-mail field for the receipt), and one
button that publishes the form with its service (or, for an editor without the right to
publish, submits both for publication)."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.easyform.interfaces import IEasyForm
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import BadRequest
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions import new_service
from digitalgemeinde.submissions import receipt_promise


def form_of_context(context):
    """The EasyForm of a form, its field editor or its action editor; else None."""
    for item in (aq_inner(context), aq_parent(aq_inner(context))):
        if IEasyForm.providedBy(item):
            return item
    return None


def may_edit(form) -> bool:
    """Its editors, and the reviewers who publish it."""
    return any(
        api.user.has_permission(permission, obj=form)
        for permission in ("Modify portal content", "Review portal content")
    )


class FormReadinessViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/form_readiness.pt")

    def update(self):
        super().update()
        self.form = form_of_context(self.context)
        self.visible = self.form is not None and may_edit(self.form)

    def render(self):
        return self.index() if self.visible else ""

    def problems(self) -> list:
        return receipt_promise.delivery_problems(self.form)

    def unpublished(self) -> list[dict]:
        """The form and its services that are not published yet."""
        items = [*new_service.services_of_form(self.form), self.form]
        return [
            {"title": item.Title(), "url": item.absolute_url()}
            for item in items
            if api.content.get_state(item) != "published"
        ]

    def may_publish(self) -> bool:
        return api.user.has_permission("Review portal content", obj=self.form)

    def action_url(self) -> str:
        return f"{self.form.absolute_url()}/@@publish-with-service"


class PublishWithService(BrowserView):
    """POST: publish (or submit for publication) the form and its services."""

    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        form = self.context
        changed = new_service.publish_with_service(form)
        published = [obj.Title() for obj, state in changed if state == "published"]
        pending = [obj.Title() for obj, state in changed if state == "pending"]
        if published:
            message = _(
                "Published: ${items}.", mapping={"items": ", ".join(f"«{t}»" for t in published)}
            )
            api.portal.show_message(translate(message, context=self.request), self.request)
        if pending:
            message = _(
                "Submitted for publication: ${items}. A reviewer of your municipality publishes "
                "them.",
                mapping={"items": ", ".join(f"«{t}»" for t in pending)},
            )
            api.portal.show_message(translate(message, context=self.request), self.request)
        for problem in receipt_promise.delivery_problems(form):
            api.portal.show_message(
                translate(problem, context=self.request), self.request, type="warning"
            )
        services = new_service.services_of_form(form)
        target = services[0] if services else form
        self.request.response.redirect(target.absolute_url(), status=303)
        return ""
