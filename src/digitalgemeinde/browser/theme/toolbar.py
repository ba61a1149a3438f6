"""Who sees Plone's editing toolbar: staff, not citizens.

A citizen's account has the Member role and no group; staff have a role beyond Member where
they are (Editor, Site Administrator, OfficeStaff, ...) or belong to a group that gives them
one somewhere (a clerk on the portal's home page). Everyone else logged in gets the header's
member tools (name, "Meine Anliegen", log out) instead of the toolbar.
"""

from AccessControl import getSecurityManager
from plone import api
from plone.app.layout.globals.context import ContextState as PloneContextState
from plone.memoize.view import memoize
from zope.i18n import translate

from digitalgemeinde.tenancy.landing import REQUESTS
from digitalgemeinde.tenancy.landing import workplaces

CITIZEN_ROLES = frozenset({"Member", "Authenticated", "Anonymous"})
VIRTUAL_GROUPS = frozenset({"AuthenticatedUsers"})


def is_staff(user, context) -> bool:
    """Whether ``user`` has more than a citizen's account here or through a group."""
    if set(user.getRolesInContext(context)) - CITIZEN_ROLES:
        return True
    groups = getattr(user, "getGroups", lambda: [])()
    return bool(set(groups) - VIRTUAL_GROUPS)


class ContextState(PloneContextState):
    @memoize
    def is_toolbar_visible(self):
        if not super().is_toolbar_visible():
            return False
        return is_staff(getSecurityManager().getUser(), self.context)

    @memoize
    def actions(self, category=None, max=-1):
        """Plone's actions; the personal menu (category ``user``) begins with the user's
        workplaces (``tenancy.landing``): toolbar for staff, member tools for citizens."""
        found = super().actions(category, max)
        if category != "user" or api.user.is_anonymous():
            return found
        # Meine Anliegen (an action of its own) right after the workplaces; Plone's personal
        # dashboard of portlets is no workplace of ours
        first = [action for action in found if action["id"] in FIRST_USER_ACTIONS]
        rest = [action for action in found if action["id"] not in FIRST_USER_ACTIONS]
        rest = [action for action in rest if action["id"] not in HIDDEN_USER_ACTIONS]
        return workplace_actions(self.request) + first + rest


FIRST_USER_ACTIONS = ("meine-anliegen",)
HIDDEN_USER_ACTIONS = ("dashboard",)


WORKPLACE_ICONS = {
    "inbox": "inbox",
    "dashboard": "speedometer2",
    "members": "people",
    "association": "diagram-3",
}


def workplace_actions(request) -> list[dict]:
    """The user's workplaces as actions of the personal menu (titles translated here: the
    menu's templates translate in Plone's domain)."""
    return [
        {
            "id": f"dg-{place.kind}-{number}",
            "title": translate(place.title, context=request),
            "url": place.url,
            "icon": WORKPLACE_ICONS.get(place.kind, "dot"),
            "link_target": None,
            "category": "user",
            "visible": True,
            "available": True,
            "allowed": True,
        }
        for number, place in enumerate(workplaces(api.user.get_current()), 1)
        if place.kind != REQUESTS  # the action "meine-anliegen"
    ]
