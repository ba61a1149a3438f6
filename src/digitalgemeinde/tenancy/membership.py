"""Who the members of a tenant's groups are, and how the tenant's admin changes them.

The groups of a tenant and of its offices (``tenant_groups``) are the roles one can hold in the
tenant; adding a person to a group or removing them changes their role. The changes act with the
rights of a Manager, so they only ever touch the groups computed from the tenant and its offices
(the names the tenancy subscribers give them): a group a caller names is looked up among those
(``find_group``), never used as it comes.

Each change returns the message to show on success; a change that is not made raises
:class:`MembershipRefused` with the message that says why. An admin cannot remove themselves
from the administrators, so a tenant whose admin manages its members keeps that admin.
"""

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import transaction
from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.emails import is_email
from digitalgemeinde.operation.envelope import send_mail
from digitalgemeinde.tenancy import TENANT_GROUPS
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenancy import tenant_group_id
from digitalgemeinde.tenancy.owners import is_own_group

# Group suffix -> (label, what its members may do), in the order the page shows them.
TENANT_GROUP_LABELS = {
    "editors": (_("Editors"), _("Add and edit the content of ${tenant}.")),
    "reviewers": (_("Reviewers"), _("Publish the content of ${tenant}.")),
    "admins": (_("Administrators"), _("Manage the members of these groups.")),
}
assert set(TENANT_GROUP_LABELS) == set(TENANT_GROUPS)


class MembershipRefused(Exception):
    """A change of members that was not made; ``message`` (translatable) says why."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TenantGroup:
    id: str
    label: Message
    description: Message
    is_admins: bool = False


def tenant_groups(tenant) -> list[TenantGroup]:
    """The groups of ``tenant`` and of each Office inside it that exist, in the order shown."""
    tenant_id = tenant.getId()
    mapping = {"tenant": tenant.Title()}
    groups = [
        TenantGroup(
            id=tenant_group_id(tenant_id, suffix),
            label=label,
            description=_(description, mapping=mapping),
            is_admins=suffix == "admins",
        )
        for suffix, (label, description) in TENANT_GROUP_LABELS.items()
    ]
    for office in offices_of(tenant):
        group_id = office_group_id(tenant_id, office.getId())
        if not is_own_group(group_id, office):
            continue  # its name gives the group of another office (a site from before owners)
        groups.append(
            TenantGroup(
                id=group_id,
                label=_("Staff of ${office}", mapping={"office": office.Title()}),
                description=_("Work the inbox of the office."),
            )
        )
    portal_groups = api.portal.get_tool("portal_groups")
    return [group for group in groups if portal_groups.getGroupById(group.id) is not None]


def find_group(tenant, group_id: str) -> TenantGroup:
    """The group of ``tenant`` (or of one of its offices) with the id ``group_id``; any other
    group is refused."""
    for group in tenant_groups(tenant):
        if group.id == group_id:
            return group
    raise MembershipRefused(
        _(
            "This group does not belong to ${tenant}: nothing was changed.",
            mapping={"tenant": tenant.Title()},
        )
    )


def describe(user) -> dict:
    """A user as the members' table shows it: id, login name, full name, email."""
    return {
        "id": user.getId(),
        "login": user.getUserName(),
        "fullname": user.getProperty("fullname") or "",
        "email": user.getProperty("email") or "",
    }


def group_members(group_id: str) -> list[dict]:
    """The members of ``group_id`` (users, and groups inside it), sorted by name."""
    portal_groups = api.portal.get_tool("portal_groups")
    members = []
    for principal_id in portal_groups.getGroupMembers(group_id):
        user = api.user.get(userid=principal_id)
        if user is not None:
            members.append(describe(user))
        else:  # a group inside the group
            group = portal_groups.getGroupById(principal_id)
            title = group.getProperty("title") if group is not None else ""
            members.append(
                {"id": principal_id, "login": principal_id, "fullname": title, "email": ""}
            )
    return sorted(members, key=lambda member: (member["fullname"].lower(), member["login"]))


def users_with_email(email: str) -> list:
    """The users whose email address is ``email``, whatever its case."""
    wanted = email.strip().lower()
    acl_users = api.portal.get_tool("acl_users")
    found = []
    for info in acl_users.searchUsers(email=wanted):
        user = api.user.get(userid=info["userid"])
        if user is not None and (user.getProperty("email") or "").strip().lower() == wanted:
            found.append(user)
    return list({user.getId(): user for user in found}.values())


