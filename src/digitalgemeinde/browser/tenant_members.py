"""``@@tenant-members``: a tenant's admin manages the members of the tenant's own groups and
invites new people.

The page reads the form, checks its CSRF token and calls ``tenancy.membership``, which knows the
tenant's groups, refuses any other group and makes the change; the page shows the message the
change returns, or the refusal's.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.tenancy import membership
from digitalgemeinde.tenancy.membership import MembershipRefused
from digitalgemeinde.tenancy.membership import TenantGroup


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
        return membership.tenant_groups(self.context)

    def members(self, group_id: str) -> list[dict]:
        return membership.group_members(group_id)

    def remove_label(self, member: dict, group: TenantGroup) -> str:
        """What a screen reader says for a member's remove button."""
        mapping = {
            "user": member["fullname"] or member["login"],
            "group": membership.label_of(group, self.request),
        }
        return translate(_("Remove ${user} from ${group}", mapping=mapping), context=self.request)

    def handle(self, form) -> None:
        """Make the change the form asks for and show its message (a refusal as an error)."""

        def field(name: str) -> str:
            value = form.get(name, "")  # a name sent twice comes as a list: taken as empty
            return value.strip() if isinstance(value, str) else ""

        try:
            group = membership.find_group(self.context, field("group"))
            action = field("action")
            if action == "add":
                message = membership.add_member(group, field("user"), self.request)
            elif action == "remove":
                message = membership.remove_member(group, field("userid"), self.request)
            elif action == "invite":
                message = membership.invite(
                    self.context, group, field("email"), field("fullname"), self.request
                )
            else:
                raise MembershipRefused(_("Unknown action: nothing was changed."))
        except MembershipRefused as refusal:
            api.portal.show_message(refusal.message, request=self.request, type="error")
            return
        api.portal.show_message(message, request=self.request, type="info")
