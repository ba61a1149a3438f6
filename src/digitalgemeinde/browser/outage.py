"""The answer when the database is gone (``operation.outage``): 503, in the citizen's language,
saying that nothing was saved and to try again in a few minutes; never a traceback.

Two places catch it, and both build the same small page in Python, without a template of the
site, its theme or anything else from the database:

- ``OutageView``: Zope's exception view (``index.html``) for the driver's errors, when the
  database went away while a request was published (traversing, rendering, committing);
- ``OutageFilter``: a WSGI filter before Zope (``instance/etc/zope.ini``), for the error Zope
  does not handle itself: the one raised while it opens its database connection, before
  publishing, which the WSGI server otherwise answers with a bare 500. The health check
  (``/@@health``) keeps its one word there too: ``database``.
"""

import html
import json
import logging

from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY
from Products.Five.browser import BrowserView

from digitalgemeinde.operation import health
from digitalgemeinde.operation import outage

logger = logging.getLogger("digitalgemeinde.operation")

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;"
    "line-height:1.5;color:#212529}h1{font-size:1.6rem}"
    ".alert{border-left:4px solid #b02a37;background:#f8d7da;padding:.75rem 1rem}"
)


def page(language: str, method: str = "GET") -> str:
    words = {
        name: html.escape(text, quote=False)
        for name, text in outage.texts(language, method).items()
    }
    message = words["message"]
    alert = (
        f'<p class="alert" id="database-unavailable" role="alert">{message}</p>' if message else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8" />'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />'
        f'<meta name="robots" content="noindex" /><title>{words["title"]}</title>'
        f"<style>{STYLE}</style></head><body><main><h1>{words['title']}</h1>"
        f"{alert}<p>{words['advice']}</p></main></body></html>\n"
    )


def wants_json(accept: str) -> bool:
    return "application/json" in (accept or "") and "text/html" not in (accept or "")


def answer(environ) -> tuple[str, bytes]:
    """Content type and body for the request of ``environ``."""
    path = environ.get("PATH_INFO") or ""
    if path.rstrip("/").endswith("@@health"):
        return "text/plain; charset=utf-8", health.DATABASE.encode()
    language = outage.language(environ)
    method = environ.get("REQUEST_METHOD", "GET")
    if wants_json(environ.get("HTTP_ACCEPT", "")):
        words = outage.texts(language, method)
        message = " ".join(text for text in (words["message"], words["advice"]) if text)
        body = {"type": "ServiceUnavailable", "message": f"{words['title']}. {message}"}
        return "application/json", json.dumps(body, ensure_ascii=False).encode()
    return "text/html; charset=utf-8", page(language, method).encode()


def headers(content_type: str, language: str) -> list[tuple[str, str]]:
    return [
        ("Content-Type", content_type),
        ("Content-Language", language),
        ("Cache-Control", "no-store"),
        ("Retry-After", outage.RETRY_AFTER),
    ]


class OutageView(BrowserView):
    """``index.html`` of the driver's errors: Zope's exception view."""

    def __call__(self):
        environ = self.request.environ
        content_type, body = answer(environ)
        response = self.request.response
        # as it is: no theme, caching or other transform (they read the database)
        environ[DISABLE_TRANSFORM_REQUEST_KEY] = True
        response.setStatus(outage.STATUS, lock=True)
        for name, value in headers(content_type, outage.language(environ)):
            response.setHeader(name, value)
        logger.warning("The database does not answer: %r", self.context)
        return body.decode()


class OutageFilter:
    """The WSGI filter: a database error that escaped Zope becomes the 503 page."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        started = []

        def starting(status, response_headers, exc_info=None):
            started.append(status)
            return start_response(status, response_headers, exc_info)

        try:
            return self.app(environ, starting)
        except Exception as error:
            if started or not outage.unavailable(error):
                raise
            logger.warning("The database does not answer: %r", error)
            content_type, body = answer(environ)
            start_response(
                "503 Service Unavailable",
                [
                    *headers(content_type, outage.language(environ)),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]


def filter_factory(global_conf=None, **local_conf):
    """PasteDeploy's ``paste.filter_factory``."""
    return OutageFilter
