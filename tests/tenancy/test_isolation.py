"""An editor of one tenant cannot touch another tenant, in Classic UI nor over REST."""

import pytest
import transaction
from plone import api

from tests.helpers import RestClient
from tests.helpers import browser_for


def denied(browser) -> bool:
    """Plone answers a logged-in user without permission with 401/403 or the login page."""
    status = int(browser.headers["status"].split()[0])
    return status in (401, 403) or any(
        page in browser.url for page in ("require_login", "login", "insufficient-privileges")
    )


def state(obj):
    transaction.begin()
    return api.content.get_state(obj)


class TestClassicUI:
    @pytest.mark.parametrize("view", ["edit", "@@sharing", "++add++Service", "folder_contents"])
    def test_editor_reaches_own_tenant(self, app, world, view):
        browser = browser_for(app, "liestal-editor")
        target = (
            world["liestal"]
            if view in ("++add++Service", "folder_contents")
            else world["liestal-service"]
        )
        browser.open(f"{target.absolute_url()}/{view}")
        assert browser.headers["status"].startswith("200")
        assert not denied(browser)

    @pytest.mark.parametrize(
        "key,view",
        [
            ("allschwil-service", "edit"),
            ("allschwil-service", "@@sharing"),
            ("allschwil", "++add++Service"),
            ("allschwil", "++add++Office"),
            ("allschwil", "@@sharing"),
            ("allschwil-page", "edit"),
            ("allschwil-office", "edit"),
            ("allschwil", "edit"),
            ("bl-service", "edit"),
            ("allschwil-service", "delete_confirmation"),
            ("allschwil-service", "content_status_modify?workflow_action=retract"),
        ],
    )
    def test_editor_is_refused_in_other_tenant(self, app, world, key, view):
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{world[key].absolute_url()}/{view}")
        assert denied(browser)

    def test_refused_edit_changes_nothing(self, app, world):
        service = world["allschwil-service"]
        browser = browser_for(app, "liestal-editor")
        browser.post(
            f"{service.absolute_url()}/@@edit",
            "form.widgets.IBasic.title=Gekapert&form.buttons.save=Speichern",
        )
        assert denied(browser)
        transaction.begin()
        assert service.title == "Hund anmelden"
        assert state(service) == "published"

    def test_editor_cannot_add_a_municipality(self, app, world):
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{api.portal.get().absolute_url()}/++add++Municipality")
        assert denied(browser)

    def test_anonymous_sees_published_but_not_private(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(world["allschwil-page"], "retract")
        transaction.commit()
        browser = browser_for(app)
        browser.open(world["allschwil-service"].absolute_url())
        assert browser.headers["status"].startswith("200")
        browser.open(world["allschwil-page"].absolute_url())
        assert denied(browser)


class TestWorkflow:
    def test_editor_submits_and_reviewer_publishes(self, app, world):
        service = world["liestal-service"]
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(service, "retract")
        transaction.commit()
        editor = RestClient(app, "liestal-editor")
        status, _ = editor.post(f"{service.absolute_url()}/@workflow/publish", {})
        assert status in (400, 401, 403)
        assert state(service) == "private"
        status, _ = editor.post(f"{service.absolute_url()}/@workflow/submit", {})
        assert status == 200
        assert state(service) == "pending"
        status, _ = RestClient(app, "allschwil-editor").post(
            f"{service.absolute_url()}/@workflow/publish", {}
        )
        assert status in (400, 401, 403)
        status, _ = RestClient(app, "liestal-reviewer").post(
            f"{service.absolute_url()}/@workflow/publish", {}
        )
        assert status == 200
        assert state(service) == "published"

    def test_reviewer_of_one_tenant_cannot_publish_in_another(self, app, world):
        service = world["allschwil-service"]
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(service, "retract")
            api.content.transition(service, "submit")
        transaction.commit()
        status, _ = RestClient(app, "liestal-reviewer").post(
            f"{service.absolute_url()}/@workflow/publish", {}
        )
        assert status in (400, 401, 403)
        assert state(service) == "pending"


class TestRest:
    def test_editor_patches_own_service(self, app, world):
        service = world["liestal-service"]
        status, _ = RestClient(app, "liestal-editor").patch(
            service.absolute_url(), {"title": "Hund an- und abmelden"}
        )
        assert status == 204
        transaction.begin()
        assert service.title == "Hund an- und abmelden"

    @pytest.mark.parametrize(
        "key",
        ["allschwil-service", "allschwil-office", "allschwil", "bl-service", "allschwil-page"],
    )
    def test_patch_in_other_tenant_is_refused(self, app, world, key):
        obj = world[key]
        before = obj.title
        status, _ = RestClient(app, "liestal-editor").patch(obj.absolute_url(), {"title": "X"})
        assert status in (401, 403)
        transaction.begin()
        assert obj.title == before

    def test_create_in_other_tenant_is_refused(self, app, world):
        tenant = world["allschwil"]
        status, _ = RestClient(app, "liestal-editor").post(
            tenant.absolute_url(),
            {"@type": "Service", "id": "fremd", "title": "Fremd", "topics": ["personal"]},
        )
        assert status in (401, 403)
        transaction.begin()
        assert "fremd" not in tenant

    def test_delete_in_other_tenant_is_refused(self, app, world):
        status, _ = RestClient(app, "liestal-editor").delete(
            world["allschwil-service"].absolute_url()
        )
        assert status in (401, 403)
        transaction.begin()
        assert "hund-anmelden" in world["allschwil"]

    def test_sharing_in_other_tenant_is_refused(self, app, world):
        tenant = world["allschwil"]
        status, _ = RestClient(app, "liestal-editor").post(
            f"{tenant.absolute_url()}/@sharing",
            {"entries": [{"id": "liestal-editors", "type": "group", "roles": {"Editor": True}}]},
        )
        assert status in (401, 403)
        transaction.begin()
        assert "liestal-editors" not in dict(tenant.get_local_roles())

    def test_moving_content_out_of_another_tenant_is_refused(self, app, world):
        status, _ = RestClient(app, "liestal-editor").post(
            f"{world['liestal'].absolute_url()}/@move",
            {"source": [world["allschwil-service"].absolute_url()]},
        )
        assert status in (401, 403) or status == 200
        transaction.begin()
        assert "hund-anmelden" in world["allschwil"]
        assert world["liestal"]["hund-anmelden"].title == "Hund anmelden"
        assert len(world["liestal"].objectIds()) == 3

    def test_moving_own_content_into_another_tenant_is_refused(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.create(
                world["liestal"], "Service", id="parkkarte", title="Parkkarte", topics=["mobility"]
            )
        transaction.commit()
        status, _ = RestClient(app, "liestal-editor").post(
            f"{world['allschwil'].absolute_url()}/@move",
            {"source": [world["liestal"]["parkkarte"].absolute_url()]},
        )
        assert status in (401, 403)
        transaction.begin()
        assert "parkkarte" in world["liestal"]
        assert "parkkarte" not in world["allschwil"]

    def test_anonymous_gets_401_on_private_content(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(world["liestal-page"], "retract")
        transaction.commit()
        status, _ = RestClient(app).get(world["liestal-page"].absolute_url())
        assert status == 401
        status, body = RestClient(app).get(world["liestal-service"].absolute_url())
        assert status == 200
        assert body["@type"] == "Service"

    def test_search_of_anonymous_does_not_list_private_content(self, app, world):
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(world["liestal-page"], "retract")
        transaction.commit()
        status, body = RestClient(app).get(
            f"{api.portal.get().absolute_url()}/@search?portal_type=Document"
        )
        assert status == 200
        paths = {
            item["@id"].split(":80", 1)[-1].replace("http://nohost", "") for item in body["items"]
        }
        assert "/plone/liestal/willkommen" not in paths
        assert "/plone/allschwil/willkommen" in paths
