"""tenancy.membership: the groups of a tenant, their members, and the changes its admin makes."""

import pytest
import transaction
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles

from digitalgemeinde.tenancy import membership
from digitalgemeinde.tenancy.membership import MembershipRefused
from tests.helpers import add_canton
from tests.helpers import add_municipality
from tests.helpers import add_residents_office
from tests.helpers import create_user
from tests.tenancy.test_tenant_admin import install_mock_mailhost


@pytest.fixture
def liestal(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    add_canton(portal)
    tenant = add_municipality(portal, "liestal")
    add_residents_office(tenant)
    add_municipality(portal, "allschwil")
    create_user("liestal-admin", ["liestal-admins"])
    create_user("liestal-editor", ["liestal-editors"])
    create_user("anna")
    return tenant


@pytest.fixture
def as_admin(liestal):
    """Act as Liestal's (only) administrator."""
    with api.env.adopt_user(username="liestal-admin"):
        yield liestal


def group(tenant, suffix: str):
    return membership.find_group(tenant, f"{tenant.getId()}-{suffix}")


def logins(group_id: str) -> list[str]:
    return [member["login"] for member in membership.group_members(group_id)]


def refusal_of(call, *args) -> str:
    with pytest.raises(MembershipRefused) as refused:
        call(*args)
    return str(refused.value.message)


def test_the_tenants_groups_are_its_own_and_its_offices(liestal):
    ids = [group.id for group in membership.tenant_groups(liestal)]
    assert ids == [
        "liestal-editors",
        "liestal-reviewers",
        "liestal-admins",
        "liestal-einwohnerdienste-staff",
    ]
    assert [group.is_admins for group in membership.tenant_groups(liestal)] == [
        False,
        False,
        True,
        False,
    ]


@pytest.mark.parametrize("group_id", ["allschwil-editors", "Administrators", ""])
def test_a_group_of_another_tenant_or_the_site_is_refused(liestal, group_id):
    message = refusal_of(membership.find_group, liestal, group_id)
    assert message == "This group does not belong to ${tenant}: nothing was changed."


def test_the_last_admin_cannot_remove_themselves(as_admin):
    admins = group(as_admin, "admins")
    userid = api.user.get(username="liestal-admin").getId()
    message = refusal_of(membership.remove_member, admins, userid)
    assert message.startswith("You cannot remove yourself from the administrators")
    assert logins("liestal-admins") == ["liestal-admin"]


def test_another_admin_can_be_removed(as_admin):
    admins = group(as_admin, "admins")
    membership.add_member(admins, "anna")
    message = membership.remove_member(admins, api.user.get(username="anna").getId())
    assert message == "${user} was removed from ${group}."
    assert logins("liestal-admins") == ["liestal-admin"]


def test_a_role_change_moves_a_member_between_groups(as_admin):
    reviewers, editors = group(as_admin, "reviewers"), group(as_admin, "editors")
    message = membership.add_member(reviewers, "LIESTAL-EDITOR@example.ch")  # by email
    assert message == "${user} was added to ${group}."
    assert message.mapping == {"user": "Liestal Editor", "group": "Reviewers"}
    membership.remove_member(editors, api.user.get(username="liestal-editor").getId())
    assert logins("liestal-reviewers") == ["liestal-editor"]
    assert logins("liestal-editors") == []
    again = membership.add_member(reviewers, "liestal-editor")
    assert again == "${user} is already a member of ${group}."


@pytest.mark.parametrize("user", ["", "nobody", "nobody@example.ch"])
def test_adding_an_unknown_user_is_refused(as_admin, user):
    refusal_of(membership.add_member, group(as_admin, "editors"), user)
    assert logins("liestal-editors") == ["liestal-editor"]


def test_removing_a_non_member_is_refused(as_admin):
    message = refusal_of(membership.remove_member, group(as_admin, "editors"), "anna")
    assert message == "${user} is not a member of ${group}: nothing was changed."


@pytest.mark.parametrize(
    "email",
    ["", "beat", "beat@example", "Beat <beat@example.ch>", "beat@example.ch\r\nBcc: x@y.org"],
)
def test_an_invitation_to_a_bad_address_is_refused(as_admin, email):
    message = refusal_of(membership.invite, as_admin, group(as_admin, "editors"), email, "Beat")
    assert message == "Enter a valid email address."
    assert api.user.get(username="beat") is None


def test_an_invitation_needs_a_name_and_a_new_address(as_admin):
    editors = group(as_admin, "editors")
    assert refusal_of(membership.invite, as_admin, editors, "beat@example.ch", "") == (
        "Enter the full name of the person you invite."
    )
    assert "already exists" in refusal_of(
        membership.invite, as_admin, editors, "anna@example.ch", "Anna"
    )


def test_an_invitation_makes_the_user_and_queues_the_mail(as_admin, portal):
    install_mock_mailhost(portal)
    staff = group(as_admin, "einwohnerdienste-staff")
    message = membership.invite(as_admin, staff, "beat.muster@example.ch", "Beat Muster")
    assert message.mapping["email"] == "beat.muster@example.ch"
    assert logins("liestal-einwohnerdienste-staff") == ["beat.muster"]
    [mail] = portal.MailHost.messages
    mail = mail.decode() if isinstance(mail, bytes) else mail
    assert "To: beat.muster@example.ch" in mail
    assert "/passwordreset/" in mail


def test_no_user_is_invited_while_the_site_cannot_send_mail(as_admin, portal):
    api.portal.set_registry_record("plone.smtp_host", "")
    editors = group(as_admin, "editors")
    message = refusal_of(membership.invite, as_admin, editors, "beat@example.ch", "Beat")
    assert message.startswith("The site cannot send mail yet")
    assert transaction.get().isDoomed()  # the user made on the way is not committed
