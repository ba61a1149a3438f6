"""Fixtures of the REST endpoints' tests: the app, the request, a second office with its clerk,
a clerk of another tenant. ``world`` and ``form`` come from tests/request_forms.py."""

import pytest
import transaction

from tests.forms.helpers import add_office
from tests.helpers import create_user


@pytest.fixture
def app(functional):
    return functional["app"]


@pytest.fixture
def request_(functional):
    return functional["request"]


@pytest.fixture
def bau(world):
    """A second office of Liestal, with its own clerk ``liestal-bau-clerk``."""
    office = add_office(world["liestal"], "bauverwaltung", "Bauverwaltung", "liestal-bau-clerk")
    transaction.commit()
    return office


@pytest.fixture
def allschwil_clerk(world):
    create_user("allschwil-clerk", ["allschwil-einwohnerdienste-staff"])
    transaction.commit()
    return "allschwil-clerk"
