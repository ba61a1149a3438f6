"""(12) Code in forms is for site Managers only: scripts, TALES, templates and dotted names are
refused for everyone else on every route, and everything else an editor does with forms works."""

import json
import urllib.error
import urllib.request

import pytest
import transaction
from Acquisition import aq_base
from plone import api
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.security.forms import ORIGINAL_SETATTR
from digitalgemeinde.security.forms import decide
from digitalgemeinde.security.forms import turn_off_unapproved_code
from digitalgemeinde.security.forms import turned_off_forms
from digitalgemeinde.sitesetup import configure_languages
from tests.helpers import PASSWORD
from tests.helpers import RestClient
from tests.helpers import basic_auth
from tests.helpers import browser_for
from tests.helpers import build_world
from tests.helpers import create_user
from tests.request_forms import ACTIONS_MODEL
from tests.request_forms import FIELDS_MODEL
from tests.request_forms import make_request_form

STEAL_FIELD = """    <field name="steal" type="collective.easyform.actions.CustomScript">
      <title>Steal</title>
      <ProxyRole>Manager</ProxyRole>
      <ScriptBody>return context.restrictedTraverse('/plone/allschwil').Title()</ScriptBody>
    </field>
  </schema>"""
# The request form's actions and a script that reads another tenant
SCRIPT_ACTIONS = ACTIONS_MODEL.replace("  </schema>", STEAL_FIELD)

TALES = "python:context.restrictedTraverse('/plone/allschwil/willkommen').Title()"


def fields_with(attribute: str, value: str = TALES) -> str:
    """The request form's fields, the dog's name given ``attribute`` (an easyform extension)."""
    return FIELDS_MODEL.replace(
        '<field name="dog" type="zope.schema.TextLine">',
        f'<field name="dog" type="zope.schema.TextLine" easyform:{attribute}="{value}">',
    )


def fields_plus_one() -> str:
    """The request form's fields and one more, without code."""
    return FIELDS_MODEL.replace(
        "  </schema>",
        '    <field name="chip" type="zope.schema.TextLine"><title>Chipnummer</title>'
        "<required>False</required></field>\n  </schema>",
    )


def site_path(obj) -> str:
    """The path below the site, as plone.restapi's @copy and @move take it."""
    return "/" + "/".join(obj.getPhysicalPath()[2:])


def fresh(obj):
    transaction.begin()
    return obj


def refusal_names(body, field: str) -> bool:
    message = json.dumps(body, ensure_ascii=False)
    return field in message and "Site-Manager" in message


@pytest.fixture(autouse=True)
def german(request):
    """The site in German, as make start sets it up (the test layer's site is English)."""
    layer = "acceptance" if "acceptance" in request.fixturenames else "functional"
    request.getfixturevalue(layer)
    configure_languages("de")
    transaction.commit()


def client(app, user: str) -> RestClient:
    rest = RestClient(app, user)
    rest.headers["Accept-Language"] = "de"
    return rest


@pytest.fixture
def editor(functional, form):
    return client(functional["app"], "liestal-editor")


