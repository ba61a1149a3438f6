"""The standard service workflow: Public Innovators draft and submit, the association's editors
release with a change note; each release is a numbered snapshot; who sees and edits what."""

from datetime import datetime

import pytest
from AccessControl.SpecialUsers import nobody
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import Unauthorized

from tests.association.helpers import TEMPLATE
from tests.association.helpers import TEMPLATE_V2
from tests.association.helpers import html
from tests.association.helpers import make_standard
from tests.association.helpers import release

VIEW = "View"
MODIFY = "Modify portal content"
ADD_STANDARD = "digitalgemeinde: Add StandardService"
RELEASE = "digitalgemeinde: Release standard service"


def state(obj) -> str:
    return api.content.get_state(obj)


def do(obj, transition: str, comment: str | None = None) -> None:
    """Run ``transition`` as the current user; WorkflowException carries the refusal."""
    kwargs = {"comment": comment} if comment is not None else {}
    api.portal.get_tool("portal_workflow").doActionFor(obj, transition, **kwargs)


def anonymous():
    return api.env.adopt_user(user=nobody)


def can(username: str | None, permission: str, obj) -> bool:
    if username is None:
        with anonymous():
            return bool(api.user.get_current().checkPermission(permission, obj))
    return api.user.has_permission(permission, username=username, obj=obj)


def draft_by_innovator(assoc, id_="hund-abmelden"):
    with api.env.adopt_user(username="innovator"):
        return api.content.create(
            assoc["catalog"],
            "StandardService",
            id=id_,
            title="Hund abmelden",
            topics=["personal"],
            audience=["private"],
            form_template=TEMPLATE,
            processing_time="5 Arbeitstage",
        )


@pytest.fixture
def draft(assoc):
    return draft_by_innovator(assoc)


@pytest.fixture
def submitted(assoc, draft):
    with api.env.adopt_user(username="innovator"):
        do(draft, "submit")
    return draft


@pytest.fixture
def released(assoc, submitted):
    with api.env.adopt_user(username="verband-editor"):
        do(submitted, "release", "Erste Fassung aus der Werkstatt")
    return submitted


# --- drafting, submitting, releasing ---------------------------------------------------------


def test_innovator_adds_a_standard_service_in_the_catalog(assoc, draft):
    assert draft.aq_parent.getId() == "leistungskatalog"
    assert state(draft) == "draft"
    assert draft.Creator() == "innovator"
    assert draft.version == 0
    assert draft.latest_release() is None
    assert can("innovator", ADD_STANDARD, assoc["catalog"])
    assert can("innovator", MODIFY, draft)


def test_innovator_submits_but_cannot_release(assoc, submitted):
    assert state(submitted) == "review"
    assert not can("innovator", RELEASE, submitted)
    with api.env.adopt_user(username="innovator"):
        for transition in ("release", "send_back"):
            with pytest.raises(WorkflowException):
                do(submitted, transition, "Ich gebe es frei")
    assert state(submitted) == "review"
    assert submitted.releases == ()


def test_innovator_cannot_release_a_new_version_or_retire(assoc, released):
    released.processing_time = "2 Arbeitstage"
    with api.env.adopt_user(username="innovator"):
        for transition in ("release_version", "retire"):
            with pytest.raises(WorkflowException):
                do(released, transition, "Schneller")
    assert state(released) == "released"
    assert released.version == 1


def test_verband_editor_releases_with_a_change_note(assoc, released):
    assert state(released) == "released"
    assert released.version == 1
    snapshot = released.latest_release()
    assert snapshot["version"] == 1
    assert snapshot["note"] == "Erste Fassung aus der Werkstatt"
    assert snapshot["actor"] == "verband-editor"
    assert snapshot["uid"] == api.content.get_uuid(released)
    assert isinstance(snapshot["date"], datetime)
    fields = snapshot["fields"]
    assert fields["title"] == "Hund abmelden"
    assert fields["processing_time"] == "5 Arbeitstage"
    assert fields["topics"] == ["personal"]
    assert fields["form_template"] == TEMPLATE
    assert released.get_release(1) is snapshot
    assert released.get_release(2) is None


def test_snapshot_is_a_copy_not_the_live_fields(assoc, released):
    released.topics.append("family")
    released.processing_time = "1 Arbeitstag"
    fields = released.latest_release()["fields"]
    assert fields["topics"] == ["personal"]
    assert fields["processing_time"] == "5 Arbeitstage"


