"""The Prometheus exposition of a site, and who may read it.

Not public: a scraper sends ``Authorization: Bearer <token>`` with the token of the environment
variable ``DIGITALGEMEINDE_METRICS_TOKEN`` (an environment variable, not a registry record:
the secret stays out of the database, its exports and the control panel); a Manager of the
site may read the figures too. Without the variable set, only Managers may.
"""

import hmac
import os

from plone import api
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client import CollectorRegistry
from prometheus_client import generate_latest

from digitalgemeinde.operation import process
from digitalgemeinde.operation.figures import SiteFigures

TOKEN_VARIABLE = "DIGITALGEMEINDE_METRICS_TOKEN"  # noqa: S105 (its name, not a secret)
CONTENT_TYPE = CONTENT_TYPE_LATEST


def bearer_token(request) -> str:
    # Zope takes the Authorization header out of the environment into ``_auth`` (as
    # plone.restapi's token plugin reads it)
    header = getattr(request, "_auth", None) or request.getHeader("Authorization") or ""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def may_read(site, request) -> bool:
    """Whether ``request`` carries the metrics token, or comes from a Manager of ``site``."""
    expected = os.environ.get(TOKEN_VARIABLE, "")
    given = bearer_token(request)
    if expected and given and hmac.compare_digest(given.encode(), expected.encode()):
        return True
    if api.user.is_anonymous():
        return False
    return "Manager" in api.user.get_roles(obj=site)


def exposition(site) -> bytes:
    """This process's figures and the site's, in Prometheus' text format."""
    figures = CollectorRegistry()
    figures.register(SiteFigures(site))
    return generate_latest(process.REGISTRY) + generate_latest(figures)
