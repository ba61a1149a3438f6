"""Prometheus' ``@@metrics``: for the bearer of the token and for Managers, never for anyone
else; its figures follow what happens on the portal."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import transaction
from persistent.mapping import PersistentMapping
from prometheus_client.parser import text_string_to_metric_families
from zope.component import getGlobalSiteManager
from ZPublisher.HTTPRequest import HTTPRequest
from ZPublisher.interfaces import IPubBeforeCommit

from digitalgemeinde.operation import metrics
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from tests.helpers import browser_for
from tests.submissions.helpers import open_form

TOKEN = "metrics-token-for-the-tests-0123456789"


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv(metrics.TOKEN_VARIABLE, TOKEN)
    return TOKEN


@pytest.fixture
def site_url(functional):
    return functional["portal"].absolute_url()


def fetch(app, site_url, user=None, bearer=None):
    browser = browser_for(app, user)
    if bearer is not None:
        browser.addHeader("Authorization", f"Bearer {bearer}")
    browser.open(f"{site_url}/@@metrics")
    return browser


def scrape(app, site_url, **kwargs) -> dict:
    """``{(sample name, sorted labels): value}`` of one scrape with the token."""
    browser = fetch(app, site_url, bearer=TOKEN, **kwargs)
    assert browser.headers["status"].startswith("200")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(browser.contents)
        for sample in family.samples
    }


def value(figures, name, **labels) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


def submit(app, form, **values):
    browser = open_form(app, form, **values)
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    return browser


def test_refused_without_the_token(functional, world, token, site_url):
    app = functional["app"]
    for user, bearer in (
        (None, None),  # anonymous
        (None, "a-guessed-token"),
        (None, ""),
        ("liestal-clerk", None),  # a clerk of an office
        ("liestal-admin", None),  # a municipality's admin
        ("liestal-clerk", "a-guessed-token"),
    ):
        browser = fetch(app, site_url, user, bearer)
        assert browser.headers["status"].startswith("401"), (user, bearer)
        assert browser.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
        assert browser.headers["Cache-Control"] == "no-store"
        assert "digitalgemeinde_" not in browser.contents
    # the legitimate scraper, next to the refusals
    browser = fetch(app, site_url, bearer=TOKEN)
    assert browser.headers["status"].startswith("200")
    assert "digitalgemeinde_requests" in browser.contents


def test_without_a_token_configured_no_bearer_gets_in(functional, world, site_url, monkeypatch):
    monkeypatch.delenv(metrics.TOKEN_VARIABLE, raising=False)
    for bearer in ("", "None", TOKEN):
        browser = fetch(functional["app"], site_url, bearer=bearer)
        assert browser.headers["status"].startswith("401")


def test_a_manager_may_read_them(functional, world, site_url, monkeypatch):
    monkeypatch.delenv(metrics.TOKEN_VARIABLE, raising=False)
    browser = fetch(functional["app"], site_url, "admin")
    assert browser.headers["status"].startswith("200")
    assert browser.headers["Content-Type"].startswith("text/plain")
    assert browser.headers["Cache-Control"] == "no-store"
    for name in (
        "digitalgemeinde_requests",
        "digitalgemeinde_outbox_pending",
        "digitalgemeinde_outbox_oldest_pending_seconds",
        "digitalgemeinde_outbox_failed",
        "digitalgemeinde_zodb_conflicts_total",
        "digitalgemeinde_publisher_retries_total",
        "digitalgemeinde_submit_seconds_bucket",
        "digitalgemeinde_worker_heartbeat_age_seconds",
    ):
        assert f"\n{name}" in browser.contents, name


def test_a_submission_moves_the_counter_and_the_latency_histogram(
    functional, form, token, site_url
):
    app = functional["app"]
    before = scrape(app, site_url)
    assert value(before, "digitalgemeinde_requests", tenant="liestal", state="submitted") == 0
    submit(app, form)
    submit(app, form, dog="Rex")
    after = scrape(app, site_url)
    assert value(after, "digitalgemeinde_requests", tenant="liestal", state="submitted") == 2
    assert value(after, "digitalgemeinde_requests", tenant="allschwil", state="submitted") == 0
    count = "digitalgemeinde_submit_seconds_count"
    assert value(after, count) == value(before, count) + 2
    assert value(after, "digitalgemeinde_submit_seconds_sum") > value(
        before, "digitalgemeinde_submit_seconds_sum"
    )
    infinite = value(after, "digitalgemeinde_submit_seconds_bucket", le="+Inf")
    assert infinite == value(before, "digitalgemeinde_submit_seconds_bucket", le="+Inf") + 2


@pytest.fixture
def delivering(world):
    """Liestal's Einwohnerdienste deliver to a specialist application (nothing listens)."""
    office = world["liestal-office"]
    office.interface_url = "http://127.0.0.1:9/eingang"
    office.interface_format = "json"
    transaction.commit()
    return office


def test_a_pending_delivery_shows_as_queue_and_age_then_as_failed(
    functional, form, token, site_url, delivering
):
    app = functional["app"]
    assert value(scrape(app, site_url), "digitalgemeinde_outbox_pending") == 0
    submit(app, form)
    [submission] = delivering.objectValues()
    job_of(submission).created -= timedelta(hours=2)  # waiting for two hours
    transaction.commit()
    figures = scrape(app, site_url)
    assert value(figures, "digitalgemeinde_outbox_pending") == 1
    assert 7200 <= value(figures, "digitalgemeinde_outbox_oldest_pending_seconds") < 7300
    assert value(figures, "digitalgemeinde_outbox_failed") == 0
    # three days later the outbox gives up (the office has no shared secret: nothing is sent)
    run_once(now=datetime.now(UTC) + timedelta(hours=73))
    transaction.begin()
    assert job_of(submission).state == FAILED
    figures = scrape(app, site_url)
    assert value(figures, "digitalgemeinde_outbox_failed") == 1
    assert value(figures, "digitalgemeinde_outbox_pending") == 0
    assert value(figures, "digitalgemeinde_outbox_oldest_pending_seconds") == 0


def test_a_conflict_and_its_retry_are_counted(functional, world, token, site_url, monkeypatch):
    """A real write conflict: while a request commits, another connection has just changed
    the same record; the publisher retries the request, which then succeeds."""
    # what zope.conf's max-conflict-retries (default 3) sets in a server; the test layer has 0
    monkeypatch.setattr(HTTPRequest, "retry_max_count", 3)
    app = functional["app"]
    db = app._p_jar.db()
    app._p_jar.root()["test-collision"] = PersistentMapping()
    transaction.commit()
    collided = []

    def collide(event):
        if collided:
            return
        collided.append(True)
        event.request["PARENTS"][-1]._p_jar.root()["test-collision"]["by"] = "request"
        other = transaction.TransactionManager()
        connection = db.open(transaction_manager=other)
        connection.root()["test-collision"]["by"] = "someone else"
        other.commit()
        connection.close()

    before = scrape(app, site_url)
    registry = getGlobalSiteManager()
    registry.registerHandler(collide, (IPubBeforeCommit,))
    try:
        browser = browser_for(app)
        browser.open(world["liestal-page"].absolute_url())
    finally:
        registry.unregisterHandler(collide, (IPubBeforeCommit,))
    assert browser.headers["status"].startswith("200")
    assert collided
    after = scrape(app, site_url)
    for name in ("digitalgemeinde_zodb_conflicts_total", "digitalgemeinde_publisher_retries_total"):
        assert value(after, name) == value(before, name) + 1, name
