"""Fixtures of the payment tests: the Datatrans stand-in (tests/datatrans/fixtures.py)."""

from tests.datatrans.fixtures import datatrans_account  # noqa: F401
from tests.datatrans.fixtures import datatrans_allowed  # noqa: F401
from tests.datatrans.fixtures import datatrans_standin  # noqa: F401
from tests.datatrans.fixtures import webhook_receiver  # noqa: F401
