"""20261207001 → 20261208001: existing sites get the catalog's ``assignee`` and ``due_day``,
and existing requests their due date from their service's processing days; 20261208001 →
20261208002: sites with the ``due`` index by the minute get ``due_day`` instead."""

import transaction
from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions.assignment import NOBODY
from digitalgemeinde.submissions.due_dates import CLOSED_DAY
from digitalgemeinde.submissions.due_dates import add_working_days
from digitalgemeinde.submissions.due_dates import day_key
from tests.setup.test_upgrades import CURRENT
from tests.submissions.helpers import make_submission


def test_upgrade_adds_assignee_and_due(functional, world, form):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].processing_days = 5
        old = make_submission(form, functional["request"])
        old.set_due(None)  # a request made before due dates existed
        catalog = api.portal.get_tool("portal_catalog")
        for name in ("assignee", "due_day"):  # a site of version 20261207001
            catalog.delIndex(name)
        for name in ("assignee", "due"):
            catalog.delColumn(name)
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert {"assignee", "due_day"} <= set(catalog.indexes())
    assert "due" not in catalog.indexes()
    assert {"assignee", "due"} <= set(catalog.schema())
    assert old.due == add_working_days(old.submitted, 5)
    (brain,) = catalog.unrestrictedSearchResults(assignee=NOBODY, portal_type="Submission")
    assert old.UID() == brain.UID
    assert brain.due.asdatetime() == old.due
    found = catalog.unrestrictedSearchResults(portal_type="Submission", due_day=day_key(old.due))
    assert [item.UID for item in found] == [old.UID()]
    transaction.abort()


def test_upgrade_replaces_the_due_index_by_due_days(functional, world, form):
    """A site of 20261208001: ``due`` by the minute; after, ``due_day`` for open and closed."""
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].processing_days = 5
        open_one = make_submission(form, functional["request"])
        done = make_submission(form, functional["request"], name="Erika Erledigt")
        api.content.transition(done, "accept")
        api.content.transition(done, "complete")
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("due_day")
        catalog.addIndex("due", "DateIndex")
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261208001")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert "due" not in catalog.indexes()
    assert "due" in catalog.schema()
    due_day = catalog._catalog.getIndex("due_day")
    assert due_day.getEntryForObject(catalog.getrid(path_of(open_one))) == day_key(open_one.due)
    assert due_day.getEntryForObject(catalog.getrid(path_of(done))) == CLOSED_DAY
    transaction.abort()


def path_of(obj) -> str:
    return "/".join(obj.getPhysicalPath())


def test_upgrade_indexes_the_export_columns(functional, world, form):
    """A site of 20261208002 has no ``export_columns``: after, each request has its key."""
    from digitalgemeinde.submissions.export import columns_key

    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        submission = make_submission(form, functional["request"])
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("export_columns")
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261208002")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    found = catalog.unrestrictedSearchResults(export_columns=columns_key(submission))
    assert [brain.UID for brain in found] == [submission.UID()]
    transaction.abort()
