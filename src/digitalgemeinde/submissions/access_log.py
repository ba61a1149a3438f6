"""The access log (data protection): who opened, downloaded, exported or forwarded which request,
and when. Never what the request contains: an entry is the request's UID and reference, the
action, the actor's user id and the time.

Storage, per tenant, in an annotation of the tenant (not on the request, so opening a request
does not write to it):

- ``entries``: an LOBTree, key a time-ordered integer (microseconds since 1970, times 1000,
  plus a random number below 1000), value ``(uid, reference, action, actor)``;
- ``by_reference`` and ``by_actor``: OOBTrees keyed ``(reference, key)`` and ``(actor, key)``,
  so a request's and a person's entries are a range of keys. By reference, not by UID: an
  export logs thousands of requests at once, whose references lie side by side in the tree
  (random UIDs made each of them rewrite another bucket: 0.6 ms a row at 700,000 entries).
  Logs made before kept ``by_request`` (by UID) until the upgrade to 20261209001.

BTrees resolve concurrent inserts of different keys into the same bucket, so two clerks opening
requests at once do not conflict (the random part keeps their keys apart). A GET that only
writes the log is marked with plone.protect's ``safeWrite``: no write-on-GET confirmation.
Entries older than the period set in Site Setup (``digitalgemeinde.access_log_days``, default
365) are removed by the daily purge (``submissions.retention``).
"""

import random
import re
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from plone.protect.utils import SAFE_WRITE_KEY
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest

from digitalgemeinde.interfaces import ISubmission
from digitalgemeinde.tenants import tenant_of

KEY = "digitalgemeinde.access_log"
OPEN = "open"
DOWNLOAD = "download"
EXPORT = "export"
FORWARD = "forward"
ACTIONS = (OPEN, DOWNLOAD, EXPORT, FORWARD)
DEFAULT_DAYS = 365
MAX_KEY = 2**63 - 1
REFERENCE = re.compile(r"^\d+-\d{4}-\d{6,}$")


class AccessLog(Persistent):
    """One tenant's access log (see the module's docstring)."""

    by_request = None  # by UID: logs made before by_reference, until their upgrade
    by_reference = None

    def __init__(self):
        self.entries = LOBTree()
        self.by_reference = OOBTree()
        self.by_actor = OOBTree()

    @property
    def requests_index(self):
        """``(tree, by reference?)``: the index of the entries per request."""
        if self.by_reference is not None:
            return self.by_reference, True
        return self.by_request, False

    def add(self, uid: str, reference: str, action: str, actor: str, moment: float) -> int:
        key = int(moment * 1_000_000) * 1000 + random.randrange(1000)  # noqa: S311
        while key in self.entries:
            key += 1
        self.entries[key] = (uid, reference, action, actor)
        index, by_reference = self.requests_index
        index[(reference if by_reference else uid, key)] = None
        self.by_actor[(actor, key)] = None
        return key

    def remove_before(self, moment: float) -> int:
        """Remove the entries older than ``moment`` (seconds since 1970); how many."""
        limit = int(moment * 1_000_000) * 1000
        keys = list(self.entries.keys(max=limit, excludemax=True))
        index, by_reference = self.requests_index
        for key in keys:
            uid, reference, _action, actor = self.entries.pop(key)
            index.pop((reference if by_reference else uid, key), None)
            self.by_actor.pop((actor, key), None)
        return len(keys)

    def index_by_reference(self) -> None:
        """Make ``by_reference`` from the entries (a log made before it); ``by_request`` goes."""
        if self.by_reference is not None:
            return
        tree = OOBTree()
        for key, (_uid, reference, _action, _actor) in self.entries.items():
            tree[(reference, key)] = None
        self.by_reference = tree
        self.by_request = None


def log_of(tenant, create: bool = False) -> AccessLog | None:
    annotations = IAnnotations(tenant)
    log = annotations.get(KEY)
    if log is None and create:
        log = annotations[KEY] = AccessLog()
    return log


def registered(jar) -> list:
    """The objects ``jar`` (a ZODB connection) will write, as plone.protect sees them."""
    return list(getattr(jar, "_registered_objects", None) or ())


def mark_safe(jar, before: set) -> None:
    """Tell plone.protect that the objects the log changed since ``before`` (ids of what was
    registered then) are written on purpose: a GET that opens a request asks nothing. Only
    these objects, not every bucket of the trees (``safeWrite`` of a tree walks them all)."""
    request = getRequest()
    if request is None or getattr(request, "environ", None) is None:
        return
    safe = request.environ.setdefault(SAFE_WRITE_KEY, [])
    for obj in registered(jar):
        if id(obj) not in before and obj._p_oid not in safe:
            safe.append(obj._p_oid)


def _items(submission_or_uids) -> list:
    """One request, brain or UID; or several of them (any sequence, e.g. catalog results)."""
    single = submission_or_uids
    if isinstance(single, str) or ISubmission.providedBy(single) or hasattr(single, "getPath"):
        return [single]
    return list(submission_or_uids)


