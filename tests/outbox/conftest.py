import pytest
import transaction

from tests.outbox.receiver import Receiver

SECRET = "s3cret-of-the-einwohnerdienste-0123456789"


@pytest.fixture
def connected(world, form):
    """Liestal's Einwohnerdienste deliver to a receiver on loopback (not started yet)."""
    receiver = Receiver(SECRET)
    office = world["liestal-office"]
    office.interface_url = receiver.url
    office.interface_format = "json"
    office.interface_secret = SECRET
    transaction.commit()
    yield receiver
    receiver.stop()
