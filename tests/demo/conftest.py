"""The demo site as a fixture for the tests of this folder."""

import pytest
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles


@pytest.fixture
def demo(demo_integration):
    """The demo site, built once for the module by the demo layer; the test user a Manager."""
    portal = demo_integration["portal"]
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal
