"""The citizens' site (tests.citizens.build_site) as fixtures for the tests of this folder."""

import pytest
from plone.testing.zope import Browser

from tests.citizens import build_site


@pytest.fixture
def site(portal):
    """The site built in the integration layer (rolled back per test)."""
    return build_site(portal)


@pytest.fixture
def citizens_world(functional_portal):
    """The same site, committed, for tests through the browser."""
    return build_site(functional_portal, commit=True)


@pytest.fixture
def browser(functional):
    browser = Browser(functional["app"])
    browser.handleErrors = False
    return browser
