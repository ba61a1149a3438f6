"""A tenant's admin manages the members of the tenant's own groups and invites new people.

The view acts with the rights of a Manager, so it only ever touches the groups it computes from
the tenant and its offices (the names the tenancy subscribers give them); a group named in the
request is looked up among those, never used as it comes.
"""

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import transaction
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.i18nmessageid import Message

from digitalgemeinde import _
from digitalgemeinde.tenancy import TENANT_GROUPS
from digitalgemeinde.tenancy import office_group_id
from digitalgemeinde.tenancy import offices_of
from digitalgemeinde.tenancy import tenant_group_id
from digitalgemeinde.tenancy.owners import is_own_group

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Group suffix -> (label, what its members may do), in the order the page shows them.
TENANT_GROUP_LABELS = {
    "editors": (_("Editors"), _("Add and edit the content of ${tenant}.")),
    "reviewers": (_("Reviewers"), _("Publish the content of ${tenant}.")),
    "admins": (_("Administrators"), _("Manage the members of these groups.")),
}
assert set(TENANT_GROUP_LABELS) == set(TENANT_GROUPS)


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


def describe(user) -> dict:
    return {
        "id": user.getId(),
        "login": user.getUserName(),
        "fullname": user.getProperty("fullname") or "",
        "email": user.getProperty("email") or "",
    }


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


class TenantMembersView(BrowserView):
    """``@@tenant-members``: the groups of one tenant, their members, and forms to change them."""

    index = ViewPageTemplateFile("templates/tenant_members.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.handle(self.request.form)
            self.request.response.redirect(self.url, status=303)
            return ""
        return self.index()

    @property
    def url(self) -> str:
        return f"{self.context.absolute_url()}/@@tenant-members"

    def groups(self) -> list[TenantGroup]:
        return tenant_groups(self.context)

    def members(self, group_id: str) -> list[dict]:
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

    def remove_label(self, member: dict, group: TenantGroup) -> str:
        """What a screen reader says for a member's remove button."""
        mapping = {"user": member["fullname"] or member["login"], "group": self.label_of(group)}
        return self.translate(_("Remove ${user} from ${group}", mapping=mapping))

    # Changes

    def handle(self, form) -> None:
        def field(name: str) -> str:
            value = form.get(name, "")  # a name sent twice comes as a list: taken as empty
            return value.strip() if isinstance(value, str) else ""

        group = self.chosen_group(field("group"))
        if group is None:
            self.error(
                _(
                    "This group does not belong to ${tenant}: nothing was changed.",
                    mapping={"tenant": self.context.Title()},
                )
            )
            return
        action = field("action")
        if action == "add":
            self.add(group, field("user"))
        elif action == "remove":
            self.remove(group, field("userid"))
        elif action == "invite":
            self.invite(group, field("email"), field("fullname"))
        else:
            self.error(_("Unknown action: nothing was changed."))

    def chosen_group(self, group_id: str) -> TenantGroup | None:
        for group in self.groups():
            if group.id == group_id:
                return group
        return None

    def add(self, group: TenantGroup, login_or_email: str) -> None:
        if not login_or_email:
            self.error(_("Enter a login name or email address."))
            return
        user = api.user.get(username=login_or_email)
        if user is None and "@" in login_or_email:
            found = users_with_email(login_or_email)
            if len(found) > 1:
                self.error(
                    _(
                        "Several users have the email address ${email}: enter the login name.",
                        mapping={"email": login_or_email},
                    )
                )
                return
            user = found[0] if found else None
        if user is None:
            self.error(
                _(
                    "No user with the login name or email address ${user} was found. "
                    "To add someone new, invite them.",
                    mapping={"user": login_or_email},
                )
            )
            return
        mapping = {"user": self.name_of(user), "group": self.label_of(group)}
        portal_groups = api.portal.get_tool("portal_groups")
        if user.getId() in portal_groups.getGroupMembers(group.id):
            self.info(_("${user} is already a member of ${group}.", mapping=mapping))
            return
        with api.env.adopt_roles(["Manager"]):
            portal_groups.addPrincipalToGroup(user.getId(), group.id)
        self.info(_("${user} was added to ${group}.", mapping=mapping))

    def remove(self, group: TenantGroup, principal_id: str) -> None:
        portal_groups = api.portal.get_tool("portal_groups")
        if not principal_id or principal_id not in portal_groups.getGroupMembers(group.id):
            self.error(
                _(
                    "${user} is not a member of ${group}: nothing was changed.",
                    mapping={"user": principal_id, "group": self.label_of(group)},
                )
            )
            return
        if group.is_admins and principal_id == api.user.get_current().getId():
            # Else a tenant could lose its last admin by a slip of the mouse.
            self.error(_("You cannot remove yourself from the administrators: ask another one."))
            return
        user = api.user.get(userid=principal_id)
        mapping = {
            "user": self.name_of(user) if user is not None else principal_id,
            "group": self.label_of(group),
        }
        with api.env.adopt_roles(["Manager"]):
            portal_groups.removePrincipalFromGroup(principal_id, group.id)
        self.info(_("${user} was removed from ${group}.", mapping=mapping))

    def invite(self, group: TenantGroup, email: str, fullname: str) -> None:
        if not EMAIL.match(email):
            self.error(_("Enter a valid email address."))
            return
        if not fullname:
            self.error(_("Enter the full name of the person you invite."))
            return
        if users_with_email(email) or api.user.get(username=email) is not None:
            self.error(
                _(
                    "A user with the email address ${email} already exists: "
                    "add them to the group instead.",
                    mapping={"email": email},
                )
            )
            return
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
            self.send_invitation(user, group, reset)
        except ValueError:  # plone.api: the site's mail settings are incomplete
            transaction.doom()  # no user without the mail that lets them in
            self.error(
                _("The site cannot send mail yet, so nobody was invited. Ask the site manager.")
            )
            return
        self.info(
            _(
                "${user} was invited to ${group}: a link to set a password was sent to ${email}.",
                mapping={"user": fullname, "group": self.label_of(group), "email": email},
            )
        )

    def send_invitation(self, user, group: TenantGroup, reset: dict) -> None:
        """Queue the mail with the link to set a password: sent on commit."""
        portal = api.portal.get()
        inviter = api.user.get_current()
        login = user.getUserName()
        link = (
            f"{portal.absolute_url()}/passwordreset/{reset['randomstring']}?userid={quote(login)}"
        )
        days = api.portal.get_tool("portal_password_reset").getExpirationTimeout()
        mapping = {
            "fullname": user.getProperty("fullname"),
            "inviter": inviter.getProperty("fullname") or inviter.getUserName(),
            "tenant": self.context.Title(),
            "site": portal.Title(),
            "group": self.label_of(group),
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
        api.portal.send_email(
            recipient=user.getProperty("email"),
            subject=self.translate(_("Invitation to ${tenant} on ${site}", mapping=mapping)),
            body="\n\n".join(self.translate(paragraph) for paragraph in paragraphs) + "\n",
        )

    # Helpers

    def translate(self, message) -> str:
        return translate(message, context=self.request)

    def label_of(self, group: TenantGroup) -> str:
        return self.translate(group.label)

    @staticmethod
    def name_of(user) -> str:
        return user.getProperty("fullname") or user.getUserName()

    def info(self, message) -> None:
        api.portal.show_message(message, request=self.request, type="info")

    def error(self, message) -> None:
        api.portal.show_message(message, request=self.request, type="error")
