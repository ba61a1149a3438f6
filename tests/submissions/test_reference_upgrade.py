"""20261208002 → 20261209001: a site whose reference counters kept every number taken gets
counters of the last number; new requests continue after the highest number, without a gap.
A form's fingerprints of recent deliveries move into the tree of one bucket."""

from datetime import UTC
from datetime import datetime

import transaction
from BTrees.IOBTree import IOBTree
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

from digitalgemeinde.sitesetup import DEFAULT_PROFILE
from digitalgemeinde.sitesetup import upgrade
from digitalgemeinde.submissions import duplicates
from digitalgemeinde.submissions.reference import counter_for
from digitalgemeinde.submissions.reference import counters_of
from digitalgemeinde.submissions.reference import next_reference
from tests.setup.test_upgrades import CURRENT


def former_counter(tenant, year: int, numbers: list[int]):
    """A counter as 20261208002 kept it: the numbers taken and how many were given out."""
    counter = counter_for(tenant, year)
    del counter.last
    counter.taken = IOBTree(dict.fromkeys(numbers, ""))
    counter.issued = Length(len(numbers))
    return counter


def test_upgrade_keeps_each_tenants_last_number(functional, world, form):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        liestal = former_counter(world["liestal"], 2026, [1, 2, 4, 5, 9])
        former_counter(world["liestal"], 2025, [1, 2, 3])
        canton = former_counter(world["bl"], 2026, [])
        assert counters_of(world["allschwil"], create=False) is None  # never counted
        fingerprint = ("uid-of-an-earlier-request", datetime.now(UTC))
        IAnnotations(form)[duplicates.KEY] = OOBTree({"abc": fingerprint})
        transaction.commit()
        setup = portal.portal_setup
        setup.setLastVersionForProfile(DEFAULT_PROFILE, "20261208002")

        upgrade(portal)
        transaction.commit()

    assert setup.getLastVersionForProfile(DEFAULT_PROFILE) == (CURRENT,)
    assert (liestal.last, liestal.taken, liestal.issued) == (9, None, None)
    assert "taken" not in liestal.__dict__
    assert counter_for(world["liestal"], 2025).last == 3
    assert canton.last == 0
    recent = IAnnotations(form)[duplicates.KEY]
    assert isinstance(recent, duplicates.Fingerprints) and dict(recent) == {"abc": fingerprint}
    with api.env.adopt_roles(["Manager"]):
        assert next_reference(world["liestal"], 2026) == "2829-2026-000010"
        assert next_reference(world["liestal"], 2025) == "2829-2025-000004"
        assert next_reference(world["bl"], 2026) == "13-2026-000001"
        assert next_reference(world["allschwil"], 2026) == "2762-2026-000001"
    transaction.abort()