class TestRest:
    def test_editor_cannot_add_a_script_action(self, editor, form):
        status, body = editor.patch(form.absolute_url(), {"actions_model": SCRIPT_ACTIONS})
        assert status == 400, body
        assert refusal_names(body, "actions_model › steal › CustomScript")
        assert "CustomScript" not in fresh(form).actions_model

    @pytest.mark.parametrize("attribute", ["TDefault", "TEnabled", "TValidator"])
    def test_editor_cannot_put_an_expression_on_a_field(self, editor, form, attribute):
        status, body = editor.patch(form.absolute_url(), {"fields_model": fields_with(attribute)})
        assert status == 400, body
        assert refusal_names(body, f"fields_model › dog › {attribute}")
        assert attribute not in fresh(form).fields_model

    @pytest.mark.parametrize(
        "attribute", ["thanksPageOverride", "onDisplayOverride", "headerInjection"]
    )
    def test_editor_cannot_set_a_form_expression(self, editor, form, attribute):
        status, body = editor.patch(form.absolute_url(), {attribute: TALES})
        assert status == 400, body
        assert refusal_names(body, attribute)
        assert not getattr(fresh(form), attribute, None)

    def test_editor_cannot_name_a_default_factory(self, editor, form):
        model = FIELDS_MODEL.replace(
            "<title>Name des Hundes</title>",
            "<title>Name des Hundes</title><defaultFactory>os.getcwd</defaultFactory>",
        )
        status, body = editor.patch(form.absolute_url(), {"fields_model": model})
        assert status == 400, body
        assert refusal_names(body, "fields_model › dog › defaultFactory")

    @pytest.mark.parametrize(
        "action",
        [
            '<field name="copy" type="collective.easyform.actions.Mailer"><title>Kopie</title>'
            "<recipient_email>editor@example.ch</recipient_email></field>",
            '<field name="keep" type="collective.easyform.actions.SaveData">'
            "<title>Ablage</title></field>",
        ],
    )
    def test_editor_cannot_send_or_keep_requests_past_the_office(self, editor, form, action):
        """A mailer to their own address, or a data saver they may download as the form's
        owner, would take every request past the office."""
        model = ACTIONS_MODEL.replace("  </schema>", f"    {action}\n  </schema>")
        status, body = editor.patch(form.absolute_url(), {"actions_model": model})
        assert status == 400, body
        assert "ans Amt" in json.dumps(body, ensure_ascii=False)
        assert fresh(form).actions_model == ACTIONS_MODEL

    def test_editor_still_changes_fields_and_actions_without_code(self, editor, form):
        status, body = editor.patch(
            form.absolute_url(),
            {"fields_model": fields_plus_one(), "actions_model": ACTIONS_MODEL, "title": "Hund"},
        )
        assert status == 204, body
        assert "chip" in fresh(form).fields_model
        assert form.title == "Hund"

    def test_site_wide_editor_is_refused_too(self, functional, form):
        create_user("site-editor")
        api.user.grant_roles(username="site-editor", roles=["Editor"])
        transaction.commit()
        rest = client(functional["app"], "site-editor")
        status, body = rest.patch(form.absolute_url(), {"actions_model": SCRIPT_ACTIONS})
        assert status == 400, body

    def test_manager_may_use_code_and_it_counts_as_approved(self, functional, form):
        rest = client(functional["app"], "admin")
        status, body = rest.patch(form.absolute_url(), {"actions_model": SCRIPT_ACTIONS})
        assert status == 204, body
        assert "CustomScript" in fresh(form).actions_model
        approved = IAnnotations(form)["digitalgemeinde.form_code.approved"]
        assert [fragment.field for fragment in approved["fragments"]] == ["steal"]

    def test_editor_changes_a_managers_form_without_touching_its_code(self, functional, form):
        with api.env.adopt_roles(["Manager"]):
            form.actions_model = SCRIPT_ACTIONS
        transaction.commit()
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.patch(form.absolute_url(), {"fields_model": fields_plus_one()})
        assert status == 204, body
        changed = SCRIPT_ACTIONS.replace("Title()", "objectIds()")
        status, body = rest.patch(form.absolute_url(), {"actions_model": changed})
        assert status == 400, body
        assert "Title()" in fresh(form).actions_model

    def test_editor_creates_and_reads_a_form(self, functional, world):
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.post(
            world["liestal"].absolute_url(),
            {"@type": "EasyForm", "id": "neu", "title": "Neues Formular"},
        )
        assert status == 201, body
        status, body = rest.get(f"{world['liestal'].absolute_url()}/neu")
        assert status == 200, body
        assert body["title"] == "Neues Formular"

    def test_editor_cannot_create_a_form_with_code(self, functional, world):
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.post(
            world["liestal"].absolute_url(),
            {"@type": "EasyForm", "id": "boese", "title": "B", "actions_model": SCRIPT_ACTIONS},
        )
        assert status == 400, body
        transaction.begin()
        assert "boese" not in world["liestal"].objectIds()


class TestCopyAndMove:
    @pytest.fixture
    def managers_form(self, world):
        """A form with code made by a Manager in the canton."""
        form = make_request_form(world, tenant="bl")
        with api.env.adopt_roles(["Manager"]):
            form.actions_model = SCRIPT_ACTIONS
        api.user.grant_roles(username="liestal-editor", obj=world["bl"], roles=["Editor"])
        transaction.commit()
        return form

    def test_editor_cannot_copy_a_form_with_code_into_their_tenant(
        self, functional, world, managers_form
    ):
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.post(
            f"{world['liestal'].absolute_url()}/@copy", {"source": site_path(managers_form)}
        )
        assert status in (400, 403), body
        transaction.begin()
        assert managers_form.getId() not in world["liestal"].objectIds()

    def test_editor_cannot_move_a_form_with_code(self, functional, world, managers_form):
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.post(
            f"{world['liestal'].absolute_url()}/@move", {"source": site_path(managers_form)}
        )
        assert status in (400, 403), body
        transaction.begin()
        assert managers_form.getId() in world["bl"].objectIds()

    def test_editor_copies_a_form_without_code(self, functional, world, form):
        rest = client(functional["app"], "liestal-editor")
        status, body = rest.post(
            f"{world['liestal'].absolute_url()}/@copy", {"source": site_path(form)}
        )
        assert status == 200, body
        transaction.begin()
        assert f"copy_of_{form.getId()}" in world["liestal"].objectIds()