@pytest.mark.parametrize("comment", [None, "", "   \n "])
def test_release_without_change_note_is_refused_and_stores_nothing(assoc, submitted, comment):
    with (
        api.env.adopt_user(username="verband-editor"),
        pytest.raises(WorkflowException) as error,
    ):
        do(submitted, "release", comment)
    assert "change note" in str(error.value)
    assert state(submitted) == "review"
    assert submitted.releases == ()
    assert submitted.version == 0
    history = submitted.workflow_history["digitalgemeinde_standard_workflow"]
    assert [entry["action"] for entry in history] == [None, "submit"]


def test_release_with_broken_template_is_refused(assoc, submitted):
    submitted.form_template = "<model"
    with (
        api.env.adopt_user(username="verband-editor"),
        pytest.raises(WorkflowException) as error,
    ):
        do(submitted, "release", "Erste Fassung")
    assert "form field model" in str(error.value)
    assert state(submitted) == "review"
    assert submitted.releases == ()


def test_editing_then_release_version_makes_version_two(assoc, released):
    with api.env.adopt_user(username="verband-editor"):
        released.processing_time = "2 Arbeitstage"
        released.requirements = html("<p>Der Hund ist gestorben oder weggezogen.</p>")
        released.form_template = TEMPLATE_V2
        do(released, "release_version", "Schnellere Bearbeitung")
    assert state(released) == "released"
    assert released.version == 2
    assert [item["version"] for item in released.releases] == [1, 2]
    first, second = released.get_release(1), released.get_release(2)
    assert second["note"] == "Schnellere Bearbeitung"
    assert second["fields"]["processing_time"] == "2 Arbeitstage"
    assert second["fields"]["requirements"].raw == "<p>Der Hund ist gestorben oder weggezogen.</p>"
    assert second["fields"]["form_template"] == TEMPLATE_V2
    # the first snapshot is left as it was released
    assert first["note"] == "Erste Fassung aus der Werkstatt"
    assert first["fields"]["processing_time"] == "5 Arbeitstage"
    assert first["fields"]["requirements"] is None
    assert first["fields"]["form_template"] == TEMPLATE


def test_release_version_without_change_is_refused(assoc, released):
    with (
        api.env.adopt_user(username="verband-editor"),
        pytest.raises(WorkflowException) as error,
    ):
        do(released, "release_version", "Nochmals")
    assert "Nothing has changed since version 1" in str(error.value)
    assert released.version == 1
    assert len(released.releases) == 1


def test_release_version_needs_a_change_note_too(assoc, released):
    released.processing_time = "2 Arbeitstage"
    with api.env.adopt_user(username="verband-editor"), pytest.raises(WorkflowException):
        do(released, "release_version", "")
    assert released.version == 1


def test_editing_a_released_standard_changes_no_snapshot(assoc, released):
    with api.env.adopt_user(username="innovator"):
        assert can("innovator", MODIFY, released)
        released.processing_time = "2 Arbeitstage"
    assert released.latest_release()["fields"]["processing_time"] == "5 Arbeitstage"
    assert released.version == 1


def test_retire_and_reactivate(assoc, released):
    with api.env.adopt_user(username="verband-editor"):
        do(released, "retire", "Ersetzt durch eUmzug")
    assert state(released) == "retired"
    assert released.version == 1
    assert not can("verband-editor", MODIFY, released)
    assert not can("innovator", MODIFY, released)
    assert can(None, VIEW, released)
    with api.env.adopt_user(username="verband-editor"):
        do(released, "reactivate", "Doch wieder")
    assert state(released) == "released"
    assert released.version == 1  # reactivating is not a new release


def test_verband_editor_sends_a_submitted_draft_back(assoc, submitted):
    with api.env.adopt_user(username="verband-editor"):
        do(submitted, "send_back", "Bitte Gebühren ergänzen")
    assert state(submitted) == "draft"
    assert submitted.releases == ()


def test_first_release_of_the_fixture(assoc):
    standard = assoc["standard"]
    assert state(standard) == "released"
    assert standard.version == 1
    assert standard.latest_release()["note"] == "Erste Version"


# --- what municipal editors and anonymous visitors may do ------------------------------------


def test_municipal_editor_cannot_add_a_standard_service(assoc):
    assert not can("liestal-editor", ADD_STANDARD, assoc["catalog"])
    with api.env.adopt_user(username="liestal-editor"), pytest.raises(Unauthorized):
        api.content.create(
            assoc["catalog"],
            "StandardService",
            id="eigenes",
            title="Eigenes",
            topics=["personal"],
            form_template=TEMPLATE,
        )
    assert "eigenes" not in assoc["catalog"]


