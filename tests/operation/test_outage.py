"""The database gone (PostgreSQL restarted): every request gets a 503 that says, in the
citizen's language, that nothing was saved and to try again in a few minutes, never a
traceback. In-process: the exception view inside Zope's publisher, and zope.ini's WSGI filter
for the error raised before Zope publishes (tests/cluster/test_faults.py stops the real
PostgreSQL)."""

import json

import psycopg2
import pytest
import transaction
import webtest
from plone import api
from Products.Five.browser import BrowserView
from relstorage.adapters.interfaces import ReplicaClosedException
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

from digitalgemeinde.operation import outage
from tests.helpers import browser_for
from tests.security.test_error_pages import production_pipeline

MESSAGES = {
    "de": (
        "Der Dienst ist im Moment nicht erreichbar",
        "Ihre Eingaben wurden nicht gespeichert.",
        "Bitte versuchen Sie es in einigen Minuten noch einmal.",
    ),
    "fr": (
        "Le service n'est pas disponible pour le moment",
        "Vos saisies n'ont pas été enregistrées.",
        "Veuillez réessayer dans quelques minutes.",
    ),
    "it": (
        "Il servizio non è disponibile al momento",
        "I dati inseriti non sono stati salvati.",
        "La preghiamo di riprovare tra qualche minuto.",
    ),
}
# what a Python traceback or the error itself would show
TRACES = ("Traceback", "site-packages", 'File "', "OperationalError", "psycopg2", "Error")
GONE = 'server closed the connection unexpectedly\n\tport 5432 "127.0.0.1"'


def shows_internals(text: str) -> bool:
    return any(trace in text for trace in TRACES)


class DatabaseGone(BrowserView):
    """A page whose database goes away while it is published (what the driver raises)."""

    __roles__ = None  # public
    error = psycopg2.OperationalError

    def __call__(self):
        if self.request.get("REQUEST_METHOD") == "POST":
            self.context.title = "half stored?"  # a change the failed commit must not keep
        raise DatabaseGone.error(GONE)


@pytest.fixture
def gone(functional):
    registry = getGlobalSiteManager()
    spec = (Interface, IDefaultBrowserLayer)
    registry.registerAdapter(DatabaseGone, spec, Interface, "database-gone-test-page")
    yield functional
    registry.unregisterAdapter(DatabaseGone, spec, Interface, "database-gone-test-page")
    DatabaseGone.error = psycopg2.OperationalError


def test_which_errors_mean_the_database_is_gone():
    assert outage.unavailable(psycopg2.OperationalError(GONE))
    assert outage.unavailable(psycopg2.errors.AdminShutdown("terminating connection"))
    assert outage.unavailable(psycopg2.InterfaceError("connection already closed"))
    assert outage.unavailable(ReplicaClosedException())
    try:  # raised while handling the driver's error: still the database
        try:
            raise psycopg2.OperationalError(GONE)
        except psycopg2.OperationalError:
            raise KeyError("a ghost that could not be loaded") from None
    except KeyError as chained:
        assert outage.unavailable(chained)
    try:
        try:
            raise psycopg2.OperationalError(GONE)
        except psycopg2.OperationalError as error:
            raise RuntimeError("rendering failed") from error
    except RuntimeError as chained:
        assert outage.unavailable(chained)
    # other errors are other errors: the site's error page, a 500
    assert not outage.unavailable(psycopg2.IntegrityError("duplicate key"))
    assert not outage.unavailable(RuntimeError("a bug"))
    assert not outage.unavailable(None)


