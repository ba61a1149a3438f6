"""Who sees Plone's editing toolbar: staff, not citizens.

A citizen's account has the Member role and no group; staff have a role beyond Member where
they are (Editor, Site Administrator, OfficeStaff, ...) or belong to a group that gives them
one somewhere (a clerk on the portal's home page). Everyone else logged in gets the header's
member tools (name, "Meine Anliegen", log out) instead of the toolbar.
"""

from AccessControl import getSecurityManager
from plone.app.layout.globals.context import ContextState as PloneContextState
from plone.memoize.view import memoize

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
