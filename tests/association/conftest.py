import pytest

from tests.association.helpers import build_association
from tests.association.helpers import build_known_figures
from tests.helpers import build_world


@pytest.fixture
def assoc(integration):
    """The tenant world with the association (integration layer: rolled back per test)."""
    world = build_world(integration["portal"], commit=False)
    return build_association(integration["portal"], world, commit=False)


@pytest.fixture
def assoc_functional(functional):
    """The same, committed, for tests through the browser or REST."""
    world = build_world(functional["portal"])
    return build_association(functional["portal"], world)


@pytest.fixture
def known(assoc):
    """The association with known numbers for its figures (see build_known_figures)."""
    return build_known_figures(assoc)