def free_username(email: str) -> str:
    """A login name made from the part of ``email`` before the @ that nobody uses yet."""
    registration = api.portal.get_tool("portal_registration")
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower()).strip("._-")
    if len(base) < 3:
        base = email.lower()
    candidate, number = base, 1
    while not registration.isMemberIdAllowed(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate


def label_of(group: TenantGroup, request=None) -> str:
    """The label of ``group`` in the language of ``request`` (default: the current request)."""
    return translate(group.label, context=request if request is not None else getRequest())


def name_of(user) -> str:
    return user.getProperty("fullname") or user.getUserName()


def find_user(login_or_email: str):
    """The one user with this login name, else with this email address; refused otherwise."""
    if not login_or_email:
        raise MembershipRefused(_("Enter a login name or email address."))
    user = api.user.get(username=login_or_email)
    if user is None and "@" in login_or_email:
        found = users_with_email(login_or_email)
        if len(found) > 1:
            raise MembershipRefused(
                _(
                    "Several users have the email address ${email}: enter the login name.",
                    mapping={"email": login_or_email},
                )
            )
        user = found[0] if found else None
    if user is None:
        raise MembershipRefused(
            _(
                "No user with the login name or email address ${user} was found. "
                "To add someone new, invite them.",
                mapping={"user": login_or_email},
            )
        )
    return user


def add_member(group: TenantGroup, login_or_email: str, request=None) -> Message:
    """Add the user named by login or email to ``group`` (of the tenant: ``find_group``)."""
    user = find_user(login_or_email)
    mapping = {"user": name_of(user), "group": label_of(group, request)}
    portal_groups = api.portal.get_tool("portal_groups")
    if user.getId() in portal_groups.getGroupMembers(group.id):
        return _("${user} is already a member of ${group}.", mapping=mapping)
    with api.env.adopt_roles(["Manager"]):
        portal_groups.addPrincipalToGroup(user.getId(), group.id)
    return _("${user} was added to ${group}.", mapping=mapping)


def check_admin_stays(group: TenantGroup, principal_id: str) -> None:
    """Refuse the current user's removing themselves from the administrators: else a tenant
    could lose its last admin by a slip of the mouse. Another admin may remove them."""
    if group.is_admins and principal_id == api.user.get_current().getId():
        raise MembershipRefused(
            _("You cannot remove yourself from the administrators: ask another one.")
        )


def remove_member(group: TenantGroup, principal_id: str, request=None) -> Message:
    """Remove the member ``principal_id`` (a user or a group) from ``group``."""
    portal_groups = api.portal.get_tool("portal_groups")
    if not principal_id or principal_id not in portal_groups.getGroupMembers(group.id):
        raise MembershipRefused(
            _(
                "${user} is not a member of ${group}: nothing was changed.",
                mapping={"user": principal_id, "group": label_of(group, request)},
            )
        )
    check_admin_stays(group, principal_id)
    user = api.user.get(userid=principal_id)
    mapping = {
        "user": name_of(user) if user is not None else principal_id,
        "group": label_of(group, request),
    }
    with api.env.adopt_roles(["Manager"]):
        portal_groups.removePrincipalFromGroup(principal_id, group.id)
    return _("${user} was removed from ${group}.", mapping=mapping)


def invite(tenant, group: TenantGroup, email: str, fullname: str, request=None) -> Message:
    """Make a user for a new person, add them to ``group`` and queue the mail with the link to
    set their password (sent on commit).

    If the site cannot send mail, the transaction is doomed: no user without the mail that lets
    them in (the caller's commit then aborts) and the invitation is refused.
    """
    if not is_email(email):
        raise MembershipRefused(_("Enter a valid email address."))
    if not fullname:
        raise MembershipRefused(_("Enter the full name of the person you invite."))
    if users_with_email(email) or api.user.get(username=email) is not None:
        raise MembershipRefused(
            _(
                "A user with the email address ${email} already exists: "
                "add them to the group instead.",
                mapping={"email": email},
            )
        )
    with api.env.adopt_roles(["Manager"]):
        user = api.user.create(
            email=email,
            username=free_username(email),
            # Nobody knows it: the person sets their own through the link in the mail.
            password=secrets.token_urlsafe(32),
            properties={"fullname": fullname},
        )
        api.portal.get_tool("portal_groups").addPrincipalToGroup(user.getId(), group.id)
        reset = api.portal.get_tool("portal_password_reset").requestReset(user.getId())
    try:
        send_invitation(tenant, user, group, reset, request)
    except ValueError:  # plone.api: the site's mail settings are incomplete
        transaction.doom()
        raise MembershipRefused(
            _("The site cannot send mail yet, so nobody was invited. Ask the site manager.")
        ) from None
    return _(
        "${user} was invited to ${group}: a link to set a password was sent to ${email}.",
        mapping={"user": fullname, "group": label_of(group, request), "email": email},
    )


def send_invitation(tenant, user, group: TenantGroup, reset: dict, request=None) -> None:
    """Queue the mail with the link to set a password: sent on commit."""
    request = request if request is not None else getRequest()
    portal = api.portal.get()
    inviter = api.user.get_current()
    login = user.getUserName()
    link = f"{portal.absolute_url()}/passwordreset/{reset['randomstring']}?userid={quote(login)}"
    days = api.portal.get_tool("portal_password_reset").getExpirationTimeout()
    mapping = {
        "fullname": user.getProperty("fullname"),
        "inviter": inviter.getProperty("fullname") or inviter.getUserName(),
        "tenant": tenant.Title(),
        "site": portal.Title(),
        "group": label_of(group, request),
        "login": login,
        "link": link,
        "days": str(days),
    }
    paragraphs = [
        _("Hello ${fullname},", mapping=mapping),
        _("${inviter} has invited you to ${group} of ${tenant} on ${site}.", mapping=mapping),
        _("Your login name is ${login}. Set your password here:", mapping=mapping),
        link,
        _("The link is valid for ${days} days.", mapping=mapping),
    ]
    subject = _("Invitation to ${tenant} on ${site}", mapping=mapping)
    send_mail(
        recipient=user.getProperty("email"),
        subject=translate(subject, context=request),
        body="\n\n".join(translate(paragraph, context=request) for paragraph in paragraphs) + "\n",
    )
