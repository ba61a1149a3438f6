"""Fixtures for the whole suite: pytest-plone's fixtures on our layers."""

import os
from pathlib import Path

import pytest

# Compile the .po catalogs when ZCML is loaded, as the server does (zope.conf sets the same).
os.environ.setdefault("zope_i18n_compile_mo_files", "1")

from pytest_plone import fixtures_factory  # noqa: E402

from digitalgemeinde.testing import ACCEPTANCE_TESTING  # noqa: E402
from digitalgemeinde.testing import DEMO_FUNCTIONAL_TESTING  # noqa: E402
from digitalgemeinde.testing import DEMO_INTEGRATION_TESTING  # noqa: E402
from digitalgemeinde.testing import FUNCTIONAL_TESTING  # noqa: E402
from digitalgemeinde.testing import INTEGRATION_TESTING  # noqa: E402

# tests.request_forms: the fixtures ``world`` and ``form`` (a request form of Liestal)
pytest_plugins = ["pytest_plone", "tests.request_forms"]

globals().update(
    fixtures_factory(((INTEGRATION_TESTING, "integration"), (FUNCTIONAL_TESTING, "functional")))
)
# Set up only while their tests run (plone.testing layers form a stack: two layers on the same
# base must not be up at once). Put tests of these layers in a class: the layer is then built
# once per class, not once per test. The acceptance layer starts a WSGI server; the demo
# layers build the demo site.
globals().update(
    fixtures_factory(
        (
            (ACCEPTANCE_TESTING, "acceptance"),
            (DEMO_INTEGRATION_TESTING, "demo_integration"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
        ),
        keep_session=False,
    )
)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    """The checkout's root folder."""
    return REPO


@pytest.fixture
def package_name() -> str:
    return "digitalgemeinde"
