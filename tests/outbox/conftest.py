import pytest
import transaction
from plone import api

from tests.outbox.receiver import Receiver

SECRET = "s3cret-of-the-einwohnerdienste-0123456789"


@pytest.fixture
def connected(world, form):
    """Liestal's Einwohnerdienste deliver to a receiver on loopback (not started yet): an
    internal host over http, so a Manager allow-listed it (security.outgoing)."""
    receiver = Receiver(SECRET)
    api.portal.set_registry_record(
        "digitalgemeinde.outgoing_allowed_hosts", [f"127.0.0.1:{receiver.port}"]
    )
    office = world["liestal-office"]
    office.interface_url = receiver.url
    office.interface_format = "json"
    office.interface_secret = SECRET
    transaction.commit()
    yield receiver
    receiver.stop()