def test_municipal_editor_cannot_edit_or_release(assoc, submitted):
    standard = assoc["standard"]
    assert not can("liestal-editor", MODIFY, standard)
    assert not can("liestal-editor", MODIFY, submitted)
    assert not can("liestal-editor", RELEASE, submitted)
    with api.env.adopt_user(username="liestal-editor"):
        with pytest.raises(WorkflowException):
            do(submitted, "release", "Freigabe durch Liestal")
        standard.processing_time = "sofort"
        with pytest.raises(WorkflowException):
            do(standard, "release_version", "Freigabe durch Liestal")
        with pytest.raises(WorkflowException):
            do(standard, "retire", "Brauchen wir nicht")
    assert state(submitted) == "review"
    assert state(standard) == "released"
    assert standard.version == 1


def test_municipal_editor_does_not_see_drafts(assoc, draft, submitted):
    assert not can("liestal-editor", VIEW, submitted)
    assert can("liestal-editor", VIEW, assoc["standard"])
    with api.env.adopt_user(username="liestal-editor"):
        found = {brain.getId for brain in api.content.find(portal_type="StandardService")}
    assert found == {"wohnsitzbestaetigung"}


def test_association_members_see_drafts(assoc, draft):
    for username in ("innovator", "verband-editor"):
        assert can(username, VIEW, draft)
        with api.env.adopt_user(username=username):
            found = {brain.getId for brain in api.content.find(portal_type="StandardService")}
        assert found == {"wohnsitzbestaetigung", "hund-abmelden"}


def test_anonymous_sees_released_not_draft(assoc, draft):
    assert can(None, VIEW, assoc["standard"])
    assert not can(None, VIEW, draft)
    with api.env.adopt_user(username="innovator"):
        do(draft, "submit")
    assert not can(None, VIEW, draft)
    with api.env.adopt_user(username="verband-editor"):
        do(draft, "release", "Erste Fassung")
    assert can(None, VIEW, draft)
    assert not can(None, MODIFY, draft)


def test_anonymous_finds_only_released_standards(assoc, draft):
    with anonymous():
        found = {brain.getId for brain in api.content.find(portal_type="StandardService")}
    assert found == {"wohnsitzbestaetigung"}


# --- workshops -------------------------------------------------------------------------------


@pytest.fixture
def workshop(assoc):
    with api.env.adopt_user(username="innovator"):
        return api.content.create(
            assoc["association"],
            "Workshop",
            id="werkstatt-umzug",
            title="Werkstatt Umzug",
            theme="personal",
            start=datetime(2026, 3, 12, 9, 0),
        )


def test_innovator_adds_a_workshop_as_private_draft(assoc, workshop):
    assert state(workshop) == "private"
    assert workshop.Creator() == "innovator"


def test_workshop_draft_is_visible_to_the_association_only(assoc, workshop):
    assert can("innovator", VIEW, workshop)
    assert can("verband-editor", VIEW, workshop)
    assert not can("liestal-editor", VIEW, workshop)
    assert not can("allschwil-editor", VIEW, workshop)
    assert not can(None, VIEW, workshop)


def test_published_workshop_is_visible_to_everyone(assoc, workshop):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(workshop, "publish")
    for username in ("innovator", "liestal-editor", None):
        assert can(username, VIEW, workshop)
    assert not can("liestal-editor", MODIFY, workshop)


def test_innovator_adds_material_to_the_workshop(assoc, workshop):
    with api.env.adopt_user(username="innovator"):
        page = api.content.create(workshop, "Document", id="protokoll", title="Protokoll")
    assert page.aq_parent.getId() == "werkstatt-umzug"
    assert can("innovator", VIEW, page)
    assert not can(None, VIEW, page)


def test_municipal_editor_cannot_add_a_workshop(assoc):
    with api.env.adopt_user(username="liestal-editor"), pytest.raises(Unauthorized):
        api.content.create(assoc["association"], "Workshop", id="w", title="W", theme="personal")
    assert "w" not in assoc["association"]


def test_who_adds_what_in_the_association(assoc):
    association = assoc["association"]
    for permission, allowed in (
        ("digitalgemeinde: Add Workshop", {"innovator", "verband-editor"}),
        ("digitalgemeinde: Add ServiceCatalog", {"verband-editor"}),
        ("digitalgemeinde: Add ProjectStatus", {"verband-editor"}),
    ):
        for username in ("innovator", "verband-editor", "liestal-editor"):
            assert can(username, permission, association) == (username in allowed), (
                permission,
                username,
            )


def test_release_helper_for_a_further_standard(assoc):
    standard = make_standard(assoc["catalog"], id_="zweite", title="Zweiter Standard")
    release(standard, note="Start")
    assert state(standard) == "released"
    assert standard.latest_release()["note"] == "Start"
