"""Who may list the site's users and groups: those who manage members somewhere.

The vocabularies of principals (``PRINCIPAL_VOCABULARIES``) name every user id and group of the
whole site, whatever object they are asked on. Only users who manage members may use them: a
Manager or Site Administrator, a tenant admin (``digitalgemeinde: Manage tenant members`` on a
tenant), or whoever may change the sharing of some object (``Sharing page: Delegate roles``:
editors and reviewers of a tenant, whose sharing page searches users anyway). Anonymous users and
citizens get a refusal.

"Somewhere" is the object asked on, the site, each object at the top of the site (the tenants and
the association: where this site grants its groups their roles), and the topmost objects of the
subtrees where the catalog's ``allowedRolesAndUsers`` names one of the user's principals (it
names them only where content is not public). A grant set by hand on the sharing page of a
public object deeper down counts when the vocabulary is asked on that object.

The hooks: plone.restapi's ``@vocabularies`` and plone.app.content's ``@@getVocabulary``, both
overridden for our browser layer (``VocabulariesGet``, ``VocabularyView`` below).
"""

from AccessControl import getSecurityManager
from plone import api
from plone.app.content.browser.vocabulary import VocabLookupException
from plone.app.content.browser.vocabulary import VocabularyView as BaseVocabularyView
from plone.restapi.services.vocabularies.get import VocabulariesGet as BaseVocabulariesGet

PRINCIPAL_VOCABULARIES = frozenset(
    {
        "plone.app.vocabularies.Principals",
        "plone.app.vocabularies.Users",
        "plone.app.vocabularies.Groups",
    }
)
MEMBER_PERMISSIONS = ("digitalgemeinde: Manage tenant members", "Sharing page: Delegate roles")
MAX_GRANT_ROOTS = 50  # objects looked at per question; more grants than that are not the case
CACHE_KEY = "digitalgemeinde.may_list_principals"


def principal_ids(user) -> list[str]:
    """The user's id and the ids of the groups the user is in."""
    ids = [user.getId()]
    get_groups = getattr(user, "getGroups", None)
    if get_groups is not None:
        ids.extend(get_groups() or ())
    return [principal for principal in ids if principal]


def grant_roots(principals) -> list[str]:
    """Paths of the topmost objects on which one of ``principals`` holds a local role."""
    catalog = api.portal.get_tool("portal_catalog")
    tokens = [f"user:{principal}" for principal in principals]
    brains = catalog.unrestrictedSearchResults(allowedRolesAndUsers=tokens)
    paths = {brain.getPath() for brain in brains}
    roots = [path for path in paths if path.rpartition("/")[0] not in paths]
    return sorted(roots)[:MAX_GRANT_ROOTS]


def manages_members_on(obj) -> bool:
    checker = getSecurityManager().checkPermission
    return any(checker(permission, obj) for permission in MEMBER_PERMISSIONS)


def manages_members_somewhere(context) -> bool:
    """Whether the current user manages members on ``context``, the site, an object at its
    top or where a grant of theirs is indexed."""
    user = getSecurityManager().getUser()
    if user is None or api.user.is_anonymous():
        return False
    portal = api.portal.get()
    if manages_members_on(context) or manages_members_on(portal):
        return True
    if any(manages_members_on(obj) for obj in portal.contentValues()):
        return True
    for path in grant_roots(principal_ids(user)):
        obj = portal.unrestrictedTraverse(path, None)
        if obj is not None and manages_members_on(obj):
            return True
    return False


def may_list_principals(context, request) -> bool:
    """``manages_members_somewhere``, once per request."""
    if CACHE_KEY not in request.other:
        request.other[CACHE_KEY] = manages_members_somewhere(context)
    return request.other[CACHE_KEY]


class VocabulariesGet(BaseVocabulariesGet):
    """``@vocabularies``: the principal vocabularies only for those who manage members."""

    def _has_permission_to_access_vocabulary(self, vocabulary_name):
        if vocabulary_name in PRINCIPAL_VOCABULARIES:
            return may_list_principals(self.context, self.request)
        return super()._has_permission_to_access_vocabulary(vocabulary_name)


class VocabularyView(BaseVocabularyView):
    """``@@getVocabulary``: as Plone's, and the principal vocabularies only for those who
    manage members."""

    def get_vocabulary(self):
        name = self.request.get("name", None)
        if name in PRINCIPAL_VOCABULARIES and not may_list_principals(self.context, self.request):
            raise VocabLookupException("Vocabulary lookup not allowed")
        return super().get_vocabulary()
