"""`make start`'s real server (its outbox worker runs in the server process) answers the load
balancer's health check, and its metrics only with the token."""

import time
import urllib.error
import urllib.request

import pytest

from tests.setup.test_make_start import PASSWORD
from tests.setup.test_make_start import get
from tests.setup.test_make_start import serve


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve(tmp_path_factory, "health")


def health(server, path):
    try:
        with urllib.request.urlopen(server.url(path), timeout=30) as response:  # noqa: S310
            return response.status, response.read(), response.headers["Cache-Control"]
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers["Cache-Control"]


def test_make_start_is_healthy_on_the_root_and_the_site(server):
    deadline = time.monotonic() + 30  # the worker thread beats when it starts
    while (answer := health(server, "/@@health"))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert answer == (200, b"ok", "no-store")
    assert health(server, "/Plone/@@health") == (200, b"ok", "no-store")


def test_make_start_serves_metrics_to_a_manager_only(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(server.url("/Plone/@@metrics"))
    assert refused.value.code == 401
    status, body = get(server.url("/Plone/@@metrics"), auth=("admin", PASSWORD))
    assert status == 200
    assert b"digitalgemeinde_requests{" in body
    assert b"digitalgemeinde_submit_seconds_bucket" in body
