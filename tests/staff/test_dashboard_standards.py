"""The dashboard's standard services: those not adopted yet, and the updates waiting."""

import pytest

from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.tenancy.dashboard import dashboard
from tests.association.helpers import build_association
from tests.association.helpers import make_standard
from tests.association.helpers import release
from tests.association.test_update import release_v2
from tests.helpers import build_world


@pytest.fixture
def assoc(integration):
    """The tenant world with the association (as tests/association/conftest.py)."""
    world = build_world(integration["portal"], commit=False)
    return build_association(integration["portal"], world, commit=False)


def test_not_adopted_standards_and_waiting_updates(assoc):
    liestal = assoc["liestal"]
    board = dashboard(liestal)
    assert [item.title for item in board.not_adopted] == ["Wohnsitzbestätigung bestellen"]
    assert board.updates == []
    assert board.standards_url == f"{liestal.absolute_url()}/@@standards"

    service = adopt(assoc["standard"], liestal, assoc["liestal-office"])
    other = make_standard(assoc["catalog"], id_="hund", title="Hund anmelden (Standard)")
    release(other)
    release_v2(assoc["standard"])
    board = dashboard(liestal)
    assert [item.title for item in board.not_adopted] == ["Hund anmelden (Standard)"]
    assert [(item.url, item.detail) for item in board.updates] == [
        (f"{service.absolute_url()}/@@standard-update", "2")
    ]
    assert service.title in [item.title for item in board.drafts]  # adopted as a draft


def test_a_canton_has_no_standard_services(assoc):
    board = dashboard(assoc["bl"])
    assert board.standards_url is None
    assert board.not_adopted == board.updates == []
