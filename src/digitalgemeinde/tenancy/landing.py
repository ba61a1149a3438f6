"""Where each person works: their workplaces, and the one they land on after logging in.

A clerk works in the inboxes of the offices whose staff group they are in, an editor or a
reviewer on the dashboard of their tenant, a tenant's admin on its members, the association's
editors and Public Innovators on the association, and everyone logged in has Meine Anliegen.
The login's redirect (browser/landing.py) and the personal menu (browser/theme/toolbar.py)
both read :func:`workplaces`; :func:`landing_url` picks the first by the order of
:data:`KINDS`. Managers keep Plone's default: they land where they logged in.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from plone import api
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenancy import TENANT_GROUPS
from digitalgemeinde.tenancy import tenant_group_id
from digitalgemeinde.tenancy.owners import owner_of
from digitalgemeinde.tenants import tenant_of

# The kinds of workplaces, in the order a person lands on them.
INBOX = "inbox"
DASHBOARD = "dashboard"
MEMBERS = "members"
ASSOCIATION = "association"
REQUESTS = "requests"
KINDS = (INBOX, DASHBOARD, MEMBERS, ASSOCIATION, REQUESTS)

# Who sees the tenant's dashboard: all the tenant's groups; its admins land on its members.
DASHBOARD_GROUPS = ("editors", "reviewers", "admins")
EDITING_GROUPS = ("editors", "reviewers")
MANAGER_ROLES = frozenset({"Manager", "Site Administrator"})
VIRTUAL_GROUPS = frozenset({"AuthenticatedUsers"})
WORKPLACES_VIEW = "@@workplaces"  # the list of someone's workplaces, on the portal
# The portal's own pages: logging in from there is no request for a page.
PORTAL_PAGES = ("", "view", "@@view", "index_html", "portal-home", "@@portal-home")


@dataclass(frozen=True)
class Workplace:
    kind: str
    title: Message
    url: str
    uid: str = ""  # the office's, tenant's or association's UID ("" for Meine Anliegen)
    context: str = ""  # the tenant an inbox belongs to (its title)
    lands: bool = True  # False: listed, never landed on (a tenant admin's dashboard)


def group_ids(user) -> list[str]:
    """The groups ``user`` is in (none for a user without group support, e.g. Zope's admin)."""
    groups = getattr(user, "getGroups", None)
    return sorted(set(groups() if groups else []) - VIRTUAL_GROUPS)


def is_manager(user) -> bool:
    return bool(set(getattr(user, "getRoles", list)()) & MANAGER_ROLES)


def tenant_suffix(group_id: str, tenant) -> str | None:
    for suffix in TENANT_GROUPS:
        if group_id == tenant_group_id(tenant.getId(), suffix):
            return suffix
    return None


def owned_objects(user) -> list[tuple[str, object]]:
    """(group id, the office or tenant that owns it) for the user's groups of ours."""
    found = []
    for group_id in group_ids(user):
        if group_id in ASSOCIATION_GROUPS:
            continue
        owner = owner_of(group_id, record=False)
        if owner is not None and owner.obj is not None:
            found.append((group_id, owner.obj))
    return found


def inbox_of(office) -> Workplace:
    tenant = tenant_of(office)
    return Workplace(
        INBOX,
        _("workplace_inbox", default="Inbox ${office}", mapping={"office": office.title}),
        f"{office.absolute_url()}/@@inbox",
        api.content.get_uuid(office),
        tenant.title if tenant is not None else "",
    )


def tenant_workplaces(tenant, suffixes: set[str]) -> list[Workplace]:
    found = []
    uid = api.content.get_uuid(tenant)
    url = tenant.absolute_url()
    mapping = {"tenant": tenant.title}
    if suffixes & set(DASHBOARD_GROUPS):
        title = _("workplace_dashboard", default="Manage ${tenant}", mapping=mapping)
        lands = bool(suffixes & set(EDITING_GROUPS))
        found.append(Workplace(DASHBOARD, title, f"{url}/@@tenant-dashboard", uid, lands=lands))
    if "admins" in suffixes:
        title = _("workplace_members", default="Members of ${tenant}", mapping=mapping)
        found.append(Workplace(MEMBERS, title, f"{url}/@@tenant-members", uid))
    return found


def association_workplaces(user) -> list[Workplace]:
    if not set(group_ids(user)) & set(ASSOCIATION_GROUPS):
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Association", sort_on="path")
    return [Workplace(ASSOCIATION, brain.Title, brain.getURL(), brain.UID) for brain in brains]


def workplaces(user) -> list[Workplace]:
    """Every workplace of ``user``, ordered by :data:`KINDS` (Meine Anliegen last)."""
    if user is None or api.user.is_anonymous():
        return []
    offices, tenants = [], {}
    for group_id, obj in owned_objects(user):
        if IOffice.providedBy(obj):
            offices.append(obj)
        elif ITenant.providedBy(obj):
            suffix = tenant_suffix(group_id, obj)
            if suffix is not None:
                tenants.setdefault(obj.getPhysicalPath(), (obj, set()))[1].add(suffix)
    found = [inbox_of(office) for office in sorted(offices, key=office_order)]
    for _path, (tenant, suffixes) in sorted(tenants.items()):
        found.extend(tenant_workplaces(tenant, suffixes))
    found.extend(association_workplaces(user))
    portal_url = api.portal.get().absolute_url()
    found.append(Workplace(REQUESTS, _("My requests"), f"{portal_url}/@@meine-anliegen"))
    return sorted(found, key=lambda place: KINDS.index(place.kind))


def office_order(office) -> tuple:
    tenant = tenant_of(office)
    return (tenant.title if tenant is not None else "", office.title)


def landing_url(user) -> str | None:
    """Where ``user`` lands after logging in: their first kind of workplace (the list of them
    when there are several of that kind), Meine Anliegen for a citizen; None for a Manager or
    someone whose groups are none of ours (Plone's default)."""
    if user is None or is_manager(user):
        return None
    places = workplaces(user)
    staff = [place for place in places if place.kind != REQUESTS and place.lands]
    if not staff:
        return places[-1].url if places and not group_ids(user) else None
    first = [place for place in staff if place.kind == staff[0].kind]
    if len(first) == 1:
        return first[0].url
    return f"{api.portal.get().absolute_url()}/{WORKPLACES_VIEW}"


def asked_for(came_from: str | None) -> bool:
    """Whether ``came_from`` names a page the person asked for: anything in the portal but its
    home page (where the login link is, which is no wish to go back there)."""
    if not came_from:
        return False
    portal = api.portal.get()
    if not api.portal.get_tool("portal_url").isURLInPortal(came_from):
        return False
    portal_path = urlsplit(portal.absolute_url()).path.rstrip("/")
    path = urlsplit(came_from).path.rstrip("/")
    if not path.startswith(portal_path):
        return True
    rest = path[len(portal_path) :].strip("/")
    return rest not in PORTAL_PAGES


def redirect_after_login(user, came_from: str | None) -> str | None:
    """The address to go to after logging in: ``came_from`` if it is a page asked for, else
    the landing (``came_from`` unchanged where there is none)."""
    if asked_for(came_from):
        return came_from
    return landing_url(user) or came_from
