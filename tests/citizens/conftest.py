"""The citizens' site (tests.citizens.build_site) as fixtures for the tests of this folder."""

import pytest
import transaction
from plone.testing.zope import Browser

from tests.citizens import build_site


@pytest.fixture
def site(portal):
    """The site built in the integration layer (rolled back per test)."""
    return build_site(portal)


@pytest.fixture
def world(functional_portal):
    """The same site, committed, for tests through the browser."""
    content = build_site(functional_portal)
    transaction.commit()
    return content


@pytest.fixture
def browser(functional):
    browser = Browser(functional["app"])
    browser.handleErrors = False
    return browser
