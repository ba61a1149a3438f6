"""The navigation portlet on a request: the path to it, never the request itself.

Plone's navigation tree always shows the current item, whatever the types shown in the
navigation (``plone.displayed_types``, which has no Submission): on a request its strategy
does not add the current item and its parents beyond what the navigation lists anyway."""

from plone.app.layout.navigation.interfaces import INavtreeStrategy
from plone.app.portlets.portlets.navigation import INavigationPortlet
from plone.app.portlets.portlets.navigation import NavtreeStrategy
from zope.component import adapter
from zope.interface import implementer

from digitalgemeinde.interfaces import ISubmission


@implementer(INavtreeStrategy)
@adapter(ISubmission, INavigationPortlet)
class RequestNavtreeStrategy(NavtreeStrategy):
    def __init__(self, context, portlet):
        super().__init__(context, portlet)
        self.showAllParents = False

    def nodeFilter(self, node):
        if getattr(node["item"], "portal_type", None) == "Submission":
            return False
        return super().nodeFilter(node)
