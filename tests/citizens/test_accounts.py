"""Citizen accounts: register with email confirmation, prefilled forms, "Meine Anliegen"."""

import re

import pytest
import transaction
from plone import api

from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import browser_for
from tests.helpers import build_world
from tests.helpers import create_user
from tests.request_forms import make_request_form


@pytest.fixture
def world(functional):
    world = build_world(functional["portal"])
    world["form"] = make_request_form(world)
    world["allschwil-form"] = make_request_form(world, tenant="allschwil")
    citizen = create_user("buerger")
    citizen.setMemberProperties(
        {
            "fullname": "Anna Muster",
            "street": "Rathausstrasse 1",
            "postal_code": "4410",
            "city": "Liestal",
        }
    )
    create_user("nachbar")
    transaction.commit()
    return world


def mails(functional):
    return [
        m.decode() if isinstance(m, bytes) else m for m in functional["portal"].MailHost.messages
    ]


def submit_as(functional, user, form, **values):
    """Deliver as a logged-in user, the way the form's action does."""
    with api.env.adopt_user(username=user):
        delivery = deliver(
            form,
            {"name": "X", "email": "x@example.ch", "dog": "Rex", **values},
            functional["request"],
        )
    transaction.commit()
    return delivery


def test_self_registration_confirms_the_email_before_the_first_login(world, functional):
    portal = functional["portal"]
    browser = browser_for(functional["app"])
    browser.open(f"{portal.absolute_url()}/@@register")
    browser.getControl(name="form.widgets.fullname").value = "Beat Neu"
    browser.getControl(name="form.widgets.username").value = "beatneu"
    browser.getControl(name="form.widgets.email").value = "beat@example.ch"
    browser.getControl(name="form.widgets.street").value = "Kanonengasse 3"
    browser.getControl(name="form.buttons.register").click()
    transaction.begin()
    user = api.user.get(username="beatneu")
    assert user is not None
    assert user.getProperty("street") == "Kanonengasse 3"
    (mail,) = [m for m in mails(functional) if "beat@example.ch" in m]
    link = re.search(r"(http://\S+/passwordreset/\S+)", mail.replace("=\r\n", "")).group(1)
    assert "passwordreset" in link  # the address is confirmed by setting the password there


def test_form_is_prefilled_for_a_logged_in_citizen(world, functional):
    browser = browser_for(functional["app"], "buerger")
    browser.open(world["form"].absolute_url())
    assert browser.getControl(name="form.widgets.name").value == "Anna Muster"
    assert browser.getControl(name="form.widgets.email").value == "buerger@example.ch"
    anonymous = browser_for(functional["app"])
    anonymous.open(world["form"].absolute_url())
    assert anonymous.getControl(name="form.widgets.name").value == ""


def test_my_requests_lists_them_across_municipalities(world, functional):
    first = submit_as(functional, "buerger", world["form"])
    second = submit_as(functional, "buerger", world["allschwil-form"])
    submit_as(functional, "nachbar", world["form"], dog="Nachbarhund")
    browser = browser_for(functional["app"], "buerger")
    browser.open(f"{functional['portal'].absolute_url()}/@@meine-anliegen")
    assert first.reference in browser.contents
    assert second.reference in browser.contents
    assert browser.contents.count("<tr>") == 3  # header and the two own requests
    browser.getLink(first.reference).click()
    assert 'id="request-state"' in browser.contents


def test_one_citizen_cannot_open_anothers_request(world, functional):
    delivery = submit_as(functional, "buerger", world["form"])
    url = f"{functional['portal'].absolute_url()}/@@meine-anliegen/{delivery.submission.getId()}"
    other = browser_for(functional["app"], "nachbar")
    other.open(url)
    assert other.headers["status"].startswith("404")
    anonymous = browser_for(functional["app"])
    anonymous.open(url)
    assert "login" in anonymous.url or anonymous.headers["status"].startswith(("401", "403"))


def test_citizen_gets_no_role_on_the_request(world, functional):
    delivery = submit_as(functional, "buerger", world["form"])
    submission = delivery.submission
    assert "buerger" not in dict(submission.get_local_roles())
    assert not api.user.has_permission("View", username="buerger", obj=submission)
    assert submission.submitter_userid == "buerger"