class TestModelEditor:
    def save(self, app, form, source, user="liestal-editor"):
        browser = browser_for(app, user)
        browser.addHeader("Accept-Language", "de")
        browser.open(f"{form.absolute_url()}/fields/@@modeleditor")
        browser.getControl(name="source").value = source
        browser.getControl(name="form.button.save").click()
        return browser

    def test_editor_cannot_open_the_model_editor(self, app, form):
        """The XML model editor is for Managers only (security/model_editor.py): an editor
        builds forms with the field editor, where the code guard holds as well."""
        browser = browser_for(app, "liestal-editor")
        browser.open(f"{form.absolute_url()}/fields/@@modeleditor")
        assert "TDefault" not in fresh(form).fields_model
        assert not browser.headers["status"].startswith("200") or "require_login" in browser.url

    def test_manager_saves_a_model_without_code(self, app, form):
        self.save(app, form, fields_plus_one(), user="admin")
        assert "chip" in fresh(form).fields_model


class TestTurnedOff:
    def sneak_in(self, form):
        """Code stored before the guard existed, by someone who may not have been a Manager."""
        ORIGINAL_SETATTR(aq_base(form), "actions_model", SCRIPT_ACTIONS)
        ORIGINAL_SETATTR(aq_base(form), "thanksPageOverride", TALES)

    def test_upgrade_turns_off_unapproved_code_until_a_manager_restores_it(self, functional, form):
        self.sneak_in(form)
        assert turn_off_unapproved_code() == 1
        assert "CustomScript" not in form.actions_model
        assert "DeliverToOffice" in form.actions_model  # the rest of the form still works
        assert not form.thanksPageOverride
        [entry] = turned_off_forms()
        assert entry["path"] == "/".join(form.getPhysicalPath())
        transaction.commit()

        admin = browser_for(functional["app"], "admin")
        admin.open(f"{functional['portal'].absolute_url()}/@@code-in-forms")
        assert "actions_model › steal › CustomScript" in admin.contents
        assert "restrictedTraverse" in admin.contents
        editor = browser_for(functional["app"], "liestal-editor")
        editor.open(f"{functional['portal'].absolute_url()}/@@code-in-forms")
        assert "restrictedTraverse" not in editor.contents

        admin.getControl(name="form.buttons.restore").click()
        assert "Hund anmelden" in admin.contents
        transaction.begin()
        assert "CustomScript" in form.actions_model
        assert form.thanksPageOverride == TALES
        assert turned_off_forms() == []

    def test_manager_may_leave_the_code_off(self, form):
        self.sneak_in(form)
        turn_off_unapproved_code()
        with api.env.adopt_roles(["Manager"]):
            decide(api.content.get_uuid(form), restore=False)
        assert "CustomScript" not in form.actions_model
        assert turned_off_forms() == []

    def test_approved_code_stays_on(self, form):
        with api.env.adopt_roles(["Manager"]):
            form.actions_model = SCRIPT_ACTIONS
        assert turn_off_unapproved_code() == 0
        assert "CustomScript" in form.actions_model


class TestOverHttp:
    """The attack as it was found: a tenant editor's PATCH with a Manager-proxied script."""

    def test_patch_with_script_is_refused_and_a_clean_patch_works(self, acceptance):
        portal = acceptance["portal"]
        world = build_world(portal)
        form = make_request_form(world)
        transaction.commit()
        url = f"http://{acceptance['host']}:{acceptance['port']}/plone/liestal/{form.getId()}"

        def patch(data):
            request = urllib.request.Request(
                url,
                data=json.dumps(data).encode(),
                method="PATCH",
                headers={
                    "Accept": "application/json",
                    "Content-Type": "application/json",
                    "Authorization": basic_auth("liestal-editor", PASSWORD),
                    "Accept-Language": "de",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()

        status, body = patch({"actions_model": SCRIPT_ACTIONS})
        assert status == 400
        message = json.loads(body)["error"]["message"]
        assert "actions_model › steal › CustomScript" in message
        assert "nur Site-Manager" in message
        status, _ = patch({"description": "Hunde melden"})
        assert status == 204
        transaction.begin()
        assert "CustomScript" not in form.actions_model
        assert form.description == "Hunde melden"
