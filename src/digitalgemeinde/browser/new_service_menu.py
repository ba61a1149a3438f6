"""The «Add» menu of a municipality or canton offers «New service with form» first."""

import os

import plone.app.content.browser
from plone.app.content.browser.folderfactories import FolderFactoriesView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions.new_service import may_add


class TenantFactoriesView(FolderFactoriesView):
    index = ViewPageTemplateFile(
        "folderfactories.pt", _prefix=os.path.dirname(plone.app.content.browser.__file__)
    )

    def addable_types(self, include=None):
        results = super().addable_types(include=include)
        if not may_add(self.context):
            return results
        entry = {
            "id": "new-service",
            "title": translate(_("New service with form"), context=self.request),
            "description": translate(
                _("The service, its form and the delivery to the office in one step."),
                context=self.request,
            ),
            "action": f"{self.context.absolute_url()}/@@new-service",
            "selected": False,
            "icon": None,
            "extra": {"id": "new-service", "separator": None, "class": "contenttype-service"},
            "submenu": None,
        }
        return [entry, *results]
