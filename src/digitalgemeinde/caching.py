"""Caching of public pages in Varnish, and purging when an editor changes them.

plone.app.caching decides per page (the rulesets in profiles/default/registry/caching.xml):
public pages for anonymous visitors may be kept by the caching proxy, everything personal
(forms with their CSRF token, status pages and receipts, Meine Anliegen, inboxes, REST answers
with personal data) gets ``private, no-store``. deploy/varnish/digitalgemeinde.vcl keeps only
what Plone allowed, and removes it when plone.cachepurging sends a PURGE for its path.

A changed page is listed elsewhere too: a service on its municipality's page, in the finder and
on the portal's home. ``RelatedPurgePaths`` adds those pages to the paths purged.
"""

import logging
from pathlib import Path

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.app.caching.interfaces import IETagValue
from plone.app.caching.operations.utils import doNotCache
from plone.app.registry.exportimport.handler import RegistryImporter
from plone.base.interfaces import IPloneSiteRoot
from plone.caching.interfaces import ICachingOperation
from plone.caching.interfaces import ICachingOperationType
from plone.dexterity.interfaces import IDexterityContent
from plone.registry.interfaces import IRegistry
from z3c.caching.interfaces import IPurgePaths
from zope.component import adapter
from zope.component import getUtility
from zope.interface import Interface
from zope.interface import implementer
from zope.interface import provider

from digitalgemeinde.finder.home import COOKIE_NAME as MUNICIPALITY_COOKIE
from digitalgemeinde.finder.home import UID
from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import tenant_of

logger = logging.getLogger("digitalgemeinde.caching")

CACHING_RECORDS = Path(__file__).parent / "profiles" / "default" / "registry" / "caching.xml"
CACHING_PROFILE = "profile-plone.app.caching:default"
PROXIES = "plone.cachepurging.interfaces.ICachePurgingSettings.cachingProxies"

# The pages of a container that list what lies in it: the container itself, the finder's
# results (on the portal, a canton, a municipality; page and REST) and the association's feed.
LISTING_VIEWS = ("", "/", "/view", "/@@services", "/services", "/@service-finder", "/news.rss")


@implementer(ICachingOperation)
@provider(ICachingOperationType)
@adapter(Interface, Interface)
class NoStore:
    """Never kept by a cache, neither the proxy's nor the browser's (``private, no-store``):
    plone.app.caching's "No caching" without a copy on the citizen's disk, as the status
    page with its token in the address always had."""

    # shown by plone.app.caching's control panel, translated in the domain "plone" (plone.po)
    title = "No caching, not even in the browser"
    description = (
        "private, no-store: for personal pages, forms with their protection token and answers "
        "with personal data."
    )
    prefix = "digitalgemeinde.noStore"
    sort = 6
    options = ()

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def interceptResponse(self, rulename, response):
        return None

    def modifyResponse(self, rulename, response):
        doNotCache(self.published, self.request, response)
        if response.getHeader("ETag"):
            del response.headers["etag"]
        response.setHeader("Cache-Control", "private, no-store, max-age=0")


@implementer(IETagValue)
@adapter(Interface, Interface)
class ChosenMunicipality:
    """The ETag component ``municipality``: the citizen's chosen municipality (its cookie),
    which the home page and the finder show first. Without it a browser asking "still the
    same?" after choosing one was told yes, and kept the page without it."""

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def __call__(self):
        uid = self.request.cookies.get(MUNICIPALITY_COOKIE)
        return uid if isinstance(uid, str) and UID.match(uid) else ""


def listing_containers(context) -> list:
    """The containers whose pages list ``context``: its parents up to the portal, and the
    canton of its tenant (whose finder searches the canton's municipalities too)."""
    found = []
    for item in aq_chain(aq_inner(context))[1:]:
        if getattr(item, "virtual_url_path", None) is None:
            break
        found.append(item)
        if IPloneSiteRoot.providedBy(item):
            break
    canton = canton_of(tenant_of(context))
    if canton is not None:
        found.append(canton)
    return found


def listing_paths(container) -> list[str]:
    base = "/" + container.virtual_url_path().strip("/")
    base = "" if base == "/" else base
    return [base + view or "/" for view in LISTING_VIEWS]


def services_of_form(context) -> list:
    """The services that link ``context`` as their online form: their pages show the form's
    settings (e.g. the login it needs)."""
    if getattr(context, "portal_type", None) != "EasyForm":
        return []
    from zc.relation.interfaces import ICatalog
    from zope.component import queryUtility
    from zope.intid.interfaces import IIntIds

    relations, intids = queryUtility(ICatalog), queryUtility(IIntIds)
    intid = intids.queryId(context) if intids is not None else None
    if relations is None or intid is None:
        return []
    query = {"to_id": intid, "from_attribute": "online_form"}
    return [rel.from_object for rel in relations.findRelations(query) if rel.from_object]


@implementer(IPurgePaths)
@adapter(IDexterityContent)
class RelatedPurgePaths:
    """Besides the page itself (plone.app.caching's paths): the pages that list it, and a
    tenant's own finder and feed."""

    def __init__(self, context):
        self.context = context

    def getRelativePaths(self):
        if not getUtility(IRegistry).get(PROXIES):
            return []  # no proxy to purge (tests, `make start`): no need to look for them
        containers = listing_containers(self.context)
        if ITenant.providedBy(self.context):
            containers.insert(0, self.context)
        paths = []
        for container in containers:
            paths += [path for path in listing_paths(container) if path not in paths]
        for service in services_of_form(self.context):
            base = "/" + service.virtual_url_path().strip("/")
            paths += [path for path in (base, base + "/", base + "/view") if path not in paths]
        return paths

    def getAbsolutePaths(self):
        return []


class _Environ:
    """What RegistryImporter asks of an import context: a logger, and no purge."""

    def getLogger(self, name):
        return logging.getLogger(name)

    def shouldPurge(self):
        return False


def install_caching(portal) -> None:
    """For existing sites: plone.app.caching's profile where it is missing, then our caching
    records (and only those: other settings a site changed stay as they are)."""
    setup = portal.portal_setup
    if setup.getLastVersionForProfile(CACHING_PROFILE[len("profile-") :]) == "unknown":
        setup.runAllImportStepsFromProfile(CACHING_PROFILE)
    registry = getUtility(IRegistry)
    RegistryImporter(registry, _Environ()).importDocument(CACHING_RECORDS.read_bytes())
    logger.info("Caching rules of plone.app.caching installed")
