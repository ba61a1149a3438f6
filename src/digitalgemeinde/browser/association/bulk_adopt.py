"""The association adopts a released standard into many municipalities at once."""

from plone.protect import CheckAuthenticator
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.association import association_of
from digitalgemeinde.association import municipalities_of_canton
from digitalgemeinde.association.adopting import bulk_adopt
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.browser.association.common import message


class BulkAdoptView(BrowserView):
    """The association adopts a released standard into many municipalities at once."""

    index = ViewPageTemplateFile("../templates/bulk_adopt.pt")
    outcomes = ()

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            chosen = set(self.request.form.get("municipalities") or ())
            targets = [item for item in self.candidates_all() if IUUID(item) in chosen]
            if not targets:
                message(self.request, _("Choose at least one municipality."), "error")
            else:
                self.outcomes = bulk_adopt(self.context, targets)
        return self.index()

    def candidates_all(self) -> list:
        association = association_of(self.context)
        return municipalities_of_canton(getattr(association, "canton", None))

    def candidates(self) -> list[dict]:
        entries = []
        for municipality in self.candidates_all():
            existing = adopted_in(self.context, municipality)
            entries.append(
                {
                    "uid": IUUID(municipality),
                    "title": municipality.title,
                    "adopted": existing is not None,
                }
            )
        return entries

    def results(self) -> list[dict]:
        return [
            {
                "municipality": outcome.municipality.title,
                "url": outcome.service.absolute_url() if outcome.service is not None else None,
                "error": outcome.error,
                "office": (
                    outcome.service.responsible_office.to_object.title
                    if outcome.service is not None and outcome.service.responsible_office
                    else None
                ),
            }
            for outcome in self.outcomes
        ]
