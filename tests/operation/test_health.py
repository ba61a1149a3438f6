"""The load balancer's health check: ``GET /@@health`` (and on the site), for anyone, one word."""

import time

import pytest
import transaction

from digitalgemeinde.operation import health
from digitalgemeinde.operation import heartbeat
from digitalgemeinde.outbox.worker import beat
from tests.helpers import browser_for


def get(app, url):
    browser = browser_for(app)
    browser.open(url)
    return browser


def beat_at(app, moment: float) -> None:
    """A worker's beat at ``moment``, committed from a connection of its own."""
    connection = app._p_jar.db().open()
    try:
        heartbeat.beat(connection.root(), now=moment)
        transaction.commit()
    finally:
        connection.close()
    transaction.begin()


@pytest.fixture
def app(functional):
    return functional["app"]


@pytest.fixture
def site_url(functional):
    return functional["portal"].absolute_url()


def test_green_with_a_fresh_heartbeat_on_the_root_and_the_site(app, site_url):
    beat(app._p_jar.db())  # what the outbox worker does at its start and after each round
    for url in ("http://nohost/@@health", f"{site_url}/@@health"):
        browser = get(app, url)
        assert browser.headers["status"].startswith("200")
        assert browser.contents == "ok"
        assert browser.headers["Cache-Control"] == "no-store"
        assert browser.headers["Content-Type"].startswith("text/plain")


def test_red_when_no_worker_ever_beat(app, site_url):
    for url in ("http://nohost/@@health", f"{site_url}/@@health"):
        browser = get(app, url)
        assert browser.headers["status"].startswith("503")
        assert browser.contents == "worker"
        assert browser.headers["Cache-Control"] == "no-store"


def test_red_with_a_stale_heartbeat_and_green_after_the_next_beat(app):
    beat_at(app, time.time() - health.DEFAULT_MAX_AGE - 5)  # the worker stopped 5 min ago
    browser = get(app, "http://nohost/@@health")
    assert browser.headers["status"].startswith("503")
    assert browser.contents == "worker"
    beat(app._p_jar.db())  # the worker runs again
    browser = get(app, "http://nohost/@@health")
    assert browser.headers["status"].startswith("200")
    assert browser.contents == "ok"


def test_the_limit_comes_from_the_environment(app, monkeypatch):
    beat_at(app, time.time() - 60)
    assert get(app, "http://nohost/@@health").contents == "ok"
    monkeypatch.setenv(health.MAX_AGE_VARIABLE, "45")
    browser = get(app, "http://nohost/@@health")
    assert browser.headers["status"].startswith("503")
    assert browser.contents == "worker"


def test_a_limit_of_0_leaves_the_worker_out(app, monkeypatch):
    """An operator who would rather keep the instances serving while the worker is down."""
    monkeypatch.setenv(health.MAX_AGE_VARIABLE, "0")
    browser = get(app, "http://nohost/@@health")
    assert browser.headers["status"].startswith("200")
    assert browser.contents == "ok"


def test_the_worker_writes_at_most_every_30_seconds(app):
    """The heartbeat is one small record, rewritten only when it is 30 s old: the worker's
    rounds every 10 s mostly only read it."""
    db = app._p_jar.db()
    beat(db)
    transaction.begin()
    first = app._p_jar.root()[heartbeat.KEY].beat
    serial = app._p_jar.root()[heartbeat.KEY]._p_serial
    beat(db)
    transaction.begin()
    assert app._p_jar.root()[heartbeat.KEY]._p_serial == serial
    assert heartbeat.beat(app._p_jar.root(), now=first + 10) is False
    assert heartbeat.beat(app._p_jar.root(), now=first + heartbeat.EVERY) is True
    transaction.abort()


def test_two_workers_beating_at_once_do_not_conflict(app):
    """Two worker processes (or a worker and make start's thread) beat at the same moment."""
    db = app._p_jar.db()
    beat_at(app, time.time() - 100)
    managers = [transaction.TransactionManager() for _ in range(2)]
    connections = [db.open(transaction_manager=tm) for tm in managers]
    now = time.time()
    for offset, connection in enumerate(connections):
        assert heartbeat.beat(connection.root(), now=now + offset)
    for tm in managers:
        tm.commit()  # the second commit is resolved, not refused
    for connection in connections:
        connection.close()
    transaction.begin()
    assert app._p_jar.root()[heartbeat.KEY].beat == now + 1


def test_red_when_the_database_does_not_answer(app):
    """A connection that cannot read (closed): the check says ``database``, nothing else."""
    beat(app._p_jar.db())
    connection = app._p_jar.db().open()
    assert health.check(connection) == "ok"
    connection.close()
    assert health.check(connection) == "database"


def test_anonymous_learns_nothing_but_one_word(app, site_url):
    beat(app._p_jar.db())
    for url in ("http://nohost/@@health", f"{site_url}/@@health"):
        browser = get(app, url)
        assert browser.contents == "ok"
        for secret in ("plone", "zope", "python", "6.2", "/plone", "heartbeat"):
            assert secret not in browser.contents.lower()
