"""The outbox's fixture ``connected``: Liestal's Einwohnerdienste deliver to a receiver on
loopback (tests/outbox/conftest.py)."""

from tests.outbox.conftest import connected  # noqa: F401
