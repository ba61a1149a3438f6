"""20261207001 → 20261208001: existing sites get the catalog's ``assignee`` and ``due``, and
existing requests their due date from their service's processing days."""

import transaction
from plone import api

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions.assignment import NOBODY
from digitalgemeinde.submissions.due_dates import add_working_days
from tests.submissions.helpers import make_submission


def test_upgrade_adds_assignee_and_due(functional, world, form):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        world["liestal-service"].processing_days = 5
        old = make_submission(form, functional["request"])
        old.set_due(None)  # a request made before due dates existed
        catalog = api.portal.get_tool("portal_catalog")
        for name in ("assignee", "due"):  # a site of version 20261207001
            catalog.delIndex(name)
            catalog.delColumn(name)
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261207001")

        upgrade(portal)

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == ("20261208001",)
    assert {"assignee", "due"} <= set(catalog.indexes())
    assert {"assignee", "due"} <= set(catalog.schema())
    assert old.due == add_working_days(old.submitted, 5)
    (brain,) = catalog.unrestrictedSearchResults(assignee=NOBODY, portal_type="Submission")
    assert old.UID() == brain.UID
    assert brain.due.asdatetime() == old.due
    found = catalog.unrestrictedSearchResults(
        portal_type="Submission", due={"query": brain.due, "range": "min"}
    )
    assert [item.UID for item in found] == [old.UID()]
    transaction.abort()
