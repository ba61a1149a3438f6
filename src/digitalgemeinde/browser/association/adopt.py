"""The municipality's side: its editors adopt released standard services."""

from plone.protect import CheckAuthenticator
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adopting import allowed_offices
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption_lookup import allowed_office
from digitalgemeinde.association.adoption_lookup import offered_standard
from digitalgemeinde.association.adoption_lookup import offered_standards
from digitalgemeinde.association.updating import update_available
from digitalgemeinde.browser.association.common import message


class AdoptView(BrowserView):
    """A municipality's editors adopt released standard services and see their updates."""

    index = ViewPageTemplateFile("../templates/adopt.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            return self.handle()
        return self.index()

    def handle(self):
        form = self.request.form
        standard = offered_standard(self.context, form.get("standard"))
        office = allowed_office(self.context, form.get("office"))
        if standard is None:
            message(self.request, _("Choose a released standard service."), "error")
            return self.index()
        if form.get("office") and office is None:
            message(self.request, _("Choose an office of your municipality or canton."), "error")
            return self.index()
        try:
            service = adopt(standard, self.context, office)
        except AdoptionError as error:
            message(self.request, error.args[0], "error")
            return self.index()
        message(
            self.request,
            _(
                "«${title}» has been adopted as a private draft with its form: check it, "
                "then publish both.",
                mapping={"title": service.title},
            ),
        )
        self.request.response.redirect(service.absolute_url(), status=303)
        return ""

    def offices(self) -> list[dict]:
        return [
            {"uid": IUUID(office), "title": office.title, "tenant": office.aq_parent.title}
            for office in allowed_offices(self.context)
        ]

    def entries(self) -> list[dict]:
        """Every released or retired standard: adopted here (with its update), or adoptable."""
        entries = []
        for standard in offered_standards(self.context):
            state = state_of(standard)
            if state not in ("released", "retired"):
                continue
            service = adopted_in(standard, self.context)
            if service is None and state == "retired":
                continue
            latest = update_available(service) if service is not None else None
            entries.append(
                {
                    "uid": IUUID(standard),
                    "title": standard.title,
                    "description": standard.description,
                    "version": standard.version,
                    "retired": state == "retired",
                    "service_url": service.absolute_url() if service is not None else None,
                    "service_version": service.standard_version if service else None,
                    "update_url": (
                        f"{service.absolute_url()}/@@standard-update" if latest else None
                    ),
                    "office_hint": standard.office_hint,
                }
            )
        return entries
