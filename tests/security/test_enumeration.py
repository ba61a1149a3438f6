"""Issue 13, section 6: the site's users and groups are listed only to those who manage members.

Over HTTP against a real server: plone.restapi's ``@vocabularies`` and the Classic UI's
``@@getVocabulary`` refuse the vocabularies of users, groups and principals to anonymous users,
citizens and office staff, and still answer a tenant admin (for the members page), a tenant
editor (who may change the sharing of the tenant's content), a Site Administrator and a Manager.
Other vocabularies answer as before.
"""

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

from tests.helpers import PASSWORD
from tests.helpers import build_world
from tests.helpers import create_user

PRINCIPALS = "plone.app.vocabularies.Principals"
USERS = "plone.app.vocabularies.Users"
GROUPS = "plone.app.vocabularies.Groups"


@pytest.fixture
def site(acceptance):
    portal = acceptance["portal"]
    build_world(portal, commit=False)
    create_user("citizen-anna")  # registered to follow her requests: Member, nothing else
    site_admin = create_user("site-admin")
    api.user.grant_roles(user=site_admin, roles=["Site Administrator"])
    transaction.commit()
    sessions = []

    def client(user=None):
        session = requests.Session()
        if user == "admin":
            session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        elif user:
            session.auth = (user, PASSWORD)
        session.headers["Accept"] = "application/json"
        sessions.append(session)
        return session

    yield {"url": f"http://localhost:{acceptance['port']}/plone", "client": client}
    for session in sessions:
        session.close()


def rest_vocabulary(site, user, name, where=""):
    return site["client"](user).get(f"{site['url']}{where}/@vocabularies/{name}?b_size=1000")


def tokens(response) -> set[str]:
    return {item["token"] for item in response.json()["items"]}


def classic_vocabulary(site, user, name, where=""):
    """What the Classic UI's select widgets ask: JSON, an error entry when refused. Off the
    site's root Plone asks for the field the widget belongs to (here: a page's creators)."""
    session = site["client"](user)
    params = {"name": name, "query": "liestal", "batch": '{"page": 1, "size": 100}'}
    if where:
        params["field"] = "creators"
    response = session.get(
        f"{site['url']}{where}/@@getVocabulary", params=params, headers={"Accept": "text/html"}
    )
    assert response.status_code == 200
    return response.json()


class TestListingUsersAndGroups:
    """One class: the server is started once."""

    @pytest.mark.parametrize("name", [PRINCIPALS, USERS, GROUPS])
    def test_anonymous_users_are_asked_to_log_in(self, site, name):
        for where in ("", "/liestal"):
            response = rest_vocabulary(site, None, name, where)
            assert response.status_code == 401
            assert "liestal-editor" not in response.text
            assert "liestal-editors" not in response.text

    @pytest.mark.parametrize("user", ["citizen-anna", "liestal-clerk"])
    @pytest.mark.parametrize("name", [PRINCIPALS, USERS, GROUPS])
    def test_citizens_and_staff_are_refused(self, site, user, name):
        for where in ("", "/liestal", "/liestal/einwohnerdienste"):
            response = rest_vocabulary(site, user, name, where)
            assert response.status_code == 403
            assert response.json()["error"]["type"] == "Not authorized"
            assert "liestal-editor" not in response.text

    @pytest.mark.parametrize("user", ["liestal-admin", "liestal-editor", "site-admin", "admin"])
    def test_those_who_manage_members_still_list_them(self, site, user):
        for where in ("", "/liestal"):
            users = rest_vocabulary(site, user, USERS, where)
            assert users.status_code == 200, users.text[:300]
            assert {"liestal-editor", "allschwil-editor"} <= tokens(users)
            principals = rest_vocabulary(site, user, PRINCIPALS, where)
            assert principals.status_code == 200
            assert "user__liestal-admin" in tokens(principals)
            groups = rest_vocabulary(site, user, GROUPS, where)
            assert groups.status_code == 200
            assert {"liestal-editors", "liestal-admins"} <= tokens(groups)

    def test_other_vocabularies_answer_as_before(self, site):
        for user in (None, "citizen-anna"):
            topics = rest_vocabulary(site, user, "digitalgemeinde.vocabularies.topics")
            assert topics.status_code == 200
            assert "taxes" in tokens(topics)

    def test_classic_ui_lookup(self, site):
        """Plone's own check of ``@@getVocabulary`` (the right to edit the site's root, or the
        field the widget belongs to) already refuses these users; ours keeps it so."""
        for user in (None, "citizen-anna", "liestal-clerk"):
            refused = classic_vocabulary(site, user, USERS)
            assert refused == {"error": "Vocabulary lookup not allowed"}
        for user in ("admin", "site-admin"):
            found = classic_vocabulary(site, user, USERS)
            assert "liestal-editor" in {item["id"] for item in found["results"]}
        # as the Ownership fields' widget asks it, on a page the editor edits
        editor = classic_vocabulary(site, "liestal-editor", USERS, "/liestal/willkommen")
        assert "liestal-admin" in {item["id"] for item in editor["results"]}