@pytest.mark.parametrize(
    "headers,language",
    [
        ({"HTTP_ACCEPT_LANGUAGE": "fr-CH, fr;q=0.9, de;q=0.5"}, "fr"),
        ({"HTTP_ACCEPT_LANGUAGE": "it"}, "it"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB, en;q=0.9"}, "de"),
        ({}, "de"),
        ({"HTTP_ACCEPT_LANGUAGE": "de", "HTTP_COOKIE": "I18N_LANGUAGE=it"}, "it"),
        ({"HTTP_ACCEPT_LANGUAGE": ";;;q=x", "HTTP_COOKIE": "=;;broken"}, "de"),
    ],
)
def test_the_language_comes_from_the_headers_alone(headers, language):
    assert outage.language(headers) == language


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_a_submission_while_the_database_is_gone_is_a_503_in_the_citizens_language(gone, language):
    portal = gone["portal"]
    browser = browser_for(gone["app"])
    browser.addHeader("Accept-Language", language)
    browser.post(f"{portal.absolute_url()}/@@database-gone-test-page", "name=Muster")
    assert browser.headers["status"].startswith("503")
    assert browser.headers["Content-Language"] == language
    assert browser.headers["Cache-Control"] == "no-store"
    assert browser.headers["Retry-After"] == outage.RETRY_AFTER
    title, not_saved, advice = MESSAGES[language]
    assert f"<title>{title}</title>" in browser.contents
    assert f'role="alert">{not_saved}</p>' in browser.contents
    assert advice in browser.contents
    assert f'<html lang="{language}">' in browser.contents
    assert not shows_internals(browser.contents)
    transaction.begin()
    assert api.portal.get().title != "half stored?"  # the transaction was aborted


@pytest.mark.parametrize("error", [psycopg2.InterfaceError, ReplicaClosedException])
def test_a_page_read_while_the_database_is_gone_does_not_speak_of_entries(gone, error):
    DatabaseGone.error = error
    browser = browser_for(gone["app"])
    browser.addHeader("Accept-Language", "de-CH, de;q=0.9")
    browser.open(f"{gone['portal'].absolute_url()}/@@database-gone-test-page")
    assert browser.headers["status"].startswith("503")
    title, not_saved, advice = MESSAGES["de"]
    assert title in browser.contents and advice in browser.contents
    assert not_saved not in browser.contents  # nothing was entered
    assert not shows_internals(browser.contents)


def test_a_rest_client_gets_json(gone):
    browser = browser_for(gone["app"])
    browser.addHeader("Accept", "application/json")
    browser.addHeader("Accept-Language", "fr")
    browser.post(f"{gone['portal'].absolute_url()}/@@database-gone-test-page", "{}")
    assert browser.headers["status"].startswith("503")
    assert browser.headers["Content-Type"].startswith("application/json")
    title, not_saved, advice = MESSAGES["fr"]
    answer = json.loads(browser.contents)
    assert answer == {"type": "ServiceUnavailable", "message": f"{title}. {not_saved} {advice}"}


def test_the_site_still_answers_other_pages_next_to_it(gone):
    browser = browser_for(gone["app"])
    browser.open(gone["portal"].absolute_url())
    assert browser.headers["status"].startswith("200")


# --- before Zope publishes: the WSGI filter of zope.ini ---------------------------------------


def failing_app(error):
    def app(environ, start_response):  # as ZPublisher.load_app when db.open() fails
        raise error

    return app


def served(repo, error):
    return webtest.TestApp(production_pipeline(repo, failing_app(error)))


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_the_filter_answers_a_503_page_when_zope_cannot_open_the_database(repo, language):
    app = served(repo, psycopg2.OperationalError(f"connection to server failed: {GONE}"))
    response = app.post(
        "/Plone/liestal/formular-hund-anmelden",
        {"name": "Muster"},
        headers={"Accept-Language": language},
        status=503,
    )
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Language"] == language
    assert response.headers["Retry-After"] == outage.RETRY_AFTER
    for text in MESSAGES[language]:
        assert text in response.text
    assert not shows_internals(response.text)


def test_the_filter_keeps_the_health_checks_one_word(repo):
    app = served(repo, psycopg2.OperationalError(GONE))
    response = app.get("/@@health", status=503)
    assert response.text == "database"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_the_filter_leaves_other_errors_alone(repo):
    app = served(repo, RuntimeError("a bug"))
    with pytest.raises(RuntimeError, match="a bug"):
        app.get("/Plone")

    def fine(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"fine"]

    assert webtest.TestApp(production_pipeline(repo, fine)).get("/Plone").text == "fine"
