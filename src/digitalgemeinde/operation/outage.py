"""When the database is gone (PostgreSQL restarted, the network to it cut): what counts as that,
and what the citizen is told.

With RelStorage, a request fails with the database driver's error wherever it first needs the
database: mostly when Zope opens its connection, before publishing (``ZPublisher``'s
``load_app``: no exception view applies there, the WSGI server answered a bare 500), else while
traversing, rendering or committing. Either way nothing was stored: the transaction did not
commit. RelStorage reconnects by itself on the next request once the database is back.

``unavailable(error)`` says whether an error is that; ``texts(language, ...)`` the translated
words of the answer. Both read nothing from the database (it is gone): the translations come
from the global translation domain, never a site's local components. The answer itself, a page
or JSON, is built in ``browser/outage.py``.
"""

import contextlib

from zope.component import getGlobalSiteManager
from zope.i18n.interfaces import ITranslationDomain

from digitalgemeinde import _
from digitalgemeinde.security.limits import request_language

STATUS = 503
RETRY_AFTER = "120"  # seconds: a restart of PostgreSQL takes seconds, a failover a minute
WRITING = frozenset({"POST", "PUT", "PATCH", "DELETE"})

TITLE = _("The service is not available at the moment")
NOT_SAVED = _("Your entries have not been saved.")
ADVICE = _("Please try again in a few minutes.")


def _driver_errors() -> tuple[type, ...]:
    """The exception classes RelStorage's PostgreSQL driver raises when the server is gone (its
    ``disconnected_exceptions``); none without RelStorage (FileStorage, ZEO)."""
    found: list[type] = []
    with contextlib.suppress(ImportError):
        import psycopg2

        found += [psycopg2.OperationalError, psycopg2.InterfaceError]
    with contextlib.suppress(ImportError):
        from relstorage.adapters.interfaces import ReplicaClosedException

        found.append(ReplicaClosedException)
    return tuple(found)


UNAVAILABLE = _driver_errors()


def unavailable(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised from or while handling, says that the
    database does not answer."""
    seen = set()
    while error is not None and id(error) not in seen:
        if UNAVAILABLE and isinstance(error, UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class _Headers(dict):
    """A WSGI environ as a request's language is read from it: ``get`` and ``environ``."""

    @property
    def environ(self):
        return self


def language(environ) -> str:
    """The citizen's choice (the language switch's cookie), else the first portal language the
    browser accepts, else German: from the headers alone, as ``security.limits`` reads it."""
    return request_language(_Headers(environ))


def translate(message, target: str) -> str:
    """``message`` in ``target`` from the global translation domain (no site, no database)."""
    domain = getGlobalSiteManager().queryUtility(ITranslationDomain, message.domain)
    if domain is None:
        return str(message.default or message)
    return domain.translate(message, target_language=target)


def texts(target: str, method: str = "GET") -> dict[str, str]:
    """The answer's words: ``title``, ``message`` (that nothing was saved, for a request that
    writes), ``advice``."""
    return {
        "title": translate(TITLE, target),
        "message": translate(NOT_SAVED, target) if method.upper() in WRITING else "",
        "advice": translate(ADVICE, target),
    }