def _resolve(item, catalog, tenants: dict):
    """``(tenant, uid, reference)`` of a request, a catalog brain or a UID; None if unknown."""
    if isinstance(item, str):
        brains = catalog.unrestrictedSearchResults(UID=item, portal_type="Submission")
        if not brains:
            return None
        item = brains[0]
    if hasattr(item, "getPath") and hasattr(item, "UID") and isinstance(item.UID, str):
        parent = item.getPath().rsplit("/", 1)[0]
        if parent not in tenants:
            office = api.portal.get().unrestrictedTraverse(parent, None)
            tenants[parent] = tenant_of(office) if office is not None else None
        return tenants[parent], item.UID, getattr(item, "reference", "") or ""
    return tenant_of(item), item.UID(), item.reference


def record_access(submission_or_uids, actor: str | None, action: str) -> int:
    """Log that ``actor`` (a user id; None: the current user) did ``action`` (one of
    ``ACTIONS``) with a request, or each of several (requests, catalog brains or UIDs), now.
    Returns how many entries were written."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action of the access log: {action}")
    if actor is None:
        user = api.user.get_current()
        actor = (user.getId() or "") if user is not None else ""
    catalog = api.portal.get_tool("portal_catalog")
    jar = api.portal.get()._p_jar
    before = {id(obj) for obj in registered(jar)}
    tenants: dict = {}
    written = 0
    moment = time.time()
    for item in _items(submission_or_uids):
        resolved = _resolve(item, catalog, tenants)
        if resolved is None or resolved[0] is None:
            continue
        tenant, uid, reference = resolved
        log = log_of(tenant, create=True)
        log.add(uid, reference, action, actor, moment)
        written += 1
    mark_safe(jar, before)
    return written


def record_apart(db, items, actor: str, action: str, tries: int = 5) -> int:
    """Log ``action`` by ``actor`` for each ``(uid, reference, tenant_path)`` of ``items`` in a
    transaction of its own on a connection of its own (an export logs its rows as it reads
    them, after the asking request has ended). A conflict is retried. Returns how many."""
    by_tenant: dict = {}
    for uid, reference, tenant_path in items:
        by_tenant.setdefault(tenant_path, []).append((uid, reference))
    manager = transaction.TransactionManager(explicit=True)
    for attempt in range(tries):
        manager.begin()
        connection = db.open(transaction_manager=manager)
        try:
            app, moment, written = connection.root()["Application"], time.time(), 0
            for tenant_path, pairs in by_tenant.items():
                log = log_of(app.unrestrictedTraverse(tenant_path), create=True)
                for uid, reference in pairs:
                    log.add(uid, reference, action, actor, moment)
                    written += 1
            manager.commit()
            return written
        except ConflictError:
            manager.abort()
            if attempt == tries - 1:
                raise
        except BaseException:
            manager.abort()
            raise
        finally:
            connection.cacheMinimize()  # the log's buckets: an export's memory stays flat
            connection.close()
    return 0


def _entry(key: int, value: tuple) -> dict:
    uid, reference, action, actor = value
    moment = datetime.fromtimestamp(key // 1000 / 1_000_000, tz=UTC)
    return {"time": moment, "uid": uid, "reference": reference, "action": action, "actor": actor}


def entries(tenant, request_uid: str = "", actor: str = "", limit: int = 1000) -> list[dict]:
    """The tenant's entries of one request (``request_uid``: its UID or reference) or one
    person, newest first, at most ``limit``."""
    log = log_of(tenant)
    if log is None:
        return []
    if request_uid:
        index, by_reference = log.requests_index
        name = reference_of(request_uid) if by_reference else request_uid
        if not name:
            return []
    elif actor:
        index, name = log.by_actor, actor
    else:
        return [_entry(key, value) for key, value in _newest(log.entries, limit)]
    keys = list(index.keys(min=(name, 0), max=(name, MAX_KEY)))
    keys.reverse()
    return [_entry(key, log.entries[key]) for _name, key in keys[:limit] if key in log.entries]


def reference_of(request: str) -> str:
    """The reference of a request named by its reference or its UID ("" if unknown: a
    deleted request is found by its reference only)."""
    if REFERENCE.match(request):
        return request
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=request, portal_type="Submission")
    return (getattr(brains[0], "reference", "") or "") if brains else ""


def _newest(tree, limit: int) -> list:
    items = []
    try:
        key = tree.maxKey()  # not len(tree): a BTree counts its entries by walking them all
    except ValueError:  # empty
        key = None
    while key is not None and len(items) < limit:
        items.append((key, tree[key]))
        try:
            key = tree.maxKey(key - 1)
        except ValueError:
            key = None
    return items


def period_days() -> int:
    days = api.portal.get_registry_record("digitalgemeinde.access_log_days", default=None)
    return days or DEFAULT_DAYS


def purge_access_logs(portal, now: datetime | None = None) -> int:
    """Remove, in every tenant, the entries older than the period; how many."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=period_days())).timestamp()
    catalog = api.portal.get_tool("portal_catalog")
    removed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=["Canton", "Municipality"]):
        log = log_of(brain._unrestrictedGetObject())
        if log is not None:
            removed += log.remove_before(cutoff)
    return removed


def may_see(tenant) -> bool:
    """Whether the current user is one of the tenant's admins (or a site administrator)."""
    if tenant is None or api.user.is_anonymous():
        return False
    roles = api.user.get_roles(obj=tenant)
    return any(role in roles for role in ("TenantAdmin", "Manager", "Site Administrator"))
