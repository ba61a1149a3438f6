"""A WSGI filter before Zope: an address that is not UTF-8 (``/%ff%fe``) is refused with 400.

Zope decodes the path as UTF-8 first thing (``ZPublisher.WSGIPublisher.publish_module``),
before its error handling, so such an address ended in the WSGI server's bare 500. The filter
hands Zope the address percent-encoded and marks the request; ``limits.guard_request`` then
refuses it with the same message and page as any other malformed request.

In ``instance/etc/zope.ini``::

    [filter:limits]
    use = call:digitalgemeinde.security.wsgi:filter_factory
"""

from urllib.parse import quote

from digitalgemeinde.security.limits import UNDECODABLE_PATH


class UndecodablePath:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or ""
        try:
            path.encode("latin-1").decode("utf-8")  # as Zope will
        except UnicodeError:
            environ[UNDECODABLE_PATH] = True
            environ["PATH_INFO"] = quote(path.encode("latin-1", "replace"), safe="/")
        return self.app(environ, start_response)


def filter_factory(global_conf=None, **local_conf):
    """PasteDeploy's ``paste.filter_factory``."""
    return UndecodablePath
