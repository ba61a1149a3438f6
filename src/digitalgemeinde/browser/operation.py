"""What the load balancer and Prometheus read: ``@@health`` and ``@@metrics``.

``@@health`` answers on the Zope application root (``GET /@@health``: HAProxy needs no site id)
and on every Plone site, for anyone, with one word; ``@@metrics`` on a site, for the bearer of
the metrics token and for Managers. Neither is ever cached. The logic is in
``digitalgemeinde.operation``.
"""

from Products.Five.browser import BrowserView

from digitalgemeinde.operation import health
from digitalgemeinde.operation import metrics


def uncached(response, content_type: str) -> None:
    response.setHeader("Content-Type", content_type)
    response.setHeader("Cache-Control", "no-store")


class HealthView(BrowserView):
    """200 ``ok``; else 503 and the one word saying why (``database`` or ``worker``)."""

    def __call__(self):
        answer = health.check(self.context._p_jar)
        uncached(self.request.response, "text/plain; charset=utf-8")
        self.request.response.setStatus(200 if answer == health.OK else 503)
        return answer


class MetricsView(BrowserView):
    """The site's figures in Prometheus' text format; 401 without the token or a Manager."""

    def __call__(self):
        response = self.request.response
        if not metrics.may_read(self.context, self.request):
            uncached(response, "text/plain; charset=utf-8")
            response.setHeader("WWW-Authenticate", 'Bearer realm="metrics"')
            response.setStatus(401)
            return ""
        uncached(response, metrics.CONTENT_TYPE)
        return metrics.exposition(self.context)
