"""The most used services: those that received the most requests, as far as the viewer may see
them; services with an online form while there are no requests yet."""

from plone import api
from zope.annotation.interfaces import IAnnotations

CACHE_KEY = "digitalgemeinde.portal.most_used"
# How many of the most requested services are looked up for each one shown: some of them may
# be private or expired for the viewer.
CANDIDATES_PER_PLACE = 10


def request_counts() -> dict[str, int]:
    """How many requests each service received: ``{service UID: count}``, read from the
    catalog's ``service_uid`` index of the requests (no request is loaded)."""
    catalog = api.portal.get_tool("portal_catalog")
    index = catalog._catalog.getIndex("service_uid")
    return {uid: count for uid, count in index.uniqueValues(withLengths=True) if uid}


def services_with_form() -> list[str]:
    """UIDs of the services that link an online form."""
    relations = api.relation.get(relationship="online_form", unrestricted=True)
    uids = []
    for relation in relations:
        source = relation.from_object
        uid = api.content.get_uuid(source) if source is not None else None
        if uid and uid not in uids:
            uids.append(uid)
    return uids


def visible_services(uids) -> list:
    """Catalog brains of the services with these UIDs that the viewer may see (published and
    in their publication period for anonymous visitors)."""
    uids = list(uids)
    if not uids:
        return []
    return list(api.content.find(portal_type="Service", UID=uids))


def most_used_services(limit: int) -> list[tuple]:
    """``(brain, number of requests)`` of the ``limit`` most requested services the viewer may
    see, most requested first (equal counts by title); topped up with services that have an
    online form, by title, while fewer services have requests."""
    counts = request_counts()
    ranked = sorted(counts, key=lambda uid: -counts[uid])[: limit * CANDIDATES_PER_PLACE]
    brains = visible_services(ranked)
    brains.sort(key=lambda brain: (-counts[brain.UID], (brain.Title or "").lower()))
    chosen = [(brain, counts[brain.UID]) for brain in brains[:limit]]
    if len(chosen) < limit:
        shown = {brain.UID for brain, _count in chosen}
        extra = [
            brain for brain in visible_services(services_with_form()) if brain.UID not in shown
        ]
        extra.sort(key=lambda brain: (brain.Title or "").lower())
        chosen += [(brain, 0) for brain in extra[: limit - len(chosen)]]
    return chosen


def most_used_services_of_request(request, limit: int) -> list[tuple]:
    """``most_used_services`` computed once per request (the home and its parts ask again)."""
    cache = IAnnotations(request).setdefault(CACHE_KEY, {})
    if limit not in cache:
        cache[limit] = most_used_services(limit)
    return cache[limit]
